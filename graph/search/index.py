"""`SearchIndex`: ranked search of a graph's nodes by label, alias, code, id and job title.

See `graph.search` for how text is compared and results ranked.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from ..schema import ALIAS_SEPARATOR, tier_rank
from .normalise import (Analyser, learn_abbreviations, normalise_name, normalise_text,
                        word_weight)
from .vocabulary import Vocabulary

__all__ = ["Match", "SearchIndex", "FIELDS"]

#: The fields a node is found by, in the order they rank when they match alike.
FIELDS = ("label", "alias", "code", "id", "title")
_FIELD_RANK = {field: rank for rank, field in enumerate(FIELDS)}
#: Fields of words ranked by relevance (codes and ids match exactly or by prefix only).
_TEXT_FIELDS = ("label", "alias", "title")
#: Relevance of a match in each text field, all else equal.
_FIELD_FACTOR = {"label": 1.0, "alias": 0.97, "title": 0.95}
_EXACT, _PREFIX, _RELEVANT = 1.0, 0.8, 0.7  # the best score of each class
_FIELD_STEP = 0.02  # an exact or prefix match loses this much per field rank
#: Relevance of a name, from how well it covers the query (``coverage``), how well the
#: query explains it (``fit``), how well all the names of its node together cover the
#: query (``bag``) and how many of them match (``evidence``):
#: ((1 - BAG) coverage + BAG bag) (1 - FIT + FIT fit) (1 - NODE + NODE min(1, evidence / K))
_BAG, _FIT, _NODE, _NODE_K = 0.3, 0.5, 0.5, 3.0
_MAX_CHARS, _MAX_WORDS = 200, 12  # longer queries are cut
_CONTENT = 0.3  # words of at least this weight must match (not just "of", "and")


@dataclass(frozen=True)
class Match:
    """One search result: the node, which field matched, the text that matched and a score.

    ``code`` is the node's code ("" when it has none).
    """

    id: str
    label: str
    tier: str
    field: str  # "label" | "alias" | "title" | "code" | "id"
    matched: str  # the original (not normalised) text of the field that matched
    score: float  # in (0, 1]; higher is better
    code: str = ""


def _idf(df, n):
    """Return the BM25 inverse document frequency of a word found in df of n names."""
    return np.log1p((n - df + 0.5) / (df + 0.5))


class SearchIndex:
    """A search index over a graph's labels, aliases, codes, ids and job titles.

    Build once, query often (`search`); the graph is only read.

    Parameters
    ----------
    G : networkx.DiGraph
        Nodes carry ``label``, ``tier`` and optionally ``aliases`` (separated by ``|``)
        and ``code``. ``G.graph["titles"]``, when present, is a sequence of
        ``(title, node id, source)``: real job titles, each found as a name of its node
        (``field="title"``).

    Notes
    -----
    Building is linear in the names: each is normalised and analysed once (about a
    second and 40 MB for ``data/us``'s 77,000 names, titles included). The index holds,
    for the exact and prefix classes, a dict and a sorted list of every name's
    normalised and analysed forms; for relevance, a `graph.search.vocabulary.Vocabulary`
    of the words and a NumPy array of the names holding each term (postings), with each
    term's weight (BM25's inverse document frequency, times
    `graph.search.normalise.word_weight`). A node's names are stored together, so the
    best of them per query word is one `numpy.maximum.reduceat`.

    A query costs a few dict and bisection look-ups per word, a RapidFuzz scan of the
    terms of similar length for typos, and vectorised NumPy arithmetic over the names
    holding a matched term (a few milliseconds on ``data/us``). The index is a snapshot:
    build a new one if the graph changes.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("nurse", "health-and-well-being")])
    >>> G.nodes["nurse"].update(label="Nurse", tier="profession")
    >>> G.nodes["health-and-well-being"].update(label="Health and Well Being", tier="need")
    >>> index = SearchIndex(G)
    >>> [m.id for m in index.search("he")], len(index)
    (['health-and-well-being'], 2)
    """

    def __init__(self, G):
        nodes = sorted(G.nodes, key=lambda n: (str(n), type(n).__name__))
        self._nodes = nodes
        self._meta = []  # node number -> (label, tier, code)
        node_number = {}
        entries: list[tuple[int, str, str]] = []  # (node number, field, original text)
        texts: list[str] = []
        seen: set = set()
        for number, node in enumerate(nodes):
            data = G.nodes[node]
            node_number[node] = number
            label = str(data.get("label", "") or node)
            code = str(data.get("code", "") or "").strip()
            self._meta.append((label, str(data.get("tier", "") or ""), code))
            aliases = data.get("aliases", "") or ""
            if isinstance(aliases, str):
                aliases = aliases.split(ALIAS_SEPARATOR)
            fields = [("label", label), *(("alias", str(a).strip()) for a in aliases),
                      ("code", code), ("id", str(node))]
            for field, original in fields:
                normalised = normalise_name(original)
                if normalised and (number, normalised) not in seen:
                    seen.add((number, normalised))
                    entries.append((number, field, original))
                    texts.append(normalised)
        for row in G.graph.get("titles", None) or ():
            if (isinstance(row, (tuple, list)) and len(row) >= 2 and row[1] in node_number
                    and isinstance(row[0], str)):
                number, original = node_number[row[1]], row[0].strip()
                normalised = normalise_name(original)
                if normalised and (number, normalised) not in seen:
                    seen.add((number, normalised))
                    entries.append((number, "title", original))
                    texts.append(normalised)
        # each node's names together (its own first, then its titles in table order)
        order = sorted(range(len(entries)), key=lambda i: entries[i][0])
        entries = [entries[i] for i in order]
        texts = [texts[i] for i in order]
        self._entries = entries
        self._texts = texts  # the normalised text of each entry
        n_entries = len(entries)
        self._entry_node = np.fromiter((e[0] for e in entries), np.int32, n_entries)
        self._node_start = np.searchsorted(self._entry_node, np.arange(len(nodes)))
        fields = np.fromiter((_FIELD_RANK[e[1]] for e in entries), np.int8, n_entries)
        self._entry_field = fields
        self._exact_score = _EXACT - _FIELD_STEP * fields
        self._prefix_score = _PREFIX - _FIELD_STEP * fields
        self._field_factor = np.array([_FIELD_FACTOR.get(f, 0.0) for f in FIELDS])[fields]
        by_rank = sorted(range(len(nodes)), key=lambda i: (
            tier_rank(self._meta[i][1]), normalise_text(self._meta[i][0]), str(nodes[i])))
        self._node_rank = np.empty(len(nodes), np.int32)
        self._node_rank[by_rank] = np.arange(len(nodes), dtype=np.int32)
        text_names = [i for i, e in enumerate(entries) if e[1] in _TEXT_FIELDS]
        self._analyser = Analyser(learn_abbreviations([entries[i][2] for i in text_names],
                                                      [texts[i] for i in text_names]))
        self._build()

    def _build(self) -> None:
        """Index every name's forms (exact and prefix matches) and terms (relevance)."""
        analyser = self._analyser
        term_number: dict[str, int] = {}
        terms: list[str] = []
        postings: list[list[int]] = []
        surfaces: dict[str, tuple[int, ...]] = {}  # each word -> its terms
        exact: dict[str, list[int]] = {}
        pairs = []
        for i, (_number, field, _original) in enumerate(self._entries):
            raw = self._texts[i]
            keys = [raw]
            if field in _TEXT_FIELDS:
                numbers = []
                for word in raw.split():
                    word_numbers = surfaces.get(word)
                    if word_numbers is None:
                        word_numbers = []
                        for term in analyser.word_terms(word):
                            t = term_number.get(term)
                            if t is None:
                                t = term_number[term] = len(terms)
                                terms.append(term)
                                postings.append([])
                            word_numbers.append(t)
                        word_numbers = surfaces[word] = tuple(word_numbers)
                    numbers.extend(word_numbers)
                unique = list(dict.fromkeys(numbers))
                for t in unique:
                    postings[t].append(i)
                key = " ".join([terms[t] for t in unique])
                if key != raw:
                    keys.append(key)
            elif field == "code" and " " in raw:
                keys.append(raw.replace(" ", ""))
            for key in keys:
                exact.setdefault(key, []).append(i)
                pairs.append((key, i))
        pairs.sort()
        self._exact = exact
        self._prefix_keys = [key for key, _i in pairs]
        self._prefix_entries = np.fromiter((i for _key, i in pairs), np.int32, len(pairs))
        for term, t in term_number.items():
            surfaces.setdefault(term, (t,))
        self._vocabulary = Vocabulary(surfaces, terms)
        self._postings = [np.array(p, np.int32) for p in postings]
        df = np.array([len(p) for p in postings], dtype=float)
        self._n_texts = n = max(1, sum(1 for e in self._entries if e[1] in _TEXT_FIELDS))
        factors = np.array([word_weight(t) for t in terms])
        self._term_weight = _idf(df, n) * factors
        self._unknown_weight = float(_idf(1.0, n))
        total = np.zeros(len(self._entries))
        for t, ids in enumerate(self._postings):
            total[ids] += self._term_weight[t]
        self._entry_total = total

    def __len__(self) -> int:
        """Return the number of indexed names: labels, aliases, codes, ids and titles, each
        distinct name of a node once (an id spelled like the label is not counted again)."""
        return len(self._entries)

    def prepare(self) -> "SearchIndex":
        """Return the index, ready: everything is built up front, so this only warms it.

        Kept so that a server can call it at start-up whatever the implementation.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.DiGraph()
        >>> G.add_node("nurse", label="Nurse", tier="profession")
        >>> [m.id for m in SearchIndex(G).prepare().search("nurze")]
        ['nurse']
        """
        self.search("warm up")
        return self

    # -- the query ------------------------------------------------------------------------
    def search(self, text, limit: int | None = 10) -> list[Match]:
        """Return up to `limit` matches for `text`, best first (see `graph.search`).

        Parameters
        ----------
        text : str
            What the user typed; empty or punctuation-only text matches nothing. Only
            the first 200 characters and 12 words count.
        limit : int or None
            The most results to return; None returns every match.

        Examples
        --------
        >>> import networkx as nx
        >>> G = nx.DiGraph()
        >>> G.add_node("chef", label="Chef", tier="profession", aliases="Cook|Cuisinier")
        >>> G.add_node("sous-chef", label="Sous Chef", tier="job")
        >>> [(m.id, m.score) for m in SearchIndex(G).search("CHEF")]
        [('chef', 1.0), ('sous-chef', 0.276)]
        >>> SearchIndex(G).search("  ")
        []
        """
        return self._search(text, limit, exact_only=False)

    def exact(self, text) -> list[Match]:
        """Return the nodes whose label, alias, code or id equals `text` once normalised.

        Plurals and abbreviations count as equal ("nurses", "RN" for "Registered Nurse");
        titles do not count. Ranked like `search` (label before alias before code before
        id, then tier, label).
        """
        return self._search(text, None, exact_only=True)

    def _search(self, text, limit, exact_only: bool) -> list[Match]:
        """Score every name for `text` (see `search`) and return the best node matches."""
        if text is None or (limit is not None and limit <= 0):
            return []
        words = normalise_name(str(text)[:_MAX_CHARS]).split()[:_MAX_WORDS]
        if not words:
            return []
        query = " ".join(words)
        keys = {query, " ".join(dict.fromkeys(self._analyser.terms(query)))}
        scores = np.zeros(len(self._entries))
        for key in keys:
            ids = self._exact.get(key)
            if ids is not None:
                ids = np.array(ids, np.int32)
                scores[ids] = self._exact_score[ids]
        if exact_only:
            scores[self._entry_field == _FIELD_RANK["title"]] = 0.0
        else:
            for key in keys:
                lo = bisect_left(self._prefix_keys, key)
                hi = bisect_left(self._prefix_keys, key + "\U0010ffff", lo)
                ids = self._prefix_entries[lo:hi]
                scores[ids] = np.maximum(scores[ids], self._prefix_score[ids])
            self._score_relevance(words, scores)
        return self._best_nodes(scores, limit)

    def _score_relevance(self, words: list[str], scores: np.ndarray) -> None:
        """Raise `scores` to each text name's relevance to the query words."""
        analyser, vocabulary = self._analyser, self._vocabulary
        tokens = []  # (weight factor, {term: quality}) of each query word or written-out part
        for i, word in enumerate(words):
            terms = analyser.word_terms(word)
            if len(terms) > 1:  # an abbreviation: each word of its long form must match
                for term in terms:
                    t = vocabulary.number(term)
                    tokens.append((word_weight(term), {} if t is None else {t: 1.0}))
            else:
                tokens.append((word_weight(terms[0]),
                               vocabulary.matches(word, terms[0], last=i == len(words) - 1)))
        if not any(found for _factor, found in tokens):  # nothing near any word
            tokens = [(word_weight(word), vocabulary.same_start(word)) for word in words]
        n_entries, n_nodes = len(self._entries), len(self._nodes)
        covered = np.zeros(n_entries)  # weighted sum of the qualities of the query words
        bag = np.zeros(n_nodes)  # the same, each word's best over all names of a node
        content = np.zeros(n_entries, bool)
        best_term: dict[int, float] = {}
        total_weight = 0.0
        for factor, found in tokens:
            quality = np.zeros(n_entries)
            for t, q in found.items():
                ids = self._postings[t]
                quality[ids] = np.maximum(quality[ids], q)
                if q > best_term.get(t, 0.0):
                    best_term[t] = q
            df = np.count_nonzero(quality)
            weight = factor * (float(_idf(df, self._n_texts)) if df else self._unknown_weight)
            total_weight += weight
            covered += weight * quality
            bag += weight * np.maximum.reduceat(quality, self._node_start)
            if factor >= _CONTENT:
                content |= quality > 0
        candidates = np.flatnonzero(content if content.any() else covered)
        if not candidates.size:
            return
        explained = np.zeros(n_entries)
        for t, q in best_term.items():
            explained[self._postings[t]] += self._term_weight[t] * q
        nodes = self._entry_node[candidates]
        coverage = ((1 - _BAG) * covered[candidates] + _BAG * bag[nodes]) / total_weight
        fit = np.minimum(1.0, explained[candidates] / self._entry_total[candidates])
        relevance = coverage * (1 - _FIT + _FIT * fit)
        evidence = np.bincount(nodes, weights=relevance ** 2, minlength=n_nodes)[nodes]
        relevance *= (1 - _NODE + _NODE * np.minimum(1.0, evidence / _NODE_K))
        relevance *= self._field_factor[candidates]
        scores[candidates] = np.maximum(scores[candidates], _RELEVANT * relevance)

    def _best_nodes(self, scores: np.ndarray, limit) -> list[Match]:
        """Return the best-scored name of each node, best nodes first, as matches."""
        candidates = np.flatnonzero(scores > 0)
        if not candidates.size:
            return []
        score = np.round(scores[candidates], 3)  # as shown: equal scores tie, then tier
        nodes = self._entry_node[candidates]
        order = np.lexsort((self._entry_field[candidates], self._node_rank[nodes], -score))
        _unique, first = np.unique(nodes[order], return_index=True)
        first.sort()
        if limit is not None:
            first = first[:limit]
        out = []
        for i in candidates[order[first]]:
            number, field, original = self._entries[i]
            label, tier, code = self._meta[number]
            out.append(Match(self._nodes[number], label, tier, field, original,
                             round(float(scores[i]), 3), code))
        return out

