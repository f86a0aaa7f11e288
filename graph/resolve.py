"""Names to ids: the node, need or tier a person means, and a node's display label.

People type labels, aliases, codes and near-misses; the queries take ids. Every
function here accepts any case and accents (text is compared through
`graph.search.normalise_text`) and, when nothing matches, raises
`graph.errors.UnknownNameError` whose ``suggestions`` list the closest ids, so a
caller can say "did you mean ...?".

`graph.query` re-exports everything public here.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("loan-officer", label="Loan Officer", tier="job", aliases="Mortgage Banker")
>>> resolve_node(G, "mortgage banker"), resolve_need(G, "HOME"), resolve_tier("Jobs")
('loan-officer', 'home-and-shelter', 'job')
>>> label(G, "loan-officer")
'Loan Officer'
"""

from __future__ import annotations

import difflib

from .errors import UnknownNameError
from .schema import ALIAS_SEPARATOR, NEED_BY_ID, NEED_IDS, TIER_BY_ID, TIER_IDS, TIERS
from .search import normalise_text, search_index

__all__ = ["label", "need_order", "require_node", "resolve_node", "resolve_need", "resolve_tier",
           "resolve_tiers"]


def label(G, node) -> str:
    """Return the label of a node of G as the explorer shows it: its ``label``, else its id.

    Parameters
    ----------
    G : networkx.DiGraph
        Any graph or view holding `node`.
    node : hashable
        A node id of G.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        When `node` is not in G.

    See Also
    --------
    resolve_node : the other way round, from a label (or id, alias, code) to the id.

    Notes
    -----
    One dict lookup.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("loan-officer", label="Loan Officer")
    >>> G.add_node("x", label="")
    >>> label(G, "loan-officer"), label(G, "x")
    ('Loan Officer', 'x')
    """
    return str(G.nodes[node].get("label") or node)


def need_order(node) -> tuple:
    """Return a sort key putting need ids in NEEDS order, other ids after them by id.

    See Also
    --------
    graph.schema.tier_rank : the sort key of tiers.

    Notes
    -----
    A scan of the 12 need ids.

    Examples
    --------
    >>> sorted(["zz-need", "health-and-well-being", "family"], key=need_order)
    ['family', 'health-and-well-being', 'zz-need']
    """
    try:
        return (NEED_IDS.index(node), "")
    except ValueError:
        return (len(NEED_IDS), str(node))


def _closest(name: str, choices: dict, n: int = 5) -> list:
    """Return the ids of up to n choices (normalised text -> id) closest to name."""
    close = difflib.get_close_matches(normalise_text(name), list(choices), n=n * 2, cutoff=0.5)
    out = []
    for c in close:
        if choices[c] not in out:
            out.append(choices[c])
    return out[:n]


def require_node(G, node):
    """Return `node` when it is a node of G, else the id `resolve_node` finds for it.

    See Also
    --------
    resolve_node : what any other name goes through (and its `UnknownNameError`).

    Notes
    -----
    The fast path of the queries: an id costs one dict lookup.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("loan-officer", label="Loan Officer")
    >>> require_node(G, "loan-officer"), require_node(G, "Loan Officer")
    ('loan-officer', 'loan-officer')
    """
    if node in G:
        return node
    return resolve_node(G, node)


def resolve_node(G, name) -> str:
    """Return the id of the node called `name`: an id, a label or an alias, any case/accents.

    Exact ids win; then a unique exact (normalised) id, label or alias match; when several
    nodes share a label or alias, the most enduring tier wins, then the smallest id.

    Parameters
    ----------
    G : networkx.DiGraph
    name : str
        An id, label, alias or code, in any case and with or without accents.

    Returns
    -------
    str
        The node id.

    Raises
    ------
    UnknownNameError
        When nothing matches exactly; ``suggestions`` lists the closest node ids.

    See Also
    --------
    resolve_need, resolve_tier : the same for needs (known even when G lacks them) and tiers.
    label : the other way round, from an id to the label shown.
    graph.search.SearchIndex : the ranked search behind the matching and the suggestions.

    Notes
    -----
    An id costs one dict lookup. Any other name uses the graph's cached search index
    (built once per graph, linear in its names): an exact match is a binary search; the
    suggestions are a ranked search, then shorter stems of the longest word ("nursing",
    "nursin", ... down to four letters), and last `difflib` over every label and id
    (linear in the nodes, only for names nothing else comes close to).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("loan-officer", label="Loan Officer", tier="job", aliases="Mortgage Banker")
    >>> resolve_node(G, "loan-officer"), resolve_node(G, "LOAN officer"), resolve_node(G, "mortgage banker")
    ('loan-officer', 'loan-officer', 'loan-officer')
    >>> resolve_node(G, "loan oficer")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown node 'loan oficer'; did you mean: loan-officer?
    """
    try:
        if name in G:
            return name
    except TypeError:  # unhashable input such as a list
        pass
    text = "" if name is None else str(name)
    suggestions = []
    if normalise_text(text):
        index = search_index(G)
        exact = index.exact(text)
        if exact:
            return exact[0].id
        suggestions = [m.id for m in index.search(text, limit=5)]
        words = sorted(normalise_text(text).split(" "), key=len, reverse=True)
        stem = words[0][:-1]
        while not suggestions and len(stem) >= 4:  # "nursing" -> "nursin" ... -> "nurs"
            suggestions = [m.id for m in index.search(stem, limit=5)]
            stem = stem[:-1]
        if not suggestions:  # nothing within one typo: fall back to similar labels and ids
            names: dict = {}
            for n, text_label in G.nodes(data="label"):
                names.setdefault(normalise_text(text_label), n)
                names.setdefault(normalise_text(n), n)
            suggestions = _closest(text, names)
    raise UnknownNameError("node", text, suggestions)


def _need_names(G) -> dict:
    """Return normalised name -> need id for every need's id, label, short label and alias."""
    names: dict = {}
    need_nodes = [n for n, t in G.nodes(data="tier") if t == "need"]
    for n in sorted(set(need_nodes) | set(NEED_IDS), key=need_order):
        spellings = [n]
        if n in NEED_BY_ID:
            spellings += [NEED_BY_ID[n].label, NEED_BY_ID[n].short]
        if n in G:
            data = G.nodes[n]
            spellings.append(data.get("label", ""))
            aliases = data.get("aliases", "") or ""
            spellings += aliases.split(ALIAS_SEPARATOR) if isinstance(aliases, str) else list(aliases)
        for s in spellings:
            key = normalise_text(s)
            if key:
                names.setdefault(key, n)
    return names


def resolve_need(G, name) -> str:
    """Return the id of the need called `name`: its id, label, short label or an alias.

    Any case and accents are accepted. The 12 needs of the model are always known, even
    when G lacks some of their nodes.

    Parameters
    ----------
    G : networkx.DiGraph
    name : str

    Returns
    -------
    str
        The need id.

    Raises
    ------
    UnknownNameError
        When nothing matches; ``suggestions`` lists the closest need ids.

    See Also
    --------
    resolve_node, resolve_tier

    Notes
    -----
    A need id costs a dict lookup; any other name builds the table of every need's
    spellings (the 12 needs plus G's need nodes, so linear in G's nodes to find them).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> resolve_need(G, "Health and Well Being"), resolve_need(G, "HOME"), resolve_need(G, "family")
    ('health-and-well-being', 'home-and-shelter', 'family')
    >>> resolve_need(G, "helth")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown need 'helth'; did you mean: health-and-well-being?
    """
    if isinstance(name, str) and (name in NEED_BY_ID or G.nodes.get(name, {}).get("tier") == "need"):
        return name
    text = "" if name is None else str(name)
    names = _need_names(G)
    key = normalise_text(text)
    if key in names:
        return names[key]
    raise UnknownNameError("need", text, _closest(text, names))


def resolve_tier(name) -> str:
    """Return the tier id for a tier id, label or plural label, in any case.

    Parameters
    ----------
    name : str
        ``"job"``, ``"Jobs"``, ``"Positions/Jobs"``, ...

    Returns
    -------
    str
        One of `graph.schema.TIER_IDS`.

    Raises
    ------
    UnknownNameError
        When nothing matches; ``suggestions`` lists the closest tier ids (or all of them).

    See Also
    --------
    resolve_node, resolve_need
    graph.schema.tier_rank : the order of the tiers.

    Notes
    -----
    Constant time: a tier id is a dict lookup; anything else compares with the few
    spellings of the five tiers.

    Examples
    --------
    >>> resolve_tier("Jobs"), resolve_tier("profession"), resolve_tier("Industries")
    ('job', 'profession', 'industry')
    >>> resolve_tier("guild")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownNameError: unknown tier 'guild'; did you mean: ...?
    """
    text = "" if name is None else str(name)
    if text in TIER_BY_ID:
        return text
    names = {}
    for t in TIERS:
        for s in (t.id, t.label, t.plural, t.id + "s"):
            names.setdefault(normalise_text(s), t.id)
    key = normalise_text(text)
    if key in names:
        return names[key]
    suggestions = _closest(text, names) or list(TIER_IDS)
    raise UnknownNameError("tier", text, suggestions)


def resolve_tiers(tiers) -> set | None:
    """Return the set of tier ids for one tier name or an iterable of them; None stays None.

    See Also
    --------
    resolve_tier : one name.

    Notes
    -----
    Constant time per name (see `resolve_tier`).

    Examples
    --------
    >>> sorted(resolve_tiers(["Jobs", "need"])), resolve_tiers("Industries"), resolve_tiers(None)
    (['job', 'need'], {'industry'}, None)
    """
    if tiers is None:
        return None
    return {resolve_tier(t) for t in ([tiers] if isinstance(tiers, str) else tiers)}
