"""The read-only context every callback of one app shares: graph, search index, settings, caches.

Built once by ``create_app``; callbacks receive it through ``register_callbacks(app, ctx)``.
Nothing in it is module-level, so two apps (or two tests) never share state, and the only
mutable parts are the bounded, thread-safe caches of computed views. An app's Flask
server keeps the context it was built on under `EXTENSION` (`explorer.page.build`), so
that a server about to fork its workers can prepare it (`Context.prepare`): what a first
request would otherwise build is then built once, in pages every worker shares.

Examples
--------
>>> cache = LRUCache(2)
>>> cache.get_or_compute("a", lambda: 1), cache.get_or_compute("a", lambda: 2)
(1, 1)
>>> _ = cache.get_or_compute("b", lambda: 3); _ = cache.get_or_compute("c", lambda: 4)
>>> "a" in cache, len(cache)
(False, 2)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

import networkx as nx


#: Derived contexts (graphs with a user's organization added) kept per process.
OVERLAYS = 4

#: Key of ``server.extensions`` under which an app's Flask server keeps its `Context`.
EXTENSION = "web_of_work.context"


class LRUCache:
    """A bounded least-recently-used cache, safe to share between threads."""

    def __init__(self, maxsize: int = 64):
        self.maxsize = max(1, int(maxsize))
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def get_or_compute(self, key, compute: Callable[[], Any]):
        """Return the cached value of ``key``, computing and storing it on a miss.

        The computation runs outside the lock, so a slow view never blocks other users;
        two threads missing the same key may both compute it (the results are equal).
        """
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value


@dataclass(frozen=True)
class Context:
    """Everything callbacks read: the loaded graph and what is derived from it.

    Attributes
    ----------
    graph : networkx.DiGraph
        The graph from ``graph.build.load_graph``; callbacks never mutate it.
    index : graph.search.SearchIndex or None
        The search index over labels, aliases and codes, built once.
    settings : explorer.settings.Settings
        The resolved settings (``element_cap`` and the rest).
    views : LRUCache
        What one view state costs to compute, under these kinds of key:

        - ``("view", state.key(), cap)``: the `explorer.view.View` of a drawn state
          (the state less its selected node, which changes nothing drawn unless a path
          runs through it, and less its what-if scenario, which changes only classes);
        - ``("matched", state.key())`` of the state without expansions (``more``): the
          filtered, focused selection and its fold plan, shared by every expansion;
        - ``("ranked-nodes",)``: the graph's nodes in fold order (biggest employers
          first), recomputed only if evicted;
        - ``("render", state.key(), layout)``: the graph view's callback answer
          (elements, layout, status, notice, centre request);
        - ``("whatif", state.without)``: the `graph.whatif.Scenario` of a what-if state;
        - ``("coverage",)`` and ``("growth-coverage",)``: the graph's need x tier counts
          and growth cells (`explorer.coverage`).
    positions : LRUCache
        Layouts under ``("pos", layout, drawn state key, cap)``: the node positions of a
        drawn view in one layout; and under ``("kept", ...)`` the (graph, positions) of a
        web drawing that filter changes keep (`explorer.view.kept_view`).
    overlays : LRUCache
        Contexts of graphs derived from this one (`overlay`), by key: a user's own
        organization added (`explorer.organization`), each with its own caches.

    Notes
    -----
    Both caches hold at most ``settings.cache_size`` entries each (least recently used
    dropped first); they are per process, derived from the read-only graph, so any
    worker can answer any request and nothing a user owns is kept here.

    See Also
    --------
    explorer.view.visible_graph : fills ``views``.
    explorer.view.positions : fills ``positions``.
    explorer.graphview.render : the ``"render"`` entries.
    """

    graph: nx.DiGraph
    index: Any
    settings: Any
    views: LRUCache = field(default_factory=LRUCache)
    positions: LRUCache = field(default_factory=LRUCache)
    overlays: LRUCache = field(default_factory=lambda: LRUCache(OVERLAYS))

    @classmethod
    def build(cls, graph: nx.DiGraph, settings) -> "Context":
        """Return the context of one app: builds the search index and empty caches."""
        from graph.query import SearchIndex

        size = getattr(settings, "cache_size", 64)
        return cls(graph=graph, index=SearchIndex(graph), settings=settings,
                   views=LRUCache(size), positions=LRUCache(size))

    def prepare(self) -> None:
        """Build now what the first job list a user uploads would otherwise wait for: the
        title coder of the graph and its classifier (`graph.mapjobs.title_coder`).

        See Also
        --------
        explorer.wsgi.pre_fork : prepares the preloaded app's context before each fork.

        Notes
        -----
        Built once per graph, then a look-up: about 1 s and 20 MB on the bundled data,
        5 s and 95 MB on ``data/us`` (the coder about half, the classifier the rest).
        The development server (one process) leaves it to the first upload, so that it
        starts in a fraction of a second on the bundled data.
        """
        from graph import mapjobs

        mapjobs.title_coder(self.graph).classifier

    def overlay(self, key, build: Callable[[nx.DiGraph], nx.DiGraph]) -> "Context":
        """Return the context of ``build(self.graph)``, cached under ``key``.

        The derived context shares the index and settings, and has caches of its own, so
        views of the two graphs never mix. ``key`` must name what ``build`` adds (say, a
        hash of it): equal keys give the same context.

        Notes
        -----
        At most `OVERLAYS` derived contexts are kept per process (least recently used
        dropped first); each holds a copy of the graph.

        Examples
        --------
        >>> ctx = Context(graph=nx.DiGraph(), index=None, settings=None)
        >>> more = ctx.overlay("x", lambda G: nx.DiGraph([("a", "b")]))
        >>> len(more.graph), ctx.overlay("x", None) is more, len(ctx.graph)
        (2, True, 0)
        """
        def derive():
            size = getattr(self.settings, "cache_size", 64)
            return Context(graph=build(self.graph), index=self.index, settings=self.settings,
                           views=LRUCache(size), positions=LRUCache(size))

        return self.overlays.get_or_compute(("overlay", key), derive)

    @property
    def cap(self) -> int:
        """The element cap: most nodes plus edges sent to the browser for one view."""
        return int(getattr(self.settings, "element_cap", 1000))

