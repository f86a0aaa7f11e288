"""The explorer's UI state: one serialisable value that round-trips through the URL.

`ViewState` says what the page shows: which needs and tiers, the focused node and depth,
the layout, the selected node (details panel), the end of a "Path to..." search and the
nodes of a "What if it went away?" scenario. It is
held by the ``view-state`` store as `ViewState.to_dict` and in the URL query as
`ViewState.to_query`. Reading is lenient: unknown need, tier, layout or node ids are
dropped and the depth is clamped, so an edited or stale URL still opens a sensible view.

Examples
--------
>>> s = ViewState.from_query("?needs=learning,family&tiers=need,profession&depth=9&layout=bogus")
>>> s.needs, s.tiers, s.depth, s.layout
(('family', 'learning'), ('need', 'profession'), 4, 'web')
>>> s.to_query()
'?needs=family,learning&tiers=need,profession&depth=4'
>>> ViewState.from_query(s.to_query()) == s
True
>>> DEFAULT.to_query(), ViewState.from_dict(None) == DEFAULT
('', True)
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping
from urllib.parse import parse_qs, quote

from graph.layout import LAYOUTS
from graph.schema import NEED_IDS, TIER_IDS

MIN_DEPTH = 1
MAX_DEPTH = 4
DEFAULT_DEPTH = 1
DEFAULT_LAYOUT = "web"

#: URL query parameter of each field (short, readable names).
_PARAM = {"needs": "needs", "tiers": "tiers", "focus": "focus", "depth": "depth",
          "layout": "layout", "selected": "node", "path_to": "path", "more": "more",
          "without": "without"}
_LIST_SEPARATOR = ","
_MAX_ID_LENGTH = 200
#: Separator inside one ``more`` entry, "ANCHOR~TIER~PAGES" (node ids are slugs, so no "~").
_MORE_SEPARATOR = "~"
#: Most groups a state keeps expanded, and most pages asked of one group.
MAX_EXPANDED = 40
MAX_PAGES = 50
#: Most nodes a "What if it went away?" scenario removes (a whole NAICS sector is ~60).
MAX_REMOVED = 100


def _ids(values, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Return the allowed ids among ``values`` (a list or a comma-separated string), in schema order."""
    if values is None:
        return allowed
    if isinstance(values, str):
        values = values.split(_LIST_SEPARATOR)
    try:
        chosen = {str(v).strip() for v in values}
    except TypeError:
        return allowed
    return tuple(a for a in allowed if a in chosen)


def _node(value, graph) -> str | None:
    """Return a node id if it is a plausible id (and in ``graph`` when given), else None."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    if not value or len(value) > _MAX_ID_LENGTH:
        return None
    if graph is not None and value not in graph:
        return None
    return value


def _entries(values) -> list:
    """Return the entries of a list field: a comma-separated string split, a list or a
    tuple as it is, anything else (None, a number, a dict) none."""
    if isinstance(values, str):
        return values.split(_LIST_SEPARATOR)
    return list(values) if isinstance(values, (list, tuple)) else []


def _more(values, graph) -> tuple[str, ...]:
    """Return the well-formed "ANCHOR~TIER~PAGES" entries of ``values``, canonical and bounded.

    An empty anchor stands for the top level of the view (its roots). Entries naming an
    unknown tier or node are dropped, pages are clamped to 1..`MAX_PAGES`, and repeated
    entries for one group add up.

    Examples
    --------
    >>> _more("chef~job~2,chef~job,~profession~1,x~bogus~1,chef~job~999", None)
    ('~profession~1', 'chef~job~50')
    """
    pages: dict[tuple[str, str], int] = {}
    for value in _entries(values)[:4 * MAX_EXPANDED]:
        if not isinstance(value, str):
            continue
        parts = value.strip().split(_MORE_SEPARATOR)
        if len(parts) == 2:
            parts.append("1")
        if len(parts) != 3 or parts[1] not in TIER_IDS:
            continue
        anchor = parts[0].strip()
        if anchor and _node(anchor, graph) is None:
            continue
        try:
            n = int(parts[2])
        except ValueError:
            continue
        if n > 0:
            pages[anchor, parts[1]] = min(MAX_PAGES, pages.get((anchor, parts[1]), 0) + n)
    return tuple(f"{a}{_MORE_SEPARATOR}{t}{_MORE_SEPARATOR}{n}"
                 for (a, t), n in sorted(pages.items())[:MAX_EXPANDED])


def _removed(values, graph) -> tuple[str, ...]:
    """Return the node ids of a what-if scenario: plausible ids (in ``graph`` when given),
    each once, sorted, at most `MAX_REMOVED`; ids holding the list separator are dropped
    (the URL could not keep them).

    Examples
    --------
    >>> _removed("hospitals,chef,,chef", None), _removed(["a,b", 3, None], None)
    (('chef', 'hospitals'), ('3',))
    """
    ids = {_node(v, graph) for v in _entries(values)[:4 * MAX_REMOVED]}
    ids.discard(None)
    return tuple(sorted(i for i in ids if _LIST_SEPARATOR not in i))[:MAX_REMOVED]


def _depth(value) -> int:
    """Return the depth clamped to [MIN_DEPTH, MAX_DEPTH]; the default when unreadable."""
    try:
        depth = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_DEPTH
    return max(MIN_DEPTH, min(MAX_DEPTH, depth))


@dataclass(frozen=True)
class ViewState:
    """What the explorer shows; immutable, canonical (ids in schema order), hashable.

    Attributes
    ----------
    needs : tuple of str
        Need ids whose webs are shown, in `graph.schema.NEEDS` order (all 12 by default).
    tiers : tuple of str
        Tier ids shown, in `graph.schema.TIERS` order (all five by default); hidden tiers
        are bridged.
    focus : str or None
        Node whose neighbourhood (to ``depth`` links) is shown instead of the whole filter.
    depth : int
        Neighbourhood depth of a focus view, `MIN_DEPTH`..`MAX_DEPTH`.
    layout : str
        A key of `graph.layout.LAYOUTS`.
    selected : str or None
        Node shown in the details panel.
    path_to : str or None
        Other end of the "Path to..." search from ``selected``.
    more : tuple of str
        Groups of a view beyond the element cap that the user expanded, as
        "ANCHOR~TIER~PAGES" (anchor "" for the view's top level): each page shows more of
        the group's members (see `explorer.view`).
    without : tuple of str
        Nodes of a "What if it went away?" scenario (`graph.whatif`), sorted: the graph
        still draws them, crossed out, and marks what they take away.
    """

    needs: tuple[str, ...] = NEED_IDS
    tiers: tuple[str, ...] = TIER_IDS
    focus: str | None = None
    depth: int = DEFAULT_DEPTH
    layout: str = DEFAULT_LAYOUT
    selected: str | None = None
    path_to: str | None = None
    more: tuple[str, ...] = ()
    without: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping | None, graph=None) -> "ViewState":
        """Return the state a dict describes, leniently (see the module docstring).

        With ``graph``, node ids not in it are dropped. A missing key takes its default;
        an empty needs or tiers list means none.

        Examples
        --------
        >>> ViewState.from_dict({"needs": ["spirituality", "nope"], "depth": "2", "focus": ""})
        ViewState(needs=('spirituality',), tiers=('need', 'profession', 'industry', 'organization', 'job'), focus=None, depth=2, layout='web', selected=None, path_to=None, more=(), without=())
        """
        if not isinstance(data, Mapping):
            data = {}
        layout = data.get("layout")
        selected = _node(data.get("selected"), graph)
        return cls(
            needs=_ids(data.get("needs"), NEED_IDS),
            tiers=_ids(data.get("tiers"), TIER_IDS),
            focus=_node(data.get("focus"), graph),
            depth=_depth(data.get("depth", DEFAULT_DEPTH)),
            layout=layout if isinstance(layout, str) and layout in LAYOUTS else DEFAULT_LAYOUT,
            selected=selected,
            path_to=_node(data.get("path_to"), graph) if selected else None,
            more=_more(data.get("more"), graph),
            without=_removed(data.get("without"), graph),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict that `from_dict` reads back to an equal state."""
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
                for f in fields(self)}

    def to_query(self) -> str:
        """Return the URL query string (with its ``?``, or "" for the default view).

        Fields at their default are left out, so URLs stay short; an empty needs or tiers
        selection is written as an empty value so that it survives.
        """
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            if isinstance(value, tuple):
                value = _LIST_SEPARATOR.join(value)
            parts.append(f"{_PARAM[f.name]}={quote(str(value), safe='-_.~,')}")
        return "?" + "&".join(parts) if parts else ""

    @classmethod
    def from_query(cls, query: str | None, graph=None) -> "ViewState":
        """Return the state a URL query string describes (leniently; ``?`` optional)."""
        query = (query if isinstance(query, str) else "").lstrip("?")
        try:
            parsed = parse_qs(query, keep_blank_values=True, max_num_fields=50)
        except ValueError:  # more fields than any real view has: a forged URL
            parsed = {}
        data: dict[str, Any] = {}
        for name, param in _PARAM.items():
            if param in parsed:
                data[name] = parsed[param][-1]
        return cls.from_dict(data, graph)

    def replace(self, **changes) -> "ViewState":
        """Return a copy with ``changes`` applied and canonicalised like `from_dict`."""
        return ViewState.from_dict({**self.to_dict(), **changes})

    def with_graph(self, graph) -> "ViewState":
        """Return this state without node ids that ``graph`` does not hold."""
        return ViewState.from_dict(self.to_dict(), graph)

    def key(self) -> tuple:
        """Return a hashable key of the fields that decide which graph is shown."""
        return (self.needs, self.tiers, self.focus, self.depth, self.selected, self.path_to,
                self.more, self.without)

    def pages(self, anchor: str | None, tier: str) -> int:
        """Return how many extra pages of the group (``anchor``, ``tier``) the user asked for.

        Examples
        --------
        >>> DEFAULT.expand("chef", "job").expand("chef", "job").pages("chef", "job")
        2
        """
        prefix = f"{anchor or ''}{_MORE_SEPARATOR}{tier}{_MORE_SEPARATOR}"
        return next((int(m[len(prefix):]) for m in self.more if m.startswith(prefix)), 0)

    def expand(self, anchor: str | None, tier: str) -> "ViewState":
        """Return the state with one more page of the group (``anchor``, ``tier``) shown."""
        entry = f"{anchor or ''}{_MORE_SEPARATOR}{tier}{_MORE_SEPARATOR}1"
        return self.replace(more=[*self.more, entry])


#: The view a fresh page shows: every need, every tier, whole graph, web layout.
DEFAULT = ViewState()

__all__ = ["DEFAULT", "MAX_DEPTH", "MIN_DEPTH", "ViewState"]
