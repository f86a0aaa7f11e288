"""Build and serve the explorer: `create_app`, the lazy WSGI `server`, and `main`.

``create_app(config=None)`` builds a fresh app (tests pass ``{"data": tmp_dir}``); WSGI
servers use ``explorer.app:server`` (e.g. ``gunicorn -c gunicorn.conf.py
explorer.app:server``), created on first access. ``main`` is ``wow serve`` (and
``python app.py`` in a checkout); with ``--workers`` above 1 it serves with gunicorn
(`explorer.wsgi`).
"""

from __future__ import annotations

import functools
import sys

from explorer.context import Context
from explorer.settings import SettingsError, build_parser, resolve
from explorer.snapshot import load_stable
from graph.errors import DataError


def create_app(config=None):
    """Return a new Dash app on the data and settings of ``config`` (a dict), env and defaults."""
    from explorer.page import build

    settings = resolve(config)
    graph = load_stable(settings.data)
    return build(Context.build(graph, settings))


@functools.lru_cache(maxsize=1)
def _default_app():
    """Return the app on the default settings, exiting with the problems if the data are bad."""
    try:
        return create_app()
    except (DataError, SettingsError) as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None


def __getattr__(name):
    """Create ``server`` (the Flask app of the default app) when a WSGI server asks for it."""
    if name == "server":
        return _default_app().server
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv=None, prog: str = "app.py") -> int:
    """Run the development server, or gunicorn when more than one worker is asked for.

    Returns the exit status: 2, with the problems and no traceback, for bad settings or
    data; otherwise 0 once the server stops. ``prog`` names the command in its help.
    """
    args = build_parser(prog).parse_args(argv)
    config = {k: v for k, v in vars(args).items() if v is not None}
    try:
        settings = resolve(config)
        if settings.workers > 1:
            from explorer.wsgi import ExplorerServer

            server = ExplorerServer(functools.partial(create_app, config), settings)
            server.wsgi()  # the master reads the data once, before any worker starts
        else:
            server = create_app(config)
            # The graph and its indexes live as long as the process: keep the garbage
            # collector from walking them again and again (it doubled a view's time).
            from explorer.wsgi import settle_collector

            settle_collector()
    except (DataError, SettingsError) as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Web of Work Explorer on http://{settings.host}:{settings.port}/", file=sys.stderr)
    if settings.workers > 1:
        server.run()
    else:
        server.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0
