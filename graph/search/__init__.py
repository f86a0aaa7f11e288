"""Ranked search of a graph's nodes by what people type: names, job titles, codes, typos.

`graph.query` re-exports `search`, `SearchIndex` and `Match`; the command line is
``python -m graph.search --data DIR "senior loan officer"`` (`graph.search.cli`).

What is searched
----------------
Each node's label, aliases (``|``-separated), code and id, and the real job titles of
``G.graph["titles"]`` (``(title, node id, source)`` rows, e.g. the O*NET alternate
titles of ``titles.csv``): a title is found as a name of its node, with
``field="title"`` and ``matched`` the title. Titles are never nodes.

How text is compared
--------------------
The query and every name are normalised alike (`graph.search.normalise`): accents and
case dropped, split into words ("Café-Owner" -> ``"cafe owner"``), plurals made singular
("nurses" -> "nurse"), abbreviations written out ("RN" -> "registered nurse", "Sr." ->
"senior"; a fixed table plus those the names teach, as in "Licensed Professional
Counselor (LPC)"). Codes are also compacted ("13-2072", "13 2072" and "132072" find SOC
code 13-2072, and "1320" every code under it).

How results are ranked
----------------------
Each node appears once, with its best-scoring name. Scores fall into three classes:

1. **exact**, 1.0 down to 0.92: a name equals the query (label 1.0, alias 0.98, code
   0.96, id 0.94, title 0.92);
2. **prefix**, 0.8 down to 0.72 (same field steps): a name starts with the query;
3. **relevance**, below 0.7: every other name sharing a word with the query (or a near
   one), scored by how much of the query it covers, how much of the name the query
   explains, and how well the node's other names back it up (all its names together
   cover the query; several of them match). Each query word counts by how rare it is
   (BM25's inverse document frequency; level words such as senior, lead, II and filler
   words such as "of" count little), and by how well it matches a word of the name:
   exactly 1; as the start of a longer word 0.6 to 0.9; the same root ("financ-") or
   inside a longer word 0.6; one typo away 0.7, two 0.5 (a typo is a letter inserted,
   deleted or replaced, or two neighbours swapped; one from 3 letters, two from 8); a
   word made of two known words ("glassblower") matches each 0.8. A query word that
   matches nothing lowers every score alike but never empties the list; when no word
   matches anything, names with a word that starts like one of them (four letters or
   more) are the last resort. Word order does not matter. A label scores a little
   above an alias, an alias above a title.

Equal scores (to the three decimals shown) are broken by tier, most enduring first
(needs, professions, industries, organizations, jobs: a profession comes before its jobs
when both match equally), then by label and id, so results are fully deterministic.
Queries are cut to their first 200 characters and 12 words.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph(titles=(("Mortgage Underwriter", "loan-officer", "onet"),))
>>> G.add_node("loan-officer", label="Loan Officer", tier="profession", code="13-2072",
...            aliases="Credit Officer")
>>> G.add_node("accountant", label="Accountant", tier="profession", code="13-2011", aliases="CPA")
>>> [(m.id, m.field, m.matched) for m in SearchIndex(G).search("credit")]
[('loan-officer', 'alias', 'Credit Officer')]
>>> [(m.id, m.field, m.matched) for m in SearchIndex(G).search("senior mortgage underwriters")]
[('loan-officer', 'title', 'Mortgage Underwriter')]
>>> [m.id for m in SearchIndex(G).search("1320")]
['accountant', 'loan-officer']
>>> index = SearchIndex(G)
>>> index.search("acountant")[0].field, index.search("certified public accountant")[0].matched
('label', 'CPA')
"""

from __future__ import annotations

from ..cache import GraphCache
from .index import FIELDS, Match, SearchIndex
from .normalise import normalise_text

__all__ = ["Match", "SearchIndex", "search", "search_index", "normalise_text", "FIELDS"]

_CACHE = GraphCache(lambda G: SearchIndex(G))


def search_index(G) -> SearchIndex:
    """Return the `SearchIndex` of G, built on first use and cached while G is alive.

    The cache is keyed by the graph object (weakly) and checked against its node count
    and checksum, so a graph changed in place gets a fresh index.
    """
    return _CACHE.get(G)


def search(G, text, limit: int | None = 10) -> list[Match]:
    """Search G's labels, aliases, codes, ids and titles for `text`; see `SearchIndex.search`.

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
