"""Code an organization's own job titles to occupations: read a list, code it, write it.

``python -m graph.mapjobs --data DIR INPUT [--output OUT.csv]`` (or ``wow map-jobs``)
reads a job list, codes each title to a SOC occupation of the graph and writes every row
back with the coding beside it (`graph.mapjobs.cli`). The same three steps serve the
explorer:

>>> import networkx as nx
>>> G = nx.DiGraph(titles=(("Staff Nurse", "rn", "onet"),))
>>> G.add_node("rn", label="Registered Nurses", tier="profession", code="29-1141")
>>> table = read_table(b"Job Title,Headcount\\nStaff Nurse - Nights,12\\n", "jobs.csv")
>>> coded = code_titles(G, table.titles)
>>> print(write_csv(table, coded).decode().splitlines()[1])
Staff Nurse - Nights,12,29-1141,Registered Nurses,rn,0.9,,Staff Nurse

* `read_table` (`graph.mapjobs.reader`): CSV (UTF-8, Windows-1252, UTF-16) or XLSX
  bytes -> `JobTable`, or `graph.errors.DataError` with located problems; limits
  `MAX_ROWS`, `MAX_FILE_BYTES`, `MAX_CELL_CHARS`; `table_from_lines` for titles pasted
  one a line;
* `code_titles` (`graph.mapjobs.coder`): titles -> `Coded` (code, occupation, node,
  confidence, alternatives, matched name); `recode` changes one to an occupation a
  person chose;
* `write_csv` (`graph.mapjobs.writer`): rows and codings -> CSV bytes.
"""

from .coder import (
    ALTERNATIVES,
    LOW_CONFIDENCE,
    Coded,
    TitleCoder,
    clean_title,
    code_titles,
    recode,
    title_coder,
)
from .reader import (
    CARRIED_COLUMNS,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    TITLE_COLUMNS,
    JobTable,
    read_table,
    table_from_lines,
)
from .writer import OUTPUT_COLUMNS, write_csv

__all__ = [
    "ALTERNATIVES",
    "CARRIED_COLUMNS",
    "LOW_CONFIDENCE",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "OUTPUT_COLUMNS",
    "TITLE_COLUMNS",
    "Coded",
    "JobTable",
    "TitleCoder",
    "clean_title",
    "code_titles",
    "main",
    "read_table",
    "recode",
    "table_from_lines",
    "title_coder",
    "write_csv",
]


def main(argv=None, **kwargs) -> int:
    """Run the command line (`graph.mapjobs.cli.main`)."""
    from .cli import main as run

    return run(argv, **kwargs)
