"""Load test: simulated users drive the explorer's real Dash callbacks through gunicorn.

``python -m bench.load --users 50 --duration 60 --workers 2 --data data/us`` starts
gunicorn on a free local port (``gunicorn -w N app:server`` with ``WOW_DATA`` set), waits
until every worker has loaded the data, then runs two phases against it: a baseline with
one user, and the full load with ``--users`` users. ``--soak 300`` runs the full load for
five minutes, to judge memory. Gunicorn is stopped at the end, also on Ctrl-C.

Each simulated user behaves like a browser tab: it opens the page (``GET /``,
``/_dash-layout``, ``/_dash-dependencies``), keeps the component tree the layout describes,
and turns each user action into the ``POST /_dash-update-component`` requests the Dash
renderer would send. Request bodies are built from the ``/_dash-dependencies`` answer (the
app's own callback map): which callbacks an action fires, in which waves (a callback whose
input is the output of a callback in flight waits for it), which inputs and states they
carry, and pattern-matching ``ALL`` inputs expanded over the components the page holds.
Answers are merged back into the tree, so later requests carry the state the server
returned (the ``view-state`` store, the drawn elements, the details panel's buttons).
The one clientside callback with a server-visible effect (``showDetails``, which brings the
Details tab forward) is emulated; the others only touch the browser. The wire format (the
callback map, request bodies, answers) is `explorer.client`'s; this script adds the page
model, the users and the figures.

The mix, with think time between actions: change the need or tier filters, tap a node,
open a node named in the details panel, search as the user types (one request of
``/search.json`` per key, as the search box sends) then choose a result, focus (or
unfocus), expand a ``+N`` group node when one is drawn (skipped otherwise), go back,
switch panel tabs, export the view, and reopen the page.

It prints requests, throughput, latency percentiles per action, per callback and overall,
errors by kind (non-2xx, timeouts, connection errors, wrong content), the load average,
CPU used by server and load generator (which share the machine), and the server's memory
(RSS of master plus workers, sampled every few seconds) with its slope in MB/min, and the
ratio of p95 under load to p95 with one user. Exit status: 0 with no error, 1 otherwise,
2 when gunicorn could not be started.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

from explorer.client import (DEPENDENCIES, LAYOUT, UNDEFINED, UPDATE, AnswerError, Callback,
                             DashClient, decode, id_key, is_pattern, matches, parse_callbacks,
                             payload)
from explorer.search import ENDPOINT, SUGGESTIONS, nav_for
from explorer.testing import child_pids, cpu_seconds, free_port, percentile, rss_mb

REPO = Path(__file__).resolve().parents[1]

#: Relative weight of each user action in the mix.
DEFAULT_MIX = {
    "tap": 25, "details": 15, "search": 12, "needs": 10, "tiers": 6, "focus": 8,
    "expand": 8, "back": 5, "tab": 5, "export": 4, "open": 2,
}

#: Clientside callbacks whose result a server callback reads, emulated by function name.
CLIENTSIDE = {
    "showDetails": lambda values: "details" if any(values) else None,
}


# ----------------------------------------------------------------------------- the page

def _walk(value, index: dict, every: list) -> None:
    """Index every component found in a layout value by id key, and list all of them."""
    if isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                _walk(item, index, every)
    elif isinstance(value, dict) and "props" in value and "type" in value:
        props = value["props"]
        every.append((value["type"], props))
        if "id" in props:
            index[id_key(props["id"])] = props
        for v in props.values():
            if isinstance(v, (dict, list)):
                _walk(v, index, every)


def _defined(value):
    """Return ``value``, or `UNDEFINED` for None (a prop the renderer does not send)."""
    return UNDEFINED if value is None else value


class Page:
    """What one browser tab holds: the component tree, its index by id, the callback map."""

    def __init__(self, layout: dict, callbacks: list[Callback]):
        self.root = layout
        self.callbacks = [c for c in callbacks if c.supported]
        self.unsupported = [c.name for c in callbacks if not c.supported]
        self.extra: dict = {}
        self.index: dict = {}
        self.every: list = []  # (type, props) of every component, with or without id
        self.seen: dict = {}  # pattern input -> ids it matched last time
        self.reindex()
        for cb in self.callbacks:
            for i, p in cb.inputs:
                if is_pattern(i):
                    self.seen[(cb.output, i, p)] = frozenset(k for k, _ in self.matching(i))

    def reindex(self) -> None:
        """Rebuild the index of components after a ``children`` prop changed."""
        index: dict = {}
        every: list = []
        _walk(self.root, index, every)
        self.index, self.every = index, every

    def get(self, cid: str, prop: str):
        """Return a component's prop (None when absent, as undefined in the browser)."""
        props = self.index.get(cid)
        if props is None:
            return self.extra.get((cid, prop))
        return props.get(prop)

    def set(self, cid: str, prop: str, value) -> None:
        """Set a component's prop, as the renderer does with a callback's answer."""
        props = self.index.get(cid)
        if props is None:
            self.extra[(cid, prop)] = value
        else:
            props[prop] = value

    def has(self, cid: str) -> bool:
        """Tell whether a component with this id is in the page."""
        return cid in self.index

    def matching(self, pattern_text: str) -> list[tuple[str, dict]]:
        """Return (id key, id) of the components matching a pattern id, in page order."""
        pattern = json.loads(pattern_text)
        return [(k, p["id"]) for k, p in self.index.items() if matches(pattern, p.get("id"))]

    def value(self, cid: str, prop: str):
        """Return what the page holds for one dependency, as `payload` takes it.

        `UNDEFINED` for a prop the page does not hold (or holds as None); for a pattern
        id, the (id, value) pairs of the components it matches.
        """
        if is_pattern(cid):
            return [(real_id, _defined(self.index[key].get(prop))) for key, real_id
                    in self.matching(cid)]
        return _defined(self.get(cid, prop))

    def body(self, cb: Callback, changed: list[str]) -> dict:
        """Return the JSON body the renderer posts for ``cb`` after ``changed`` props."""
        return payload(cb, [self.value(i, p) for i, p in cb.inputs],
                       [self.value(i, p) for i, p in cb.state], changed)

    def apply(self, response: dict) -> list[str]:
        """Merge the props a callback's answer sets into the page; return their ``id.prop``."""
        changed, reindex = [], False
        for cid, props in response.items():
            for prop, value in props.items():
                self.set(cid, prop, value)
                changed.append(f"{cid}.{prop}")
                reindex = reindex or isinstance(value, (dict, list)) and prop != "elements"
        if reindex:
            self.reindex()
        return changed

    def triggered(self, changed: dict, initial: bool = False) -> list[tuple[Callback, list]]:
        """Return the server callbacks fired by ``changed`` props, with their changed ids.

        ``changed`` maps ``id.prop`` to the output string of the callback that wrote it
        (None for the user): Dash never fires a callback with its own outputs. Clientside
        callbacks with a known effect run first (in the browser they answer at once); a
        pattern input fires when the set of components it matches changes.
        """
        changed = dict(changed)
        for cb in self.callbacks:
            if cb.clientside and cb.clientside in CLIENTSIDE and changed.keys() & set(cb.input_keys):
                value = CLIENTSIDE[cb.clientside]([self.get(i, p) for i, p in cb.inputs])
                if value is not None:
                    cid, prop = cb.outputs[0]
                    self.set(cid, prop.split("@")[0], value)
                    changed[f"{cid}.{prop.split('@')[0]}"] = cb.output
        fired = []
        for cb in self.callbacks:
            if cb.clientside:
                continue
            hits = [k for k in cb.input_keys if k in changed and changed[k] != cb.output]
            pattern_changed = False
            for i, p in cb.inputs:
                if not is_pattern(i):
                    continue
                now = {k: real for k, real in self.matching(i)}
                before = self.seen.get((cb.output, i, p), frozenset())
                if set(now) != before:
                    pattern_changed = True
                    hits += [f"{k}.{p}" for k in now if k not in before]
                    self.seen[(cb.output, i, p)] = frozenset(now)
            if hits or pattern_changed or (initial and not cb.prevent_initial):
                fired.append((cb, hits))
        return fired


# ----------------------------------------------------------------------------- statistics

def slope(points: list[tuple[float, float]]) -> float:
    """Return the least-squares slope of (x, y) points (nan for fewer than two x values).

    Examples
    --------
    >>> slope([(0, 1), (1, 3), (2, 5)]), slope([(0, 1)])
    (2.0, nan)
    """
    if len({x for x, _ in points}) < 2:
        return math.nan
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def latencies(seconds: list) -> dict:
    """Return the count, nearest-rank p50, p95 and p99, and max (in ms) of durations in s.

    Examples
    --------
    >>> latencies([0.004, 0.001, 0.002])
    {'count': 3, 'p50_ms': 2.0, 'p95_ms': 4.0, 'p99_ms': 4.0, 'max_ms': 4.0}
    """
    return {"count": len(seconds),
            **{f"p{q}_ms": percentile(seconds, q) * 1000 for q in (50, 95, 99)},
            "max_ms": max(seconds, default=math.nan) * 1000}


class Stats:
    """Latencies and errors of one phase, shared by the users' threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: dict[str, list] = defaultdict(list)  # callback or page -> seconds
        self.actions: dict[str, list] = defaultdict(list)
        self.errors: Counter = Counter()
        self.samples: dict[str, str] = {}
        self.skipped: Counter = Counter()
        self.unsupported: set = set()
        self.interrupted = False
        self.start = self.end = time.monotonic()

    def request(self, name: str, seconds: float) -> None:
        """Record one answered request."""
        with self.lock:
            self.requests[name].append(seconds)

    def action(self, name: str, seconds: float) -> None:
        """Record one finished user action (all its requests)."""
        with self.lock:
            self.actions[name].append(seconds)

    def error(self, kind: str, detail: str) -> None:
        """Record one error of ``kind`` (keeping the first detail of each kind)."""
        with self.lock:
            self.errors[kind] += 1
            self.samples.setdefault(kind, detail[:300])

    def summary(self) -> dict:
        """Return the phase's figures as plain data."""
        with self.lock:
            callbacks = [v for k, vs in self.requests.items() if not k.startswith("GET ")
                         for v in vs]
            every = [v for vs in self.requests.values() for v in vs]
            elapsed = max(self.end - self.start, 1e-9)
            return {
                "elapsed_s": elapsed,
                "requests": len(every),
                "throughput_rps": len(every) / elapsed,
                "overall": latencies(every),
                "callbacks": latencies(callbacks),
                "per_request": {k: latencies(v) for k, v in sorted(self.requests.items())},
                "per_action": {k: latencies(v) for k, v in sorted(self.actions.items())},
                "errors": dict(self.errors),
                "error_total": sum(self.errors.values()),
                "error_samples": dict(self.samples),
                "skipped": dict(self.skipped),
                "unsupported": sorted(self.unsupported),
            }


# ----------------------------------------------------------------------------- one user

class Failed(Exception):
    """A request failed; the error is already recorded."""


class User:
    """One simulated browser tab, run on its own thread until ``stop`` is set."""

    def __init__(self, host: str, port: int, stats: Stats, stop: threading.Event, *,
                 seed: int, think: tuple[float, float], mix: dict, timeout: float):
        self.client = DashClient.http(host, port, timeout)
        self.stats, self.stop = stats, stop
        self.rng = random.Random(seed)
        self.think = think
        self.names, self.weights = list(mix), list(mix.values())
        self.page: Page | None = None
        self.action = "open"
        self.paused = 0.0  # seconds of typing pauses inside the current action
        self.lock = threading.Lock()

    # -- HTTP

    def http(self, method: str, path: str, name: str, body: dict | None = None):
        """Send one request; return its answer, or raise Failed after recording why."""
        try:
            response = self.client.request(method, path, body)
        except (TimeoutError, socket.timeout) as exc:
            self.stats.error("timeout", f"{name} during {self.action}: {exc}")
            raise Failed from None
        except (OSError, http.client.HTTPException) as exc:
            self.stats.error(f"connection error ({type(exc).__name__})",
                             f"{name} during {self.action}: {exc}")
            raise Failed from None
        self.stats.request(name, response.seconds)
        if not 200 <= response.status < 300:
            self.stats.error(f"non-2xx ({response.status})",
                             f"{name} during {self.action}: {response.content[:200]!r}")
            raise Failed
        return response

    def wrong(self, what: str, detail: str = "") -> None:
        """Record an answer whose content is not what the page needs."""
        self.stats.error(f"wrong content ({what})", f"during {self.action}: {detail}")
        raise Failed

    def post(self, cb: Callback, changed: list[str]) -> list[str]:
        """Post one callback request, merge its answer; return the props it changed."""
        with self.lock:  # requests of one wave run in parallel; the page is shared
            body = self.page.body(cb, changed)
        try:
            props = decode(cb, self.http("POST", UPDATE, cb.name, body))
        except AnswerError as exc:
            self.wrong(exc.what, exc.detail)
        with self.lock:
            return self.page.apply(props)

    def fire(self, changed, initial: bool = False) -> None:
        """Send the callbacks ``changed`` fires, wave after wave, as the renderer does."""
        waves = 0
        carried: dict = {}
        changed = dict.fromkeys(changed)  # the user changed these props
        while changed or carried or initial:
            fired = self.page.triggered(changed, initial)
            for cb, hits in fired:
                merged = carried.setdefault(cb.output, (cb, []))[1]
                merged += [h for h in hits if h not in merged]
            if not carried:
                return
            pending = {k for cb, _ in carried.values() for k in cb.out_keys}
            now, later = [], {}
            for key, (cb, hits) in carried.items():
                if any(k in pending - cb.out_keys for k in cb.input_keys):
                    later[key] = (cb, hits)  # an input is the output of a request in flight
                else:
                    now.append((cb, hits))
            if not now:  # a cycle: send them all rather than wait forever
                now, later = list(carried.values()), {}
            changed, carried, initial = {}, later, False
            results: list = [None] * len(now)

            def run(k, cb, hits):
                try:
                    results[k] = self.post(cb, hits)
                except Failed:
                    results[k] = Failed
            threads = [threading.Thread(target=run, args=(k, cb, hits), daemon=True)
                       for k, (cb, hits) in enumerate(now[1:], 1)]
            for t in threads:
                t.start()
            run(0, *now[0])
            for t in threads:
                t.join()
            if any(r is Failed for r in results):
                raise Failed
            for (cb, _), props in zip(now, results):
                changed.update(dict.fromkeys(props, cb.output))
            waves += 1
            if waves > 8:
                self.wrong("callbacks kept firing", ", ".join(cb.name for cb, _ in now))

    # -- what a user does

    def open(self) -> None:
        """Load the page as a browser does: HTML, layout, callback map, initial callbacks."""
        html = self.http("GET", "/", "GET /").content
        if b"_dash-config" not in html and b"react-entry-point" not in html:
            self.wrong("page without the Dash app", html[:120].decode("utf-8", "replace"))
        try:
            layout = self.http("GET", LAYOUT, f"GET {LAYOUT}").json()
            deps = self.http("GET", DEPENDENCIES, f"GET {DEPENDENCIES}").json()
        except ValueError as exc:
            self.wrong("layout or callback map is not JSON", str(exc))
        self.page = Page(layout, parse_callbacks(deps))
        if self.page.unsupported:
            with self.stats.lock:
                self.stats.unsupported.update(self.page.unsupported)
        # dcc.Location reports the address when it mounts.
        self.page.set("url", "pathname", "/")
        self.page.set("url", "search", "")
        self.fire({"url.search", "url.pathname"}, initial=True)
        self.check_drawn()

    def state(self) -> dict:
        """Return the view state the page holds."""
        value = self.page.get("view-state", "data")
        return value if isinstance(value, dict) else {}

    def check_drawn(self) -> None:
        """Check that the graph holds elements and the status line says what is shown."""
        els = self.page.get("graph", "elements")
        if not isinstance(els, list):
            self.wrong("graph elements are not a list", str(type(els)))
        if not self.page.get("status", "children"):
            self.wrong("empty status line")

    def drawn_nodes(self, groups: bool = False) -> list[dict]:
        """Return the data of the drawn nodes: data nodes, or only ``+N`` group nodes."""
        out = []
        for e in self.page.get("graph", "elements") or []:
            if "position" not in e:
                continue
            classes = str(e.get("classes", "")).split()
            is_group = "group" in classes or str(e["data"].get("id", "")).startswith("group:")
            if "ring" not in classes and is_group == groups:
                out.append(e["data"])
        return out

    def options(self, cid: str) -> list:
        """Return the values offered by a checklist or dropdown of the page."""
        return [o["value"] if isinstance(o, dict) else o for o in self.page.get(cid, "options") or []]

    def do(self, name: str) -> bool | None:
        """Perform one action; return False when it did not apply to the page (skipped),
        None when the run ended in the middle of it (not recorded)."""
        rng, page = self.rng, self.page
        if name == "open":
            self.open()
        elif name in ("needs", "tiers"):
            cid = "need-picker" if name == "needs" else "tier-toggles"
            choices = self.options(cid)
            if not choices:
                return False
            picked = set(page.get(cid, "value") or [])
            roll = rng.random()
            if roll < 0.7 or name == "tiers":  # tick or untick one box
                picked ^= {rng.choice([c for c in choices if c != "need"] or choices)}
            elif roll < 0.9:  # only one need
                picked = {rng.choice(choices)}
            else:  # all of them
                picked = set(choices)
            page.set(cid, "value", [c for c in choices if c in picked])
            self.fire({f"{cid}.value"})
            self.check_drawn()
        elif name in ("tap", "expand"):
            nodes = self.drawn_nodes(groups=name == "expand")
            if not nodes:
                return False
            data = rng.choice(nodes)
            before = self.state()
            page.set("graph", "tapNodeData", data)
            self.fire({"graph.tapNodeData"})
            after = self.state()
            if (name == "tap" and data["id"] != before.get("selected")
                    and after.get("selected") != data["id"]):
                self.wrong("tap did not select the node", data["id"])
            if name == "expand" and "more" in after and after.get("more") == before.get("more"):
                self.wrong("tap on a group did not expand it", data["id"])
            self.check_drawn()
        elif name == "details":
            targets = [p["data-node"] for _, p in page.every if "data-node" in p]
            if not targets:
                return self.do("tap")
            node = rng.choice(targets)
            page.set("nav-request", "data", {"node": node, "action": "select",
                                             "ts": int(time.time() * 1000)})
            self.fire({"nav-request.data"})
            if self.state().get("selected") != node:
                self.wrong("details button did not select its node", node)
        elif name == "search":
            return self.search()
        elif name == "focus":
            button = "details-unfocus" if self.state().get("focus") else "details-focus"
            if not page.has(button):
                return self.do("tap")
            page.set(button, "n_clicks", (page.get(button, "n_clicks") or 0) + 1)
            self.fire({f"{button}.n_clicks"})
            st = self.state()
            if button == "details-focus" and st.get("focus") != st.get("selected"):
                self.wrong("focus did not focus the selected node", str(st.get("selected")))
            self.check_drawn()
        elif name == "back":
            if not page.has("back") or page.get("back", "disabled"):
                return False
            page.set("back", "n_clicks", (page.get("back", "n_clicks") or 0) + 1)
            self.fire({"back.n_clicks"})
        elif name == "tab":
            tabs = [p.get("value") for kind, p in page.every if kind == "Tab"]
            current = page.get("panel-tabs", "value")
            tabs = [t for t in tabs if isinstance(t, str) and t != current]
            if not tabs:
                return False
            page.set("panel-tabs", "value", rng.choice(tabs))
            self.fire({"panel-tabs.value"})
        elif name == "export":
            return self.export()
        return True

    def search(self) -> bool | None:
        """Type a prefix of a drawn node's label a key at a time, then choose a result.

        As the search box does: one ``GET /search.json`` per key (each answer must be a
        JSON list), then the first option of the last answer written to the
        ``nav-request`` store.
        """
        rng, page = self.rng, self.page
        labels = [str(d.get("label") or "") for d in self.drawn_nodes()]
        labels = [t for t in labels if len(t.strip()) >= 3]
        if not labels or not page.has("search-box"):
            return False
        text = rng.choice(labels).strip()[:rng.randint(3, 8)]
        options = []
        for i in range(1, len(text) + 1):
            query = urllib.parse.urlencode({"q": text[:i], "limit": SUGGESTIONS})
            try:
                options = self.http("GET", f"/{ENDPOINT}?{query}", f"GET /{ENDPOINT}").json()
            except ValueError as exc:
                self.wrong("search answer is not JSON", str(exc))
            if not isinstance(options, list):
                self.wrong("search answer is not a list", repr(options)[:120])
            t0 = time.monotonic()
            interrupted = self.stop.wait(rng.uniform(0.08, 0.2))
            self.paused += time.monotonic() - t0
            if interrupted:
                return None  # the run ended while typing: the action is not recorded
        if not options:
            self.wrong("search found nothing", repr(text))
        node = options[0]["id"]
        page.set("nav-request", "data", nav_for(node, now=int(time.time() * 1000)))
        self.fire({"nav-request.data"})
        if self.state().get("focus") != node:
            self.wrong("chosen search result not focused", node)
        self.check_drawn()
        return True

    def export(self) -> bool:
        """Open the Export tab if needed, pick a format and download the view."""
        rng, page = self.rng, self.page
        if not page.has("export-button"):
            return False
        if page.get("panel-tabs", "value") != "export" and page.has("panel-tabs"):
            page.set("panel-tabs", "value", "export")
            self.fire({"panel-tabs.value"})
        formats = self.options("export-format")
        button = "export-svg" if page.has("export-svg") and rng.random() < 0.2 else "export-button"
        if formats and button == "export-button":
            page.set("export-format", "value", rng.choice(formats))
        page.set(button, "n_clicks", (page.get(button, "n_clicks") or 0) + 1)
        self.fire({f"{button}.n_clicks"})
        download = page.get("export-download", "data")
        if not isinstance(download, dict) or not download.get("content") or not download.get("filename"):
            self.wrong("export without content", str(download)[:120])
        page.set("export-download", "data", None)
        return True

    def run(self) -> None:
        """Open the page, then act and think until told to stop."""
        while not self.stop.is_set():
            name = "open" if self.page is None else self.rng.choices(self.names, self.weights)[0]
            self.action, self.paused = name, 0.0
            t0 = time.monotonic()
            try:
                done = self.do(name)
            except Failed:
                self.page = None if name == "open" else self.page
                done = None
            except Exception as exc:  # a bug of this script must not end the user silently
                self.stats.error(f"load script error ({type(exc).__name__})", f"{name}: {exc!r}")
                self.page, done = None, None
            if done:  # the time the user waited for the server, typing pauses left out
                self.stats.action(name, time.monotonic() - t0 - self.paused)
            elif done is False:
                with self.stats.lock:
                    self.stats.skipped[name] += 1
            self.stop.wait(self.rng.uniform(*self.think))


def run_phase(host: str, port: int, users: int, duration: float, *, seed: int,
              think: tuple[float, float], mix: dict, timeout: float, ramp: float) -> Stats:
    """Run ``users`` users for ``duration`` seconds (started over ``ramp`` seconds).

    On Ctrl-C the users are stopped and the figures so far returned, with
    ``stats.interrupted`` set.
    """
    stats, stop = Stats(), threading.Event()
    crew = [User(host, port, stats, stop, seed=seed * 1000 + k, think=think, mix=mix,
                 timeout=timeout) for k in range(users)]
    threads = []
    stats.start = time.monotonic()
    grace = timeout + 5  # a user finishes the request it is waiting for
    try:
        for k, user in enumerate(crew):
            t = threading.Thread(target=user.run, name=f"user-{k}", daemon=True)
            t.start()
            threads.append(t)
            if ramp and users > 1 and stop.wait(ramp / users):
                break
        stop.wait(max(0.0, duration - (time.monotonic() - stats.start)))
    except KeyboardInterrupt:
        stats.interrupted, grace = True, 5.0
    finally:
        stop.set()
        deadline = time.monotonic() + grace
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        stats.end = time.monotonic()
    return stats


# ----------------------------------------------------------------------------- the server

_GUNICORN_CONF = """
# The production settings (preloaded app, frozen before each fork...: explorer/wsgi.py),
# so the figures are those of `gunicorn -c gunicorn.conf.py app:server`.
from explorer.settings import resolve
from explorer.wsgi import gunicorn_options
globals().update(gunicorn_options(resolve()))

def post_worker_init(worker):
    worker.log.info("load: worker %s ready", worker.pid)
"""


class Server:
    """Gunicorn serving ``app:server`` on a free local port, with its memory sampled."""

    def __init__(self, data: Path, workers: int, threads: int, element_cap: int | None,
                 sample_every: float, preload: bool = False):
        self.data, self.workers, self.threads, self.preload = data, workers, threads, preload
        self.element_cap, self.sample_every = element_cap, sample_every
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.samples: list[tuple[float, float]] = []  # (monotonic time, MB)
        self.cpu_dead = 0.0
        self._cpu_seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._tmp = tempfile.TemporaryDirectory(prefix="wow-load-")
        self.log_path = Path(self._tmp.name) / "gunicorn.log"
        self.access_path = Path(self._tmp.name) / "access.log"

    def start(self, wait: float = 180.0) -> None:
        """Start gunicorn and wait until every worker has loaded the app and /healthz answers."""
        conf = Path(self._tmp.name) / "gunicorn_conf.py"
        conf.write_text(_GUNICORN_CONF)
        exe = Path(sys.executable).with_name("gunicorn")
        cmd = [str(exe) if exe.exists() else "gunicorn", "-c", str(conf),
               "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}"]
        if self.threads > 1:
            cmd += ["--threads", str(self.threads)]
        if self.preload:
            cmd.append("--preload")
        # Time spent in a worker per request (microseconds): queueing in the listen
        # backlog is left out, so the client's figures minus these are waits for a worker.
        cmd += ["--access-logfile", str(self.access_path), "--access-logformat", "%(m)s %(s)s %(D)s"]
        cmd.append("app:server")
        env = dict(os.environ, WOW_DATA=str(self.data.resolve()), PYTHONUNBUFFERED="1")
        if self.element_cap:
            env["WOW_ELEMENT_CAP"] = str(self.element_cap)
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.proc.returncode}:\n"
                                   + self.log_tail())
            if self.ready_workers() >= self.workers and self.healthy():
                break
            time.sleep(0.25)
        else:
            raise RuntimeError(f"gunicorn not ready after {wait:.0f} s:\n" + self.log_tail())
        threading.Thread(target=self._sample, name="rss-sampler", daemon=True).start()

    def log_text(self) -> str:
        """Return gunicorn's log so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 20) -> str:
        """Return the last lines of gunicorn's log."""
        return "\n".join(self.log_text().splitlines()[-lines:])

    def ready_workers(self) -> int:
        """Return how many workers have finished loading the app so far."""
        return self.log_text().count("load: worker")

    def healthy(self) -> bool:
        """Tell whether /healthz answers 200."""
        try:
            return DashClient.http("127.0.0.1", self.port, timeout=5).get("/healthz").status == 200
        except OSError:
            return False

    def pids(self) -> list[int]:
        """Return the master's and the workers' process ids."""
        return [self.proc.pid, *child_pids(self.proc.pid)] if self.proc else []

    def rss_mb(self) -> float:
        """Return the RSS of master plus workers, in MB."""
        return rss_mb(*self.pids())

    def cpu_s(self) -> float:
        """Return the CPU seconds used by master and workers, including replaced workers."""
        for pid in self.pids():
            self._cpu_seen[pid] = max(self._cpu_seen.get(pid, 0.0), cpu_seconds(pid))
        return sum(self._cpu_seen.values())

    def _sample(self) -> None:
        """Sample memory (and CPU, so workers replaced mid-run still count) until stopped."""
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), self.rss_mb()))
            self.cpu_s()
            self._stop.wait(self.sample_every)

    def stop(self) -> None:
        """Stop gunicorn (SIGTERM, then SIGKILL after 15 s) and the sampler."""
        self._stop.set()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if getattr(self, "log", None):
            self.log.close()

    def access_offset(self) -> int:
        """Return the size of the access log so far (where a phase's lines start)."""
        return self.access_path.stat().st_size if self.access_path.exists() else 0

    def worker_times(self, offset: int, elapsed: float) -> dict:
        """Return the in-worker time of the callback requests logged after ``offset``.

        Also how busy the workers were (total in-worker time / elapsed / workers: near 1
        means requests queue for a worker) and the share of that time spent on requests
        answered "no update" (204).
        """
        times, no_update = [], 0.0
        with open(self.access_path, "rb") as f:
            f.seek(offset)
            for line in f:
                parts = line.split()
                if len(parts) == 3 and parts[0] == b"POST" and parts[2].isdigit():
                    seconds = int(parts[2]) / 1e6
                    times.append(seconds)
                    no_update += seconds if parts[1] == b"204" else 0.0
        total = sum(times)
        return {**latencies(times),
                "mean_ms": total / len(times) * 1000 if times else math.nan,
                "busy": total / max(elapsed, 1e-9) / self.workers,
                "no_update_share": no_update / total if total else math.nan}

    def restarts(self) -> int:
        """Return how many workers were booted beyond the first ``workers``."""
        return max(0, self.ready_workers() - self.workers)

    def cleanup(self) -> None:
        """Remove the temporary folder holding the log and config."""
        self._tmp.cleanup()


def memory(samples: list[tuple[float, float]], t0: float, t1: float) -> dict:
    """Return start, end, max and slope (MB/min, whole window and its second half) of RSS."""
    window = [(t, mb) for t, mb in samples if t0 <= t <= t1]
    if not window:
        return {"samples": 0}
    mid = t0 + (t1 - t0) / 2
    return {
        "samples": len(window),
        "start_mb": window[0][1], "end_mb": window[-1][1], "max_mb": max(mb for _, mb in window),
        "slope_mb_per_min": slope([((t - t0) / 60, mb) for t, mb in window]),
        "slope_second_half_mb_per_min": slope([((t - t0) / 60, mb) for t, mb in window if t >= mid]),
    }


# ----------------------------------------------------------------------------- report

def _fmt(ms: float) -> str:
    """Return milliseconds as text (a dash for nan)."""
    return "-" if math.isnan(ms) else f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}"


def _table(title: str, rows: dict) -> list[str]:
    """Return the lines of a latency table."""
    lines = [f"  {title:<30} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"]
    for name, d in rows.items():
        lines.append(f"  {name[:30]:<30} {d['count']:>7} {_fmt(d['p50_ms']):>8} "
                     f"{_fmt(d['p95_ms']):>8} {_fmt(d['p99_ms']):>8} {_fmt(d['max_ms']):>8}")
    return lines


def report(result: dict) -> str:
    """Return the printed summary of a run."""
    lines = []
    for phase in ("baseline", "load"):
        s = result.get(phase)
        if not s:
            continue
        lines += [
            "",
            f"== {phase}: {s['users']} user(s), {result['workers']} worker(s), "
            f"{s['elapsed_s']:.0f} s ==",
            f"requests {s['requests']:,}, throughput {s['throughput_rps']:.1f} req/s, "
            f"errors {s['error_total']}",
            *_table("per action", s["per_action"]),
            *_table("per request", s["per_request"]),
            *_table("overall (every request)", {"all": s["overall"]}),
            *_table("callbacks (POST only)", {"callbacks": s["callbacks"]}),
        ]
        w = s.get("in_worker", {})
        if w.get("count"):
            lines += _table("callbacks, time in a worker", {"(gunicorn access log)": w})
            lines.append(f"  workers busy {w['busy']:.0%} of the time (callbacks only; mean "
                         f"{_fmt(w['mean_ms'])} ms each), {w['no_update_share']:.0%} of it on "
                         f"callbacks answered 'no update' (204)")
        if s["errors"]:
            lines.append("  errors by kind:")
            lines += [f"    {n:>6}  {k}: e.g. {s['error_samples'][k]}" for k, n in s["errors"].items()]
        if s["skipped"]:
            lines.append("  skipped (did not apply to the page): "
                         + ", ".join(f"{k} {v}" for k, v in sorted(s["skipped"].items())))
    m = result.get("memory") or {}
    if m.get("samples"):
        lines += ["", f"server memory (RSS master + workers, {m['samples']} samples during load): "
                  f"start {m['start_mb']:.0f} MB, end {m['end_mb']:.0f} MB, max {m['max_mb']:.0f} MB, "
                  f"slope {m['slope_mb_per_min']:+.1f} MB/min "
                  f"(second half {m['slope_second_half_mb_per_min']:+.1f} MB/min)"]
    requests = sum(result.get(p, {}).get("requests", 0) for p in ("baseline", "load"))
    elapsed = sum(result.get(p, {}).get("elapsed_s", 0) for p in ("baseline", "load"))
    server_cpu = result.get("server_cpu_s", math.nan)
    lines += [
        f"cpu: server {server_cpu:.0f} s ({server_cpu / max(requests, 1) * 1000:.1f} ms per "
        f"request, {server_cpu / elapsed if elapsed else math.nan:.2f} of a core on average), "
        f"load generator "
        f"{result.get('client_cpu_s', math.nan):.0f} s; same machine, {os.cpu_count()} cores, "
        f"load average start {result['loadavg_start']}, end {result['loadavg_end']}",
        f"gunicorn workers restarted: {result.get('worker_restarts', '-')}",
    ]
    if result.get("ratio_p95") is not None:
        lines.append(f"p95 callback latency: {result['load']['users']} users "
                     f"{_fmt(result['load']['callbacks']['p95_ms'])} ms, 1 user "
                     f"{_fmt(result['baseline']['callbacks']['p95_ms'])} ms, "
                     f"ratio {result['ratio_p95']:.2f}x")
    if result.get("unsupported"):
        lines.append("callbacks not driven (pattern outputs, MATCH or ALLSMALLER): "
                     + ", ".join(result["unsupported"]))
    return "\n".join(lines)


def parse_mix(text: str) -> dict:
    """Parse ``action=weight,...`` over the default mix.

    Examples
    --------
    >>> parse_mix("open=0,export=10")["export"], "open" in parse_mix("open=0")
    (10.0, False)
    """
    mix = dict(DEFAULT_MIX)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, weight = part.partition("=")
        if name not in DEFAULT_MIX:
            raise argparse.ArgumentTypeError(
                f"unknown action {name!r}, expected some of {', '.join(DEFAULT_MIX)}")
        mix[name] = float(weight)
    return {k: v for k, v in mix.items() if v > 0}


def build_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--users", type=int, default=50, help="simulated users (default 50)")
    p.add_argument("--duration", type=float, default=60, help="seconds of full load (default 60)")
    p.add_argument("--soak", type=float, default=None, metavar="SECONDS",
                   help="run the full load this long instead (e.g. 300), to judge memory")
    p.add_argument("--baseline", type=float, default=20, metavar="SECONDS",
                   help="seconds of the one-user baseline run first (default 20; 0 skips it)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--threads", type=int, default=1,
                   help="threads per gunicorn worker (default 1: the sync worker)")
    p.add_argument("--url", default=None, metavar="http://HOST:PORT",
                   help="drive a server already running there instead of starting gunicorn "
                        "(no memory figures then)")
    p.add_argument("--preload", action="store_true",
                   help="(kept for old command lines: the app is always preloaded, as in "
                        "production)")
    p.add_argument("--data", type=Path, default=None,
                   help="data folder (default: WOW_DATA or the bundled data/)")
    p.add_argument("--element-cap", type=int, default=None, help="WOW_ELEMENT_CAP for the server")
    p.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"),
                   help="think time between actions, uniform in seconds (default 2 6)")
    p.add_argument("--ramp", type=float, default=10, help="seconds over which users start (default 10)")
    p.add_argument("--mix", type=parse_mix, default=dict(DEFAULT_MIX),
                   help="action weights over the default, e.g. 'export=10,open=0'")
    p.add_argument("--timeout", type=float, default=30, help="request timeout in seconds (default 30)")
    p.add_argument("--sample", type=float, default=3, help="memory sampling period in seconds (default 3)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the users (default 1)")
    p.add_argument("--json", type=Path, default=None, help="also write the figures to this JSON file")
    return p


def _interrupt(signum, frame):
    """Turn SIGTERM into KeyboardInterrupt, so gunicorn is stopped as on Ctrl-C."""
    raise KeyboardInterrupt


def main(argv=None) -> int:
    """Run the load test and print its summary; return 0 with no error, 1 otherwise."""
    parser = build_parser()
    args = parser.parse_args(argv)
    duration = args.soak if args.soak is not None else args.duration
    for name, value in (("--users", args.users), ("--workers", args.workers),
                        ("--threads", args.threads), ("--duration/--soak", duration),
                        ("--timeout", args.timeout), ("--sample", args.sample)):
        if value <= 0:
            parser.error(f"{name} must be above 0, got {value}")
    if args.think[0] < 0 or args.think[1] < args.think[0] or args.baseline < 0 or args.ramp < 0:
        parser.error("--think MIN MAX needs 0 <= MIN <= MAX; --baseline and --ramp must be >= 0")
    data = args.data or Path(os.environ.get("WOW_DATA") or REPO / "data")
    server = None
    if args.url:
        parts = urllib.parse.urlsplit(args.url)
        if parts.scheme != "http" or not parts.hostname or parts.path not in ("", "/"):
            print(f"--url {args.url!r}: expected http://HOST:PORT", file=sys.stderr)
            return 2
        host, port = parts.hostname, parts.port or 80
    elif not (data / "nodes.csv").exists():
        print(f"{data}: no nodes.csv there, expected a data folder", file=sys.stderr)
        return 2
    else:
        server = Server(data, args.workers, args.threads, args.element_cap, args.sample,
                        args.preload)
        host, port = "127.0.0.1", server.port
    result = {"data": args.url or str(data), "workers": args.workers if server else "?",
              "threads": args.threads, "preload": args.preload, "think_s": list(args.think),
              "mix": args.mix, "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    previous = signal.signal(signal.SIGTERM, _interrupt)
    interrupted = False
    cpu0, client0 = 0.0, resource.getrusage(resource.RUSAGE_SELF)
    try:
        if server:
            print(f"starting gunicorn: {args.workers} worker(s) on {host}:{port}, data {data}",
                  flush=True)
            try:
                server.start()
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 2
            print(f"ready; memory {server.rss_mb():.0f} MB", flush=True)
            cpu0 = server.cpu_s()
        client0 = resource.getrusage(resource.RUSAGE_SELF)
        phases = [("baseline", 1, args.baseline)] if args.baseline > 0 else []
        phases.append(("load", args.users, duration))
        for phase, users, seconds in phases:
            print(f"{phase}: {users} user(s) for {seconds:.0f} s", flush=True)
            t0, offset = time.monotonic(), server.access_offset() if server else 0
            stats = run_phase(host, port, users, seconds, seed=args.seed,
                              think=tuple(args.think), mix=args.mix, timeout=args.timeout,
                              ramp=args.ramp if phase == "load" else 0)
            result[phase] = {"users": users, **stats.summary()}
            if server:
                time.sleep(0.2)  # gunicorn writes the access line after the response
                result[phase]["in_worker"] = server.worker_times(offset, stats.end - stats.start)
            if phase == "load" and server:
                server.samples.append((time.monotonic(), server.rss_mb()))
                result["memory"] = memory(server.samples, t0, time.monotonic())
            if stats.interrupted:
                raise KeyboardInterrupt
    except KeyboardInterrupt:
        interrupted = True
        print("interrupted: stopping", file=sys.stderr)
    finally:
        ru = resource.getrusage(resource.RUSAGE_SELF)
        result["client_cpu_s"] = ru.ru_utime + ru.ru_stime - client0.ru_utime - client0.ru_stime
        if server:
            result["server_cpu_s"] = server.cpu_s() - cpu0
            result["worker_restarts"] = server.restarts()
            server.stop()
            server.cleanup()
        signal.signal(signal.SIGTERM, previous)
    result["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if result.get("baseline") and result.get("load"):
        base = result["baseline"]["callbacks"]["p95_ms"]
        result["ratio_p95"] = result["load"]["callbacks"]["p95_ms"] / base if base else None
    result["unsupported"] = sorted({n for p in ("baseline", "load")
                                    for n in result.get(p, {}).get("unsupported", [])})
    print(report(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))
    if interrupted:
        return 130
    errors = sum(result.get(p, {}).get("error_total", 0) for p in ("baseline", "load"))
    return 0 if errors == 0 and "load" in result else 1


if __name__ == "__main__":
    sys.exit(main())
