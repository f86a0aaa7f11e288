"""A scenario in words: the plain-language `summary` and the command's `report`."""

from __future__ import annotations

from ..resolve import label
from ..schema import TIER_NOUNS, tier_rank
from .scenario import NeedLoss, Scenario, without  # noqa: F401 (`without` is used by the examples)

__all__ = ["summary", "report", "NAMES_SHOWN"]

#: Most node names `summary` spells out in one list before "and N more".
NAMES_SHOWN = 3


# ---------------------------------------------------------------------------------------
# In words
# ---------------------------------------------------------------------------------------
#: How the summary names the removal of one node, by tier.
_ACTS = {"need": "Removing the need {}", "profession": "Losing the profession {}",
         "industry": "Losing the industry {}", "organization": "Closing {}",
         "job": "Cutting the position {}"}


def _count(n: int, tier) -> str:
    """Return "1 job" or "4 jobs" (the tier id itself for an unknown tier)."""
    one, many = TIER_NOUNS.get(tier, (f"{tier or 'other'} node", f"{tier or 'other'} nodes"))
    return f"{n:,} {one if n == 1 else many}"


def _and(parts: list) -> str:
    """Return "a", "a and b" or "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _counts(G, nodes) -> str:
    """Return the nodes counted by tier, most enduring tier first: "4 jobs and 1 profession"."""
    by_tier: dict = {}
    for n in nodes:
        t = G.nodes[n].get("tier")
        by_tier[t] = by_tier.get(t, 0) + 1
    return _and([_count(c, t) for t, c in sorted(by_tier.items(), key=lambda x: tier_rank(x[0]))])


def _names(G, nodes) -> str:
    """Return the labels of a few nodes ("; " between them when one holds a comma), or
    their count by tier when there are more than `NAMES_SHOWN`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("a", label="Teachers, Postsecondary", tier="profession")
    >>> G.add_node("b", label="Cooks", tier="profession")
    >>> _names(G, ["a", "b"]), _names(G, ["a", "b", "a", "b"])
    ('Teachers, Postsecondary; Cooks', '4 professions')
    """
    if len(nodes) > NAMES_SHOWN:
        return _counts(G, nodes)
    names = [label(G, n) for n in nodes]
    return "; ".join(names) if any("," in n for n in names) else _and(names)


def _subject(G, removed) -> str:
    """Return how the summary names the removal: "Closing Mount Sinai Hospital"."""
    if len(removed) == 1:
        n = removed[0]
        return _ACTS.get(G.nodes[n].get("tier"), "Removing {}").format(label(G, n))
    return "Removing " + _names(G, list(removed))


def _need_clause(G, loss: NeedLoss, needs: list) -> str:
    """Return what the removal does to some needs that lose the same links (those of
    ``loss``): which only links go, and who no longer reaches them at all."""
    parts = [f"the direct link of {_counts(G, nodes)}" if t == "need" else
             f"the only {TIER_NOUNS.get(t, (t,))[0]} link of {_counts(G, nodes)}"
             for t, nodes in loss.unanchored.items()]
    it = "it" if len(needs) == 1 else "them"
    text = f"removes {_and(parts)} to {_and([label(G, n) for n in needs])}"
    lost = list(loss.lost)
    every = {n for nodes in loss.unanchored.values() for n in nodes}
    if lost and set(lost) == every:
        text += f", which no longer {'reaches' if len(lost) == 1 else 'reach'} {it} at all"
    elif len(lost) == 1:
        text += f"; 1 of them, {label(G, lost[0])}, no longer reaches {it} at all"
    elif lost:
        tiers = {G.nodes[n].get("tier") for n in lost}
        named = f" ({_names(G, lost)})" if len(lost) <= NAMES_SHOWN or len(tiers) > 1 else ""
        text += f"; {len(lost):,} of them{named} no longer reach {it} at all"
    if lost and loss.employment:
        text += f" ({loss.employment:,} jobs on the lost links)"
    return text


def summary(G, scenario: Scenario) -> str:
    """Return the scenario in plain words, for people.

    One sentence per need that loses a link, naming the only links that go (by the tier
    they lead through) and the nodes that no longer reach the need at all; then the needs
    left without any node of a tier, the nodes that reach no need any more and, with
    employment figures, the jobs on the links to what was removed.

    See Also
    --------
    without : the scenario.

    Notes
    -----
    Linear in the nodes the scenario names.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("rn", "hospitals", {"relation": "practised_in", "employment": 1500}),
    ...                 ("hospitals", "health", {"relation": "addresses"})])
    >>> nx.set_node_attributes(G, {"health": "need", "rn": "profession",
    ...                            "hospitals": "industry"}, "tier")
    >>> print(summary(G, without(G, ["hospitals"])))  # doctest: +NORMALIZE_WHITESPACE
    Losing the industry hospitals removes the only industry link of 1 profession to health,
    which no longer reaches it at all (1,500 jobs on the lost links). health is left with
    no professions (it had 1) and no industries (it had 1). 1 profession reaches no need
    any more: rn. The links to what was removed carried 1,500 jobs (OEWS employment).
    >>> print(summary(G, without(G, ["health"])))  # doctest: +NORMALIZE_WHITESPACE
    Removing the need health: the 2 nodes that reached health lose it. 1 profession and
    1 industry reach no need any more: rn and hospitals.
    >>> print(summary(G, without(G, [])))
    Nothing is removed: every need keeps its cover.
    """
    if not scenario.removed:
        return "Nothing is removed: every need keeps its cover."
    subject = _subject(G, scenario.removed)
    removed = set(scenario.removed)
    same: dict = {}  # needs that lose the same links share one clause
    gone = []
    for need, loss in scenario.needs.items():
        if need in removed:
            gone.append(f"the {len(loss.lost):,} nodes that reached {label(G, need)} lose it")
        elif loss.unanchored:
            signature = (tuple(loss.unanchored.items()), loss.lost, loss.employment)
            same.setdefault(signature, []).append(need)
    clauses = [_need_clause(G, scenario.needs[needs[0]], needs) for needs in same.values()]
    if clauses:
        text = [f"{subject} {clauses[0]}."] + [f"It also {c}." for c in clauses[1:]]
        text += [f"{g[0].upper()}{g[1:]}." for g in gone]
    elif gone:
        text = [f"{subject}: {'; '.join(gone)}."]
    else:
        text = [f"{subject} takes no node's last link to a need away: every node reaches "
                "its needs as before."]
    emptied: dict = {}
    for need, t in scenario.emptied:
        if need not in removed:
            emptied.setdefault(need, []).append(
                f"no {TIER_NOUNS.get(t, (t, t))[1]} (it had {scenario.cover[need, t][0]:,})")
    text += [f"{label(G, need)} is left with {_and(parts)}." for need, parts in emptied.items()]
    if scenario.orphaned:
        orphaned = list(scenario.orphaned)
        verb = "reaches" if len(orphaned) == 1 else "reach"
        names = f": {_names(G, orphaned)}" if len(orphaned) <= NAMES_SHOWN else ""
        text.append(f"{_counts(G, orphaned)} {verb} no need any more{names}.")
    if scenario.cut_employment:
        text.append(f"The links to what was removed carried {scenario.cut_employment:,} jobs "
                    "(OEWS employment).")
    return " ".join(text)


def report(G, scenario: Scenario) -> str:
    """Return the text the command prints: the summary, then each need's lost nodes.

    See Also
    --------
    summary : its first paragraph.
    Scenario.as_dict : what ``--json`` prints instead.

    Notes
    -----
    Linear in the nodes the scenario names.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("cook", "diner"), ("diner", "leisure")])
    >>> nx.set_node_attributes(G, {"leisure": "need", "diner": "organization", "cook": "job"},
    ...                        "tier")
    >>> print(report(G, without(G, ["diner"])).split("\\n\\n")[1])
    leisure (leisure): 1 lost, 0 kept
      job cook (cook)
    Reach no need any more: cook
    <BLANKLINE>
    """
    lines = [summary(G, scenario), ""]
    for need, loss in scenario.needs.items():
        if not loss.lost:
            continue
        head = f"{label(G, need)} ({need}): {len(loss.lost):,} lost, {loss.kept:,} kept"
        if loss.employment:
            head += f", {loss.employment:,} jobs on the lost links"
        lines.append(head)
        lines.extend(f"  {G.nodes[n].get('tier', '')} {n} ({label(G, n)})" for n in loss.lost)
    if scenario.orphaned:
        lines.append(f"Reach no need any more: {', '.join(scenario.orphaned)}")
    return "\n".join(lines).rstrip() + "\n"
