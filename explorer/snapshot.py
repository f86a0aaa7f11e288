"""Load a data folder as one consistent set of files, never half-read.

The explorer reads its data folder at start and on an explicit reload only (see
`explorer.wsgi`). Files can still change while they are read: an editor saving
``nodes.csv`` in place, or a copy that has written the new ``nodes.csv`` but not yet the
new ``edges.csv``, ``titles.csv`` or ``skills.csv``. `load_stable` therefore reads the bytes
of the data files (``titles.csv`` and ``skills.csv`` too, when there are some) before and after building the graph, and
accepts the graph only when nothing changed in between and the graph's checksum is the
checksum of those bytes; otherwise it waits and tries again. So new nodes are never
served with old titles.

Examples
--------
>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "nodes.csv").write_text(
...     "id,label,tier,description\\nlearning,Learning,need,Gaining knowledge.\\n"
...     "educator,Educator,profession,Teaches people.\\n", encoding="utf-8")
>>> _ = (folder / "edges.csv").write_text(
...     "source,target,relation\\neducator,learning,serves\\n", encoding="utf-8")
>>> G = load_stable(folder)
>>> G.graph["checksum"] == data_checksum(folder), G.number_of_nodes()
(True, 2)
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Callable

import networkx as nx

from graph.build import load_graph
from graph.errors import DataError, Problem
from graph.schema import EDGES_FILE, NODES_FILE, SKILLS_FILE, TITLES_FILE

#: How many times a folder that changes while it is read is read again.
ATTEMPTS = 5

#: Seconds waited after the first changed read; doubled after each further one.
PAUSE = 0.1

_CHUNK = 1 << 20


def _digests(folder: Path) -> tuple:
    """Return the sha256 of each data file (None if absent or unreadable), then of them all."""
    whole = hashlib.sha256()
    each = []
    for name in (NODES_FILE, EDGES_FILE, TITLES_FILE, SKILLS_FILE):
        one = hashlib.sha256()
        try:
            with (folder / name).open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    one.update(chunk)
                    whole.update(chunk)
        except OSError:
            each.append(None)
        else:
            each.append(one.hexdigest())
    return (*each, whole.hexdigest())


def data_checksum(data_dir) -> str:
    """Return the checksum `graph.build.load_graph` would give the folder's files as they are now.

    It is the sha256 of the bytes of ``nodes.csv``, ``edges.csv``, then ``titles.csv`` and
    ``skills.csv`` (when the folder has them), so operators can compare the data on disk
    with the ``checksum`` that ``/healthz`` reports.
    """
    return _digests(Path(data_dir))[-1]


def load_stable(data_dir, *, attempts: int = ATTEMPTS, pause: float = PAUSE,
                load: Callable[[Path], nx.DiGraph] = load_graph) -> nx.DiGraph:
    """Return the graph of a data folder whose files did not change while being read.

    Parameters
    ----------
    data_dir : str or path-like
        Folder holding ``nodes.csv`` and ``edges.csv``, and maybe ``titles.csv`` and
        ``skills.csv``.
    attempts : int
        Reads tried before giving up on a folder that keeps changing.
    pause : float
        Seconds waited after the first changed read, doubled after each further one.
    load : callable
        The builder, `graph.build.load_graph` (tests pass a wrapper that edits the files).

    Returns
    -------
    G : networkx.DiGraph
        As from `graph.build.load_graph`, built from bytes that stayed the same from
        before the build until after it, so ``G.graph["checksum"]`` names the files as
        they were together on disk (a titles.csv or skills.csv that appeared, vanished or
        changed in between counts as a change).

    Raises
    ------
    DataError
        The builder's problems when the unchanged files are invalid (problems seen while
        the files were changing are not reported, the files are read again), or a problem
        naming the folder when its files changed during every attempt.
    """
    folder = Path(data_dir)
    attempts = max(1, int(attempts))
    for attempt in range(attempts):
        if attempt:
            time.sleep(pause * 2 ** (attempt - 1))
        before = _digests(folder)
        try:
            G, error = load(folder), None
        except DataError as exc:
            G, error = None, exc
        if _digests(folder) == before and (G is None or G.graph["checksum"] == before[-1]):
            if error is not None:
                raise error
            return G
    raise DataError([Problem(
        str(folder), None, None,
        f"{NODES_FILE}, {EDGES_FILE}, {TITLES_FILE} or {SKILLS_FILE} changed while being read, {attempts} "
        "times in a row",
        "files left unchanged while they load (write new files elsewhere, move them into "
        "the folder, then reload)",
    )])
