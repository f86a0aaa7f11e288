"""What if it went away: the cover each need loses when some nodes of the graph disappear.

Organizations are temporary and jobs are rearranged at every reorganisation, while the
needs stay. `without` answers the question that follows: if these nodes went away (an
organization closed, an industry shrank, some jobs were cut), which nodes would no longer
reach each need, which would reach no need at all, and how many people's work stood
behind the links that go. `summary` says it in words (`graph.whatif.text`), `annotate` writes it onto a graph
for export, and ``python -m graph.whatif`` (or ``wow what-if``, `graph.whatif.cli`) prints it.

Reaching a need
---------------
A node reaches a need when a chain of links leads from it to the need node, exactly as it
belongs to that need's web in `graph.query.need_web`. Only the edges of relations that
count are followed: by default every relation but the lateral ones
(`graph.schema.LATERAL_RELATIONS`, which join nodes side by side, such as related
occupations, and never lead towards a need). The answer is exact: the needs a node keeps
are the needs it reaches in G with the removed nodes taken out. An organization added from
a job list (`graph.organization.with_organization`) serves the needs its jobs reach, so
its link to a need goes with the last of its jobs serving that need.

Examples
--------
>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_nodes_from([("health", {"tier": "need", "label": "Health"}),
...                   ("nursing", {"tier": "profession", "label": "Nursing"}),
...                   ("chaplaincy", {"tier": "profession", "label": "Chaplaincy"}),
...                   ("clinic", {"tier": "organization", "label": "City Clinic"}),
...                   ("nurse", {"tier": "job", "label": "Nurse"}),
...                   ("chaplain", {"tier": "job", "label": "Chaplain"})])
>>> G.add_edges_from([("nursing", "health"), ("clinic", "health"), ("nurse", "nursing"),
...                   ("nurse", "clinic"), ("chaplain", "chaplaincy"), ("chaplain", "clinic")],
...                  relation="serves")
>>> s = without(G, ["clinic"])
>>> s.removed, s.needs["health"].lost, s.needs["health"].kept, s.orphaned
(('clinic',), ('chaplain',), 2, ('chaplain',))
>>> print(summary(G, s))  # doctest: +NORMALIZE_WHITESPACE
Closing City Clinic removes the only organization link of 2 jobs to Health; 1 of them,
Chaplain, no longer reaches it at all. Health is left with no organizations (it had 1).
1 job reaches no need any more: Chaplain.
"""

from __future__ import annotations

from .cli import main
from .scenario import Link, NeedLoss, Scenario, annotate, without
from .text import report, summary

__all__ = ["Link", "NeedLoss", "Scenario", "without", "summary", "report", "annotate", "main"]
