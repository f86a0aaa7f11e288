"""The Web of Work as a NetworkX graph: schema, loading, queries, layout and export.

This package is pure Python over NetworkX and pandas; the Dash front end in
``explorer/`` calls it, never the reverse.
"""

from graph.errors import DataError, Problem, UnknownNameError, WebOfWorkError

__all__ = ["DataError", "Problem", "UnknownNameError", "WebOfWorkError"]
