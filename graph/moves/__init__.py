"""Where can I go from here: career moves from a node, with outlook, skills and needs.

Jobs come and go while professions endure, so the first question after finding someone's
job in the web is what else they can do with what they have. `moves` answers it from the
graph alone:

* **A profession**: its related professions (O*NET's related occupations, the lateral
  ``related_to`` links of `graph.schema`), best first: relatedness tier (Primary-Short,
  Primary-Long, Supplemental), then O*NET's index. Each move carries the target's median
  wage and the difference, projected growth and openings, Job Zone and its difference,
  skill overlap (0-1, `graph.profiles.skill_overlap`) and the three biggest skill gaps
  (`graph.moves.skills`), the needs
  it keeps, gains and loses (`graph.query.needs_served`), and its type as Lightcast types
  moves: *advancement* (higher wage and higher Job Zone), *step down* (lower wage and
  lower Job Zone), else *lateral*.
* **A job**: first the profession(s) it draws on, then their moves (``via`` says whose),
  then "the same profession elsewhere": the industries and organizations where each is
  practised, biggest employers first (`elsewhere`).
* **An industry or organization**: its professions, best outlook first (`best_outlook`).

``python -m graph.moves`` (or ``wow moves``, `graph.moves.cli`) prints the same as a
table or JSON; `graph.moves.layout` places a node's moves around it for drawing.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph(skills={"29-1141": {("skill", "Service Orientation"): 4.0,
...                                    ("knowledge", "Medicine and Dentistry"): 3.0},
...                        "29-1171": {("skill", "Service Orientation"): 4.0,
...                                    ("knowledge", "Medicine and Dentistry"): 4.9},
...                        "51-4121": {("skill", "Service Orientation"): 2.0,
...                                    ("knowledge", "Medicine and Dentistry"): 1.0}})
>>> G.add_nodes_from([("health", {"tier": "need", "label": "Health"}),
...     ("rn", {"tier": "profession", "label": "Registered nurse", "code": "29-1141",
...             "median_wage": 97550, "job_zone": 3, "growth_pct": 4.9}),
...     ("np", {"tier": "profession", "label": "Nurse practitioner", "code": "29-1171",
...             "median_wage": 132050, "job_zone": 5, "growth_pct": 35.2})])
>>> G.add_edges_from([("rn", "health"), ("np", "health")], relation="serves")
>>> G.add_edge("rn", "np", relation="related_to", relatedness="Primary-Short", related_index=2)
>>> m = moves(G, "rn").rows[0]
>>> m.label, m.move, m.wage_change, m.job_zone_change, m.skill_overlap, m.needs_kept
('Nurse practitioner', 'advancement', 34500, 2, 0.373, ('health',))
>>> [g.element for g in m.skill_gaps]
['Medicine and Dentistry']
"""

from __future__ import annotations

from .career import (
                     MOVE_TYPES,
                     RELATEDNESS,
                     RELATION,
                     Move,
                     Moves,
                     best_outlook,
                     elsewhere,
                     move_type,
                     moves,
                     profession_moves,
                     wage,
)
from .cli import main
from .skills import Gap, skill_gaps
from .text import report

__all__ = ["MOVE_TYPES", "RELATEDNESS", "RELATION", "Gap", "Move", "Moves", "best_outlook",
           "elsewhere", "main", "move_type", "moves", "profession_moves", "report",
           "skill_gaps", "wage"]
