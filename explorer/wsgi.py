"""Serve the explorer with gunicorn: several worker processes on one snapshot of the data.

``wow serve --workers N`` (N > 1) runs `ExplorerServer`; ``gunicorn -c gunicorn.conf.py
explorer.app:server`` reads the same settings from the environment through `gunicorn_options`.
Both preload the app: the master process reads the data folder once
(`explorer.snapshot.load_stable`: both files, unchanged while read) and builds the app,
and every worker is a fork of the master. So all workers serve the same data, and so
does a worker the master starts to replace one that died, whatever happened to the files
on disk since.

Before each fork the master also builds what a first request would otherwise build in
each worker (`explorer.context.Context.prepare`: the title coder of the "Your
organization" panel), so the workers share one copy and no user waits for it.

The data are read again only on an explicit reload, ``kill -HUP <master pid>``
(`reload_app`): the master loads the folder anew, then gunicorn starts fresh workers and
stops the old ones gracefully. When the new data are invalid the master logs the
builder's problems and the fresh workers get the app it already had: the explorer keeps
serving the old data, and never stops.
"""

from __future__ import annotations

import gc
from typing import Callable

from gunicorn.app.base import BaseApplication

from explorer.context import EXTENSION as CONTEXT
from explorer.serving import EXTENSION
from explorer.settings import SettingsError
from graph.errors import DataError


def bind_address(host: str, port: int) -> str:
    """Return gunicorn's ``bind`` value for a host and port (IPv6 addresses in brackets).

    Examples
    --------
    >>> bind_address("127.0.0.1", 8050), bind_address("::1", 80), bind_address("[::]", 8000)
    ('127.0.0.1:8050', '[::1]:80', '[::]:8000')
    """
    host = str(host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{int(port)}"


def gunicorn_options(settings) -> dict:
    """Return the gunicorn settings that serve the explorer with ``settings``.

    The master preloads the app (one read of the data, shared by every worker), freezes
    it before each fork (`pre_fork`) and opens no gunicorn control socket; the other
    explorer settings reach the app through `explorer.app.create_app`.

    Raises
    ------
    SettingsError
        When ``debug`` is on: the debugger belongs to the development server only.

    Examples
    --------
    >>> from explorer.settings import resolve
    >>> options = gunicorn_options(resolve({"workers": 4, "host": "0.0.0.0"}, environ={}))
    >>> options["bind"], options["workers"], options["preload_app"], options["pre_fork"]
    (['0.0.0.0:8050'], 4, True, <function pre_fork at 0x...>)
    >>> gunicorn_options(resolve({"workers": 2, "debug": "yes"}, environ={}))
    Traceback (most recent call last):
    ...
    explorer.settings.SettingsError: debug: the debugger runs in the development server only, expected debug off when serving with gunicorn (or workers 1)
    """
    if settings.debug:
        raise SettingsError("debug: the debugger runs in the development server only, "
                            "expected debug off when serving with gunicorn (or workers 1)")
    return {
        "bind": [bind_address(settings.host, settings.port)],
        "workers": int(settings.workers),
        "preload_app": True,
        "proc_name": "web-of-work-explorer",
        # One explorer per machine must not take another's control socket (a shared
        # default path); reloads are asked for with SIGHUP instead.
        "control_socket_disable": True,
        "pre_fork": pre_fork,
    }


#: The garbage collector's thresholds once the loaded data are frozen (Python's default:
#: 700, 10, 10). A new view leaves tens of thousands of objects alive (its elements,
#: cached), so with the default the youngest generation was collected some thirty times
#: per view, and the views cached so far were walked again on each older collection:
#: 11 to 20 ms of collection per new view on data/us on average, up to 90 ms for one.
#: Collecting every 10,000 allocations instead costs 2 to 4 ms per view
#: (``bench/bench_newview.py``) for a worker some 20 MB bigger, and the cyclic garbage
#: of views dropped from the cache is still collected every few dozen views.
COLLECTOR_THRESHOLDS = (10_000, 10, 10)


def settle_collector() -> None:
    """Move what is loaded out of reach of the cyclic garbage collector, and collect the
    youngest objects less often (`COLLECTOR_THRESHOLDS`).

    Called once the app is built and before it serves: by the gunicorn master before each
    fork (`pre_fork`), and by the development server (`explorer.app.main`).

    Notes
    -----
    ``gc.freeze`` moves every object alive into a generation the collector never walks:
    the graph and its indexes (millions of objects) are not traversed on each full
    collection, and forked workers do not write to the pages they share with the master.
    Thresholds are inherited by forked workers.
    """
    gc.freeze()
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


def pre_fork(arbiter, worker) -> None:
    """Build what the workers would each build on a first request, then move the preloaded
    objects out of reach of the cyclic garbage collector, before a fork.

    The title coder of the preloaded app's context (`explorer.context.Context.prepare`,
    found under `explorer.context.EXTENSION` of its Flask server) is built once,
    before the first fork (about 5 s and 95 MB on ``data/us``), instead of in every worker
    on its first uploaded job list. Should that fail, the master logs why and goes on: each
    worker then builds it on first use, as before.

    Freezing (`settle_collector`) comes last, so that what was just built is frozen too:
    workers then do not write to the pages they share with the master by collecting
    those objects, and leave in a fraction of a second instead of spending seconds
    collecting the whole app at exit (which made reloads and shutdowns slow).
    """
    try:
        prepare(arbiter.app.callable)
    except Exception:  # the master must keep serving: the workers build it themselves
        arbiter.log.exception("Could not build the title coder before the fork; each "
                              "worker builds its own on its first uploaded job list")
    settle_collector()


def prepare(server) -> None:
    """Prepare (`explorer.context.Context.prepare`) the context an explorer's Flask server
    was built on; a server without one is left as it is."""
    ctx = getattr(server, "extensions", {}).get(CONTEXT)
    if ctx is not None:
        ctx.prepare()


def describe(server) -> str:
    """Return 'DATASET (checksum 0123456789ab, N nodes, M edges)' for an explorer's Flask server."""
    info = getattr(server, "extensions", {}).get(EXTENSION)
    if not info:
        return "an unknown dataset"
    return (f"{info['dataset']} (checksum {info['checksum'][:12]}, {info['nodes']} nodes, "
            f"{info['edges']} edges)")


def reload_app(arbiter, factory: Callable) -> bool:
    """Give the workers gunicorn starts next a freshly loaded app, or keep the old one.

    The body of gunicorn's ``on_reload`` hook, which the master calls on ``SIGHUP``
    before it starts fresh workers. ``factory()`` returns a new Dash app (it reads the
    data folder). The master must survive anything here, so a failure of any kind is
    logged and the app already preloaded stays in service.

    Returns
    -------
    bool
        True when the new app replaced the old one.
    """
    old = arbiter.app.callable
    gc.unfreeze()  # what `pre_fork` froze: the old app can be collected once replaced
    try:
        new = factory()
    except (DataError, SettingsError) as error:
        arbiter.log.error("Reload refused, still serving %s:\n%s", describe(old), error)
        return False
    except Exception:  # a bug must not stop the master: it keeps the old app
        arbiter.log.exception("Reload failed, still serving %s", describe(old))
        return False
    arbiter.app.callable = new.server
    del old
    gc.collect()
    arbiter.log.info("Reloaded the data: now serving %s", describe(new.server))
    return True


class ExplorerServer(BaseApplication):
    """Gunicorn serving the apps ``factory`` makes, on the explorer's ``settings``.

    Call ``wsgi()`` first to build the app in the calling process (the future master), so
    bad data are reported before gunicorn starts; ``run()`` then serves until stopped.

    Raises
    ------
    SettingsError
        From `gunicorn_options`, before anything is read.
    """

    def __init__(self, factory: Callable, settings):
        self.factory = factory
        self.options = gunicorn_options(settings)
        super().__init__()

    def load_config(self):
        """Set gunicorn's settings from the options and the reload hook."""
        for name, value in self.options.items():
            self.cfg.set(name, value)
        self.cfg.set("on_reload", self.on_reload)

    def on_reload(self, arbiter):
        """Load the data again on SIGHUP (see `reload_app`)."""
        reload_app(arbiter, self.factory)

    def load(self):
        """Return the WSGI app (the Flask server) of a new explorer app."""
        return self.factory().server
