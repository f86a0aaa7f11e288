"""One exception hierarchy for everything the ``graph`` package raises on purpose."""

from __future__ import annotations

from dataclasses import dataclass


class WebOfWorkError(Exception):
    """Base class of every error the ``graph`` package raises on purpose."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a data file, located by file, line and column.

    ``line`` is the 1-based physical line in the file (the header is line 1);
    it is ``None`` when the problem concerns the whole file.

    Examples
    --------
    >>> str(Problem("nodes.csv", 7, "tier", "unknown tier 'guild'", "one of need, profession"))
    "nodes.csv:7: column tier: unknown tier 'guild', expected one of need, profession"
    >>> str(Problem("edges.csv", None, None, "file is missing", "a CSV file"))
    'edges.csv: file is missing, expected a CSV file'
    """

    file: str
    line: int | None
    column: str | None
    message: str
    expected: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" column {self.column}:" if self.column else ""
        exp = f", expected {self.expected}" if self.expected else ""
        return f"{where}:{col} {self.message}{exp}"


class DataError(WebOfWorkError):
    """The data files are invalid; ``problems`` lists every problem found in one pass."""

    def __init__(self, problems):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class UnknownNameError(WebOfWorkError, LookupError):
    """A name or id given by a user matches nothing; ``suggestions`` holds the closest ids."""

    def __init__(self, kind: str, name: str, suggestions=()):
        self.kind = kind
        self.name = name
        self.suggestions = list(suggestions)
        hint = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")


class WebOfWorkWarning(UserWarning):
    """Something in valid data deserves a look (e.g. a node that reaches no need)."""
