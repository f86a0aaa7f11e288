"""The moves in words: the command's text tables (`report`), figures spelt by
`graph.formatting`."""

from __future__ import annotations

from ..formatting import count, money, percent_change, share, signed
from ..resolve import label
from .career import Move, Moves

__all__ = ["report"]


def _needs(m: Move) -> str:
    parts = [f"+{n}" for n in m.needs_gained] + [f"-{n}" for n in m.needs_lost]
    return " ".join(parts) or ("same" if m.needs_kept else "")


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Return the lines of a plain text table, columns padded to their widest cell."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


def _move_rows(rows) -> list[str]:
    header = ["Move", "Relatedness", "Profession", "Code", "Wage", "Change", "Growth",
              "Openings", "Zone", "Overlap", "Needs", "Biggest gaps"]
    body = [[m.move or "", m.relatedness or "", m.label, m.code or "", money(m.median_wage),
             signed(m.wage_change, dollars=True),
             percent_change(m.growth_pct), count(m.annual_openings),
             "" if m.job_zone is None else f"{m.job_zone} ({signed(m.job_zone_change) or '?'})",
             share(m.skill_overlap), _needs(m),
             ", ".join(g.element for g in m.skill_gaps)] for m in rows]
    return _table(header, body, {4, 5, 6, 7, 9})


def _outlook_rows(rows) -> list[str]:
    header = ["Profession", "Code", "Growth", "Openings", "Wage", "Zone", "Employed here"]
    body = [[m.label, m.code or "", percent_change(m.growth_pct), count(m.annual_openings),
             money(m.median_wage), "" if m.job_zone is None else str(m.job_zone),
             count(m.employment)] for m in rows]
    return _table(header, body, {2, 3, 4, 6})


def report(G, answer: Moves) -> str:
    """Return the moves of `answer` as the command prints them: a titled table per part.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph.moves import moves
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("rn", {"tier": "profession", "label": "Nurse", "median_wage": 90000}),
    ...     ("np", {"tier": "profession", "label": "NP", "median_wage": 130000})])
    >>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Short", related_index=1)
    >>> print(report(G, moves(G, "rn")), end="")  # doctest: +NORMALIZE_WHITESPACE
    Moves from Nurse (profession): 1
    Move     Relatedness    Profession  Code      Wage    Change  Growth  Openings  Zone
      Overlap  Needs  Biggest gaps
    -------  -------------  ----------  ----  --------  --------  ------  --------  ----
      -------  -----  ------------
    lateral  Primary-Short  NP                $130,000  +$40,000
    """
    name = f"{label(G, answer.node)} ({answer.tier})"
    out: list[str] = []
    if answer.tier == "job":
        drawn = answer.of("draws on")
        out.append(f"{name} draws on: " + (", ".join(m.label for m in drawn) or "no profession"))
        for p in drawn:
            found = [m for m in answer.of("move") if m.via == p.id]
            out += ["", f"Moves from {p.label}: {len(found)}"]
            out += _move_rows(found) if found else []
        for p in drawn:
            places = [m for m in answer.of("elsewhere") if m.via == p.id]
            if places:
                out += ["", f"{p.label} elsewhere (biggest employers first):"]
                out += [f"  {m.label} ({m.tier})" + (f": {m.employment:,} employed"
                                                     if m.employment is not None else "")
                        + (f", in {label(G, m.industry)}" if m.industry else "")
                        for m in places]
    elif answer.tier == "profession":
        found = answer.of("move")
        out.append(f"Moves from {name}: {len(found)}")
        out += _move_rows(found) if found else ["(no related profession in the data)"]
    elif answer.tier in ("industry", "organization"):
        found = answer.of("outlook")
        out.append(f"Professions of {name}, best outlook first: {len(found)}")
        out += _outlook_rows(found) if found else []
    else:
        out.append(f"{name}: moves are for professions, jobs, industries and organizations.")
    return "\n".join(out) + "\n"
