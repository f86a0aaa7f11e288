"""Serve the Web of Work Explorer from a checkout: ``python app.py [--data DIR] [--port P] ...``.

The same as ``wow serve``; the code lives in `explorer.app`. This file keeps
``python app.py``, ``import app`` and the WSGI target ``app:server`` working (``server``
is still created on first access, by `explorer.app`).
"""

import sys

from explorer import app as _app
from explorer.app import create_app, main  # noqa: F401  (re-exported)


def __getattr__(name):
    """Return ``server`` and the other names of `explorer.app` on first access."""
    return getattr(_app, name)


if __name__ == "__main__":
    sys.exit(main())
