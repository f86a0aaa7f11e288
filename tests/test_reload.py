"""Explicit reload, never half-read: data on disk are served only after SIGHUP to the master.

`explorer.snapshot.load_stable` is driven through files that change while they are read
(a builder wrapper edits them at chosen moments); `explorer.wsgi.reload_app` through a
stand-in master; then a real ``python app.py --workers 2`` goes through the whole story:
files changed on disk, a killed worker, a reload, a reload with broken data.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from explorer import wsgi
from explorer.settings import SettingsError
from explorer.snapshot import data_checksum, load_stable
from explorer.testing import free_port
from graph.build import load_graph
from graph.errors import DataError
from tests.test_serving import (TINY, healthy, running, served_by_pid, tiny_copy, two_workers,
                                wait_until)

#: Edits that keep the tiny data valid but change its bytes, by file.
EDITS = {
    "nodes.csv": (b"A safe, lasting place", b"A safe, lasting, warm place"),
    "edges.csv": (b"Nursing care restores", b"Nursing care restores and keeps"),
}
#: An edit that breaks edges.csv on line 2 (an unknown relation).
BREAK_EDGES = (b"health-and-well-being,serves,", b"health-and-well-being,servez,")
BROKEN_MESSAGE = "edges.csv:2: column relation: unknown relation 'servez'"


def edit(folder: Path, name: str, change=None) -> None:
    """Apply one byte replacement to a data file (by default the valid edit of `EDITS`)."""
    old, new = change or EDITS[name]
    path = folder / name
    data = path.read_bytes()
    assert old in data, f"{name} of the tiny data no longer holds {old!r}"
    path.write_bytes(data.replace(old, new, 1))


def checksum_of(folder: Path) -> str:
    """Return the sha256 of nodes.csv, edges.csv then any titles.csv and skills.csv, computed
    here independently."""
    names = ("nodes.csv", "edges.csv", "titles.csv", "skills.csv")
    return hashlib.sha256(b"".join((folder / n).read_bytes() for n in names
                                   if (folder / n).exists())).hexdigest()


class EditingLoader:
    """A builder that edits the files at chosen calls, before or after building the graph."""

    def __init__(self, folder: Path, script: dict):
        self.folder = folder
        self.script = script  # call number -> (when, action); when is "before" or "after"
        self.calls = 0

    def __call__(self, folder):
        self.calls += 1
        when, action = self.script.get(self.calls, (None, None))
        if when == "before":
            action(self.folder)
        try:
            return load_graph(folder)
        finally:
            if when == "after":
                action(self.folder)


def half_written(folder: Path) -> None:
    """Leave nodes.csv cut in the middle of a row, as a copy still under way would."""
    path = folder / "nodes.csv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


# ----------------------------------------------------------------------- load_stable


@pytest.mark.parametrize("folder", [TINY, TINY.parents[2] / "data"], ids=["tiny", "curated"])
def test_an_unchanged_folder_loads_with_the_checksum_of_its_bytes(folder):
    G = load_stable(folder, pause=0)
    assert G.graph["checksum"] == checksum_of(folder) == data_checksum(folder)
    assert G.number_of_nodes() == load_graph(folder).number_of_nodes()


@pytest.mark.parametrize("script, calls, what", [
    # nodes.csv rewritten while the builder read: the second read is taken.
    ({1: ("after", lambda f: edit(f, "nodes.csv"))}, 2, "a file changed during the build"),
    # new nodes.csv but old edges.csv when the build started, edges.csv following later.
    ({1: ("before", lambda f: edit(f, "nodes.csv")),
      2: ("after", lambda f: edit(f, "edges.csv"))}, 3, "the second file caught up later"),
    # a half-written nodes.csv makes the build fail; the error is not reported, the
    # folder is read again once the copy has finished.
    ({1: ("before", half_written),
      2: ("after", lambda f: (f / "nodes.csv").write_bytes((TINY / "nodes.csv").read_bytes()))},
     3, "a file caught mid-write"),
])
def test_a_folder_changing_while_read_is_read_again_and_never_mixed(tmp_path, script, calls,
                                                                    what):
    folder = tiny_copy(tmp_path)
    loader = EditingLoader(folder, script)
    G = load_stable(folder, pause=0, load=loader)
    assert loader.calls == calls, what
    # The graph is the files as they are now, both of them, not a mix of two moments.
    assert G.graph["checksum"] == checksum_of(folder)
    assert G.nodes == load_graph(folder).nodes
    assert dict(G.nodes(data=True)) == dict(load_graph(folder).nodes(data=True))


def test_a_folder_that_never_settles_is_a_clear_error(tmp_path):
    folder = tiny_copy(tmp_path)
    flip = {"on": False}

    def toggle(f):
        flip["on"] = not flip["on"]
        old, new = EDITS["nodes.csv"]
        edit(f, "nodes.csv", (old, new) if flip["on"] else (new, old))

    loader = EditingLoader(folder, {n: ("after", toggle) for n in range(1, 10)})
    with pytest.raises(DataError) as error:
        load_stable(folder, attempts=4, pause=0, load=loader)
    assert loader.calls == 4
    [problem] = error.value.problems
    assert problem.file == str(folder)
    assert "changed while being read, 4 times in a row" in str(error.value)
    assert "move them into the folder, then reload" in str(error.value)


def test_invalid_unchanged_data_raise_the_builders_problems(tmp_path):
    folder = tiny_copy(tmp_path)
    edit(folder, "edges.csv", BREAK_EDGES)
    with pytest.raises(DataError) as stable:
        load_stable(folder, pause=0)
    with pytest.raises(DataError) as direct:
        load_graph(folder)
    assert stable.value.problems == direct.value.problems
    assert BROKEN_MESSAGE in str(stable.value)


# ------------------------------------------------------------------------ reload_app


class Recorder(logging.Handler):
    """A log handler keeping (level, message) pairs."""

    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append((record.levelname, record.getMessage()))


def master(callable_):
    """Return a stand-in gunicorn master: ``app.callable`` and a ``log`` with the same methods."""
    logger = logging.Logger("stand-in-master")
    recorder = Recorder()
    logger.addHandler(recorder)
    return SimpleNamespace(app=SimpleNamespace(callable=callable_), log=logger), recorder


def server_of(folder):
    """Return a stand-in Flask server carrying what `explorer.serving.install` records."""
    G = load_graph(folder)
    info = {"dataset": G.graph["name"], "checksum": G.graph["checksum"],
            "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    return SimpleNamespace(extensions={wsgi.EXTENSION: info})


def fail_with(error):
    """Return a factory raising ``error``."""
    def factory():
        raise error
    return factory


@pytest.mark.parametrize("factory_error, level, words", [
    (DataError([]), "ERROR", "Reload refused, still serving tiny (checksum "),
    (SettingsError("workers: 'x' is not a valid whole number"), "ERROR",
     "workers: 'x' is not a valid whole number"),
    (RuntimeError("a bug"), "ERROR", "Reload failed, still serving tiny (checksum "),
])
def test_a_failed_reload_keeps_the_old_app_and_logs_why(factory_error, level, words):
    old = server_of(TINY)
    arbiter, log = master(old)
    assert wsgi.reload_app(arbiter, fail_with(factory_error)) is False
    assert arbiter.app.callable is old
    assert any(lvl == level and words in message for lvl, message in log.records), log.records


def test_a_reload_with_broken_data_logs_every_problem(tmp_path):
    folder = tiny_copy(tmp_path)
    edit(folder, "edges.csv", BREAK_EDGES)
    edit(folder, "nodes.csv", (b"family,Family,need", b"family,Family,needs"))
    old = server_of(TINY)
    arbiter, log = master(old)

    def factory():
        load_stable(folder, pause=0)
    assert wsgi.reload_app(arbiter, factory) is False
    assert arbiter.app.callable is old
    [(level, message)] = log.records
    assert level == "ERROR"
    assert f"{old.extensions[wsgi.EXTENSION]['checksum'][:12]}" in message
    assert "nodes.csv:2: column tier: unknown tier 'needs'" in message
    assert BROKEN_MESSAGE in message


def test_a_successful_reload_hands_the_new_app_to_the_next_workers(tmp_path):
    folder = tiny_copy(tmp_path)
    edit(folder, "nodes.csv")
    arbiter, log = master(server_of(TINY))
    new = SimpleNamespace(server=server_of(folder))
    assert wsgi.reload_app(arbiter, lambda: new) is True
    assert arbiter.app.callable is new.server
    assert log.records == [("INFO", "Reloaded the data: now serving tiny (checksum "
                            f"{checksum_of(folder)[:12]}, 28 nodes, 27 edges)")]


# --------------------------------------------------------------- a real master, 2 workers


def answers(base: str, n: int) -> list[tuple[int, str]]:
    """Return (pid, checksum) of ``n`` answers of /healthz."""
    out = []
    for _ in range(n):
        health = healthy(base)
        assert health, "the server stopped answering"
        out.append((health["pid"], health["checksum"]))
    return out


def test_data_change_only_on_sighup_and_every_worker_serves_the_same(tmp_path):
    pytest.importorskip("gunicorn")
    data = tiny_copy(tmp_path)
    first = checksum_of(data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    command = [sys.executable, "app.py", "--workers", "2", "--host", "127.0.0.1",
               "--port", str(port), "--data", str(data)]
    with running(command, log, env={"WOW_DEBUG": "0"}) as proc:
        wait_until(lambda: proc.poll() is None and healthy(base), 60, "app.py to answer")
        workers = two_workers(proc)
        assert served_by_pid(base, workers) == {pid: first for pid in workers}

        # 1. Both files change on disk: every worker still serves the data it started on.
        edit(data, "nodes.csv")
        edit(data, "edges.csv")
        second = checksum_of(data)
        assert second != first
        assert {checksum for _, checksum in answers(base, 8)} == {first}

        # 2. A worker killed after the change comes back with the OLD data.
        os.kill(workers[0], signal.SIGKILL)
        replacement = two_workers(proc, other_than=[workers[0]])
        [newcomer] = set(replacement) - set(workers)
        assert served_by_pid(base, replacement) == {pid: first for pid in replacement}, \
            f"worker {newcomer}, started after the change, must serve the old data"

        # 3. SIGHUP: fresh workers, all on the new data, the old ones gone.
        proc.send_signal(signal.SIGHUP)
        reloaded = two_workers(proc, other_than=replacement)
        assert served_by_pid(base, reloaded) == {pid: second for pid in reloaded}
        assert "Reloaded the data: now serving tiny (checksum " + second[:12] in log.read_text()

        # 4. SIGHUP with a broken file: still the data of step 3, the problem logged.
        edit(data, "edges.csv", BREAK_EDGES)
        proc.send_signal(signal.SIGHUP)
        wait_until(lambda: "Reload refused" in log.read_text(), 40, "the refused reload")
        after_refusal = two_workers(proc, other_than=reloaded)
        assert served_by_pid(base, after_refusal) == {pid: second for pid in after_refusal}
        assert proc.poll() is None
    text = log.read_text()
    assert f"Reload refused, still serving tiny (checksum {second[:12]}" in text
    assert BROKEN_MESSAGE in text
    assert "Traceback" not in text
