"""Ranked, accent- and case-insensitive search over node labels, aliases, codes and ids.

`graph.query` re-exports everything public here; import from there.

How text is compared
--------------------
Both the query and every searchable field are *normalised*: Unicode NFKD, combining
marks dropped, case-folded, and split into words of letters and digits (so "Café-Owner"
becomes ``"cafe owner"``). Codes are indexed twice: as words ("13 2072") and compacted
("132072"), so ``"13-2072"``, ``"13 2072"``, ``"132072"`` and the prefix ``"1320"`` all
find SOC code 13-2072.

How results are ranked
----------------------
Each node appears once, with its best match. Matches fall into five classes, best first:

1. **exact**: the normalised field equals the normalised query;
2. **prefix**: the field starts with the query;
3. **word**: every query word starts some word of the field, in any order
   ("officer loan" finds "Loan Officer");
4. **substring**: the query occurs anywhere in the field ("nalyst");
5. **typo**: every query word matches a word of the field, at least one of them within
   one edit (an insertion, deletion, substitution or swap of two neighbouring letters;
   only for query words of three or more characters).

Within a class, a label match beats an alias, which beats a code, which beats the id;
ties are then broken by tier, most enduring first (needs, professions, industries,
organizations, jobs), then by label, then by id, so results are fully deterministic.
`Match.score` summarises the class and field as a number in (0, 1], higher is better.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("loan-officer", label="Loan Officer", tier="job", code="13-2072",
...            aliases="Mortgage Loan Officer|Credit Officer")
>>> G.add_node("accountant", label="Accountant", tier="profession", code="13-2011", aliases="")
>>> [(m.id, m.field, m.matched) for m in SearchIndex(G).search("credit")]
[('loan-officer', 'alias', 'Credit Officer')]
>>> [m.id for m in SearchIndex(G).search("1320")]
['accountant', 'loan-officer']
>>> SearchIndex(G).search("acountant")[0].field
'label'
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from .cache import GraphCache
from .schema import ALIAS_SEPARATOR, tier_rank

__all__ = ["Match", "SearchIndex", "search", "search_index", "normalise_text"]

_WORD = re.compile(r"[^\W_]+")
_FIELD_RANK = {"label": 0, "alias": 1, "code": 2, "id": 3}
_CLASS_SCORE = (1.0, 0.8, 0.6, 0.4, 0.2)  # exact, prefix, word, substring, typo
_TYPO_MIN_LEN = 3
_SEP = "\n"
_MAX_CHAR = chr(0x10FFFF)  # sorts after every character: q + _MAX_CHAR bounds q's prefixes
#: Letters that NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i"})


@dataclass(frozen=True)
class Match:
    """One search result: the node, which field matched, the text that matched and a score."""

    id: str
    label: str
    tier: str
    field: str  # "label" | "alias" | "code" | "id"
    matched: str  # the original (not normalised) text of the field that matched
    score: float  # in (0, 1]; higher is better


def normalise_text(text) -> str:
    """Return `text` accent-stripped, case-folded and reduced to space-separated words.

    Examples
    --------
    >>> normalise_text("  Café-Owner / ÉLITE  "), normalise_text("Søren Œuvre Straße")
    ('cafe owner elite', 'soren oeuvre strasse')
    >>> normalise_text("13-2072"), normalise_text(None)
    ('13 2072', '')
    """
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # the common case: no accents to strip
        return " ".join(_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(stripped.casefold().translate(_LETTERS)))


def _deletions(word: str) -> set[str]:
    """Return the word with each single character deleted."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """Tell whether a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


class SearchIndex:
    """A search index over a graph's labels, aliases, codes and ids; build once, query often.

    Parameters
    ----------
    G : networkx.DiGraph
        Nodes carry ``label``, ``tier`` and optionally ``aliases`` (separated by ``|``)
        and ``code``. The graph is only read.

    Notes
    -----
    Exact and prefix matches come from a sorted list (bisection), word matches from a
    sorted word list, substring matches from one ``str.find`` scan of a joined string,
    and typos from a deletion-neighbourhood index of words (each word and its one-letter
    deletions map to the word; built on the first query that needs it), so a query costs
    far less than a scan over every name.
    The index is a snapshot: build a new one if the graph changes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("nurse", "health-and-well-being")])
    >>> G.nodes["nurse"].update(label="Nurse", tier="profession")
    >>> G.nodes["health-and-well-being"].update(label="Health and Well Being", tier="need")
    >>> index = SearchIndex(G)
    >>> [m.id for m in index.search("he")], len(index)
    (['health-and-well-being'], 4)
    """

    def __init__(self, G):
        texts: list[str] = []  # normalised text of each entry
        entries: list[tuple[str, str, str]] = []  # (node id, field, original text)
        meta: dict[str, tuple[str, str, tuple]] = {}  # id -> (label, tier, tie-break key)
        for node, data in G.nodes(data=True):
            label = str(data.get("label", "") or node)
            tier = str(data.get("tier", "") or "")
            rank = tier_rank(tier)
            meta[node] = (label, tier, (rank, normalise_text(label), str(node)))
            fields = [("label", label), ("id", str(node))]
            aliases = data.get("aliases", "") or ""
            if isinstance(aliases, str):
                aliases = aliases.split(ALIAS_SEPARATOR)
            fields += [("alias", a.strip()) for a in aliases if a and a.strip()]
            code = str(data.get("code", "") or "").strip()
            if code:
                fields.append(("code", code))
            seen = set()
            for field, original in fields:
                norm = normalise_text(original)
                variants = [norm]
                if field == "code":
                    variants.append(norm.replace(" ", ""))
                for text in variants:
                    if text and (text, field) not in seen:
                        seen.add((text, field))
                        texts.append(text)
                        entries.append((node, field, original))
        self._texts = texts
        self._entries = entries
        self._meta = meta
        self._exact: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            self._exact.setdefault(text, []).append(i)
        by_text = sorted(range(len(texts)), key=texts.__getitem__)
        self._sorted_texts = [texts[i] for i in by_text]
        self._sorted_entries = by_text
        # rank of each entry within a match class: field, then tier, label and id
        by_rank = sorted(range(len(entries)), key=lambda i: (
            _FIELD_RANK[entries[i][1]], *meta[entries[i][0]][2]))
        self._rank = [0] * len(entries)
        for r, i in enumerate(by_rank):
            self._rank[i] = r
        word_entries: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            for word in set(text.split(" ")):
                word_entries.setdefault(word, []).append(i)
        self._word_entries = word_entries
        self._words = sorted(word_entries)
        self._deletion_index: dict[str, list[str]] | None = None  # built on the first typo
        self._deletion_lock = threading.Lock()
        self._joined = _SEP.join(texts)
        self._offsets = []
        pos = 0
        for text in texts:
            self._offsets.append(pos)
            pos += len(text) + 1

    def __len__(self) -> int:
        """Return the number of indexed texts (labels, aliases, codes and ids)."""
        return len(self._texts)

    def prepare(self) -> "SearchIndex":
        """Build now the parts built on first use (the typo index), and return the index.

        A server calls it at start-up, so the first query with a typo does not pay for
        it (about a quarter of a second for ``data/us``'s 40,000 names).

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.DiGraph()
        >>> G.add_node("nurse", label="Nurse", tier="profession")
        >>> [m.id for m in SearchIndex(G).prepare().search("nurze")]
        ['nurse']
        """
        self._deletions_of_words()
        return self

    # -- candidate generation, one method per match class --------------------------------
    def _prefix_entries(self, q: str) -> list[int]:
        """Return entries whose text starts with q (exact ones included)."""
        lo = bisect_left(self._sorted_texts, q)
        hi = bisect_left(self._sorted_texts, q + _MAX_CHAR, lo)
        return self._sorted_entries[lo:hi]

    def _words_with_prefix(self, token: str) -> list[str]:
        """Return indexed words that start with token."""
        lo = bisect_left(self._words, token)
        return self._words[lo:bisect_left(self._words, token + _MAX_CHAR, lo)]

    def _entries_of_words(self, words) -> set[int]:
        """Return the entries containing any of the words."""
        out: set[int] = set()
        for w in words:
            out.update(self._word_entries.get(w, ()))
        return out

    def _word_entries_for(self, tokens: list[str]) -> set[int]:
        """Return entries in which every token starts some word."""
        result = None
        for token in tokens:
            found = self._entries_of_words(self._words_with_prefix(token))
            result = found if result is None else result & found
            if not result:
                return set()
        return result or set()

    def _substring_entries(self, q: str) -> list[int]:
        """Return entries whose text contains q."""
        out = []
        joined, offsets = self._joined, self._offsets
        start = joined.find(q)
        while start != -1:
            i = bisect_left(offsets, start + 1) - 1
            out.append(i)
            start = joined.find(q, offsets[i] + len(self._texts[i]) + 1)
        return out

    def _deletions_of_words(self) -> dict[str, list[str]]:
        """Return the deletion-neighbourhood index (each word and its one-letter deletions
        -> words), building it on first use so that building the index stays quick."""
        index = self._deletion_index
        if index is None:
            with self._deletion_lock:
                if self._deletion_index is None:
                    built: dict[str, list[str]] = {}
                    for word in self._words:
                        if len(word) >= _TYPO_MIN_LEN - 1:
                            for key in _deletions(word) | {word}:
                                built.setdefault(key, []).append(word)
                    self._deletion_index = built
                index = self._deletion_index
        return index

    def _typo_words(self, token: str) -> set[str]:
        """Return indexed words within one edit of token."""
        if len(token) < _TYPO_MIN_LEN:
            return set()
        index = self._deletions_of_words()
        candidates = set(index.get(token, ()))
        for key in _deletions(token):
            candidates.update(index.get(key, ()))
            if key in self._word_entries:
                candidates.add(key)
        return {w for w in candidates if _within_one_edit(token, w)}

    def _typo_entries(self, tokens: list[str]) -> set[int]:
        """Return entries matching every token exactly, by prefix or within one edit."""
        result = None
        any_typo = set()
        for token in tokens:
            typo = self._typo_words(token)
            exact = self._entries_of_words(self._words_with_prefix(token))
            fuzzy = self._entries_of_words(typo)
            found = exact | fuzzy
            any_typo |= fuzzy
            result = found if result is None else result & found
            if not result:
                return set()
        return (result or set()) & any_typo

    def exact(self, text) -> list[Match]:
        """Return the nodes whose label, alias, code or id equals `text` once normalised.

        Ranked like `search` (label before alias before code before id, then tier, label).
        """
        return self.search(text, limit=None, exact_only=True)

    # -- the query ------------------------------------------------------------------------
    def search(self, text, limit: int | None = 10, exact_only: bool = False) -> list[Match]:
        """Return up to `limit` matches for `text`, best first (see the module docstring).

        Parameters
        ----------
        text : str
            What the user typed; empty or punctuation-only text matches nothing.
        limit : int or None
            The most results to return; None returns every match.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.DiGraph()
        >>> G.add_node("chef", label="Chef", tier="profession", aliases="Cook|Cuisinier")
        >>> G.add_node("sous-chef", label="Sous Chef", tier="job")
        >>> [(m.id, m.score) for m in SearchIndex(G).search("CHEF")]
        [('chef', 1.0), ('sous-chef', 0.6)]
        >>> SearchIndex(G).search("  ")
        []
        """
        q = normalise_text(text)
        if not q or (limit is not None and limit <= 0):
            return []
        tokens = q.split(" ")
        best: dict = {}  # node -> (class, entry index), in ranked order
        rank = self._rank
        classes = [lambda: self._exact.get(q, ())]
        if not exact_only:
            classes += [lambda: self._prefix_entries(q), lambda: self._word_entries_for(tokens),
                        lambda: self._substring_entries(q), lambda: self._typo_entries(tokens)]
        for cls, candidates in enumerate(classes):
            # entries of one class in rank order; a node's first entry is its best one
            for i in sorted(candidates(), key=rank.__getitem__):
                node = self._entries[i][0]
                if node not in best:
                    best[node] = (cls, i)
                    if limit is not None and len(best) >= limit:
                        break
            if limit is not None and len(best) >= limit:
                break
        out = []
        for node, (cls, i) in best.items():
            _, field, original = self._entries[i]
            label, tier, _ = self._meta[node]
            score = round(_CLASS_SCORE[cls] - 0.02 * _FIELD_RANK[field], 2)
            out.append(Match(node, label, tier, field, original, score))
        return out


_CACHE = GraphCache(lambda G: SearchIndex(G))


def search_index(G) -> SearchIndex:
    """Return the `SearchIndex` of G, built on first use and cached while G is alive.

    The cache is keyed by the graph object (weakly) and checked against its node count
    and checksum, so a graph changed in place gets a fresh index.
    """
    return _CACHE.get(G)


def search(G, text, limit: int | None = 10) -> list[Match]:
    """Search G's labels, aliases, codes and ids for `text`; see `SearchIndex.search`.

    The index is built on the first call for a graph and reused while the graph lives.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("electrician", label="Électricien", tier="profession", code="47-2111")
    >>> [(m.id, m.field) for m in search(G, "electricien")]
    [('electrician', 'label')]
    >>> [(m.id, m.field) for m in search(G, "47-2111")]
    [('electrician', 'code')]
    """
    return search_index(G).search(text, limit)
