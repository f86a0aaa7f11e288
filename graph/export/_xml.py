"""How the GraphML and GEXF writers escape text for XML 1.0.

XML 1.0 cannot hold most C0 controls, lone surrogates or U+FFFE/U+FFFF even as character
references: they become U+FFFD. In attribute values, tab, newline and carriage return are
written as references so that attribute-value normalisation does not turn them into spaces.
"""

from __future__ import annotations

import re

_XML_BAD = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ATTR_RE = re.compile(f'[&<>"\t\n\r{_XML_BAD}]')
_XML_TEXT_RE = re.compile(f"[&<>\r{_XML_BAD}]")
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;",
                "\n": "&#10;", "\r": "&#13;"}


def _sub(match: re.Match) -> str:
    """Return the escape of one special character."""
    return _XML_ESCAPES.get(match.group(), "\ufffd")


def escape_attr(s: str) -> str:
    """Return `s` escaped for a double-quoted XML attribute.

    Examples
    --------
    >>> escape_attr('a "b" & <c>\\n')
    'a &quot;b&quot; &amp; &lt;c&gt;&#10;'
    >>> escape_attr("bell\\x07") == "bell\\ufffd"
    True
    """
    return _XML_ATTR_RE.sub(_sub, s) if _XML_ATTR_RE.search(s) else s


def escape_text(s: str) -> str:
    """Return `s` escaped for XML element content (newlines and tabs kept as they are).

    Examples
    --------
    >>> escape_text('a "b" & <c>\\n')
    'a "b" &amp; &lt;c&gt;\\n'
    """
    return _XML_TEXT_RE.sub(_sub, s) if _XML_TEXT_RE.search(s) else s
