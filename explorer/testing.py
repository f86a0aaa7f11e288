"""Helpers the tests and benchmarks use to serve and measure the explorer.

Serving: `free_port` and `LiveServer` (a WSGI app on a local port, in a thread).
Browsers: `chromium_path` and `CHROMIUM_ARGS` (headless Chromium on a closed network).
Processes, read from Linux's ``/proc``: `child_pids`, `memory_mb`, `rss_mb`,
`cpu_seconds`. Figures: `percentile` (nearest rank) and `spread`.

See Also
--------
explorer.client : speaks the Dash callback protocol to a served or in-process app.
"""

from __future__ import annotations

import math
import os
import shutil
import socket
import statistics
import threading
from pathlib import Path

# ----------------------------------------------------------------------------- browsers

#: Chromium's flags for tests and benchmarks: no sandbox (root), no GPU, and none of the
#: background connections a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """Return the Chromium executable to drive ($CHROMIUM, else Debian's), or None.

    Examples
    --------
    >>> path = chromium_path()
    >>> path is None or os.access(path, os.X_OK)
    True
    """
    wanted = os.environ.get("CHROMIUM")
    candidates = [wanted] if wanted else ["/usr/bin/chromium", "chromium", "chromium-browser"]
    for candidate in candidates:
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
        found = shutil.which(candidate)
        if found:
            return found
    return None


# ----------------------------------------------------------------------------- serving


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port free on ``host`` right now.

    Notes
    -----
    The port is bound then released, so another process may take it before the caller
    does; good enough for tests and benchmarks on one machine.

    Examples
    --------
    >>> 1024 <= free_port() <= 65535
    True
    """
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class LiveServer:
    """A WSGI app (or a Dash app's Flask server) served on a free 127.0.0.1 port in a thread.

    ``url`` is ``http://127.0.0.1:PORT`` (no trailing slash); `close` stops it.

    Examples
    --------
    >>> import urllib.request
    >>> def hello(environ, start_response):
    ...     start_response("200 OK", [("Content-Type", "text/plain")])
    ...     return [b"hello"]
    >>> server = LiveServer(hello)
    >>> urllib.request.urlopen(server.url, timeout=5).read()
    b'hello'
    >>> server.close()
    """

    def __init__(self, app):
        from werkzeug.serving import make_server

        self._server = make_server("127.0.0.1", 0, getattr(app, "server", app), threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving and wait for the thread to end."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


# ----------------------------------------------------------------------------- processes


def _stat_fields(pid: int) -> list[str]:
    """Return the fields of ``/proc/PID/stat`` after the command name (state first)."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def child_pids(pid: int) -> list[int]:
    """Return the ids of the running processes whose parent is ``pid``, in ascending order.

    See Also
    --------
    rss_mb : the memory of a process and its children.

    Notes
    -----
    Reads ``/proc/*/stat`` (the parent id of every process): a few milliseconds, and it
    needs no kernel option (``/proc/PID/task/*/children`` does).

    Examples
    --------
    >>> import subprocess, sys
    >>> child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    >>> child.pid in child_pids(os.getpid())
    True
    >>> child.kill()
    >>> _ = child.wait()
    """
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                fields = _stat_fields(int(name))
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(name))
    return sorted(out)


def memory_mb(pid: int) -> dict[str, float]:
    """Return VmRSS (resident now) and VmHWM (peak resident) of a live process, in MB.

    Raises `OSError` when the process is gone.

    Examples
    --------
    >>> sorted(memory_mb(os.getpid()))
    ['VmHWM', 'VmRSS']
    """
    out = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024  # kB
    return out


def rss_mb(*pids: int) -> float:
    """Return the resident memory of processes together, in MB (one that is gone counts 0).

    See Also
    --------
    memory_mb : the current and peak figures of one process.

    Examples
    --------
    >>> rss_mb(os.getpid()) > 1, rss_mb()
    (True, 0.0)
    """
    total = 0.0
    for pid in pids:
        try:
            total += memory_mb(pid).get("VmRSS", 0.0)
        except OSError:
            pass
    return total


def cpu_seconds(pid: int) -> float:
    """Return the user plus system CPU seconds a process has used (0 when it is gone).

    Examples
    --------
    >>> cpu_seconds(os.getpid()) > 0, cpu_seconds(2 ** 30)
    (True, 0.0)
    """
    try:
        fields = _stat_fields(pid)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0


# ----------------------------------------------------------------------------- figures


def percentile(values, q: float) -> float:
    """Return the nearest-rank ``q``-th percentile of values (nan when there are none).

    The smallest value with at least ``q`` percent of all values at or below it, so it
    is always one of the values.

    See Also
    --------
    spread : median, p95 and max as text.

    Notes
    -----
    Sorts a copy: O(n log n), O(n) for values already sorted.

    Examples
    --------
    >>> percentile([4, 1, 3, 2], 50), percentile([1, 2, 3, 4], 95), percentile([], 50)
    (2, 4, nan)
    >>> percentile(range(1, 101), 95), percentile([3.0], 95)
    (95, 3.0)
    """
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def spread(values, unit: str = "ms") -> str:
    """Return "median M, p95 P, max X" of measurements, one decimal each.

    The median is the statistical one (mean of the two middle values for an even count);
    the 95th percentile is `percentile`'s nearest rank.

    Examples
    --------
    >>> spread([16.7, 16.6, 33.4, 16.7])
    'median 16.7 ms, p95 33.4 ms, max 33.4 ms'
    """
    values = list(values)
    return (f"median {statistics.median(values):.1f} {unit}, "
            f"p95 {percentile(values, 95):.1f} {unit}, max {max(values):.1f} {unit}")
