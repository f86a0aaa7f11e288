"""Benchmark: the title coder built by the gunicorn master before it forks, against each
worker building its own on its first uploaded job list.

``python -m bench.bench_prefork --data data/us`` starts gunicorn with 2 workers on the
data folder twice per round, alternating: once with the master building nothing before the
fork (the baseline: what ``explorer.wsgi.pre_fork`` did before), once with the production
settings (``explorer.wsgi.gunicorn_options``, whose ``pre_fork`` builds the coder). Each
time it prints:

- start-up: from starting gunicorn until both workers answer;
- the first upload of a job list (titles no name holds, so the classifier is needed), then
  two uploads at once (new titles; each worker most likely takes one), then one more;
- memory per worker once both have coded a list: RSS, PSS (shared pages split between the
  processes sharing them) and USS (pages of its own), from ``/proc/PID/smaps_rollup``;
  the master's RSS, and the PSS of master and workers together (the machine's memory).

Then the medians of each figure and the ratio new / baseline. Keep a run under two
minutes: each start on ``data/us`` reads the data (some 5-10 s on a shared machine).
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from explorer.client import DashClient
from explorer.testing import child_pids, free_port

REPO = Path(__file__).resolve().parents[1]

_CONF = """
from explorer.settings import resolve
from explorer.wsgi import gunicorn_options, settle_collector
globals().update(gunicorn_options(resolve()))
if {baseline!r}:
    def pre_fork(arbiter, worker):
        settle_collector()  # what the master did before: nothing is built before the fork

def post_worker_init(worker):
    worker.log.info("bench: worker %s ready", worker.pid)
"""

_KINDS = ("Senior", "Lead", "Assistant", "Night", "Regional")
_JOBS = ("Widget Wrangler", "Flux Calibrator", "Kitchen Steward", "Wiring Tech", "Data Herder")


def job_list(n: int) -> bytes:
    """Return a CSV job list of titles no data folder holds (a different one per ``n``)."""
    rows = [f"{_KINDS[(n + i) % len(_KINDS)]} {_JOBS[i]} {n}-{i} (Remote),{i + 1}"
            for i in range(len(_JOBS))]
    return ("Job Title,Headcount\n" + "\n".join(rows) + "\n").encode()


def memory(pid: int) -> dict[str, float]:
    """Return RSS, PSS and USS of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                fields[parts[0].rstrip(":")] = int(parts[1]) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"],
            "uss": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)}


class Gunicorn:
    """Gunicorn with 2 workers on a free port; the baseline or the production settings."""

    def __init__(self, data: Path, baseline: bool):
        self.tmp = tempfile.TemporaryDirectory(prefix="wow-prefork-")
        self.conf = Path(self.tmp.name) / "conf.py"
        self.conf.write_text(_CONF.format(baseline=baseline))
        self.log_path = Path(self.tmp.name) / "log"
        self.data, self.port = data, free_port()

    def start(self, wait: float = 120.0) -> float:
        """Start gunicorn; return the seconds until both workers answer."""
        exe = Path(sys.executable).with_name("gunicorn")
        env = dict(os.environ, WOW_DATA=str(self.data.resolve()), WOW_WORKERS="2",
                   PYTHONUNBUFFERED="1")
        self.log = open(self.log_path, "w")
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(exe), "-c", str(self.conf), "-b", f"127.0.0.1:{self.port}", "app:server"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        while time.perf_counter() - start < wait:
            if self.proc.poll() is not None:
                raise RuntimeError(self.log_path.read_text())
            if self.log_path.read_text().count("bench: worker") >= 2 and self._healthy():
                return time.perf_counter() - start
            time.sleep(0.1)
        raise RuntimeError(f"not ready after {wait} s:\n" + self.log_path.read_text())

    def _healthy(self) -> bool:
        try:
            return DashClient.http("127.0.0.1", self.port, timeout=5).get("/healthz").status == 200
        except OSError:
            return False

    def workers(self) -> list[int]:
        return child_pids(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        self.tmp.cleanup()


def upload_seconds(port: int, n: int) -> float:
    """Upload job list ``n`` through the panel's callback; return the answer's seconds."""
    client = DashClient.http("127.0.0.1", port, timeout=120)
    [code] = [cb for cb in client.callbacks() if cb.name == "org-table.data <- org-upload-ok"]
    contents = "data:text/csv;base64," + base64.b64encode(job_list(n)).decode()
    start = time.perf_counter()
    answer = client.call(code, [{"contents": contents, "filename": "jobs.csv"}, None], ["Acme"])
    seconds = time.perf_counter() - start
    assert len(answer["org-table"]["data"]["coded"]) == len(_JOBS)
    return seconds


def run(data: Path, baseline: bool) -> dict:
    """Start, upload and measure once; return the figures."""
    server = Gunicorn(data, baseline)
    try:
        figures = {"start": server.start()}
        figures["first upload"] = upload_seconds(server.port, 1)
        both: list[float] = []
        threads = [threading.Thread(target=lambda k=k: both.append(upload_seconds(server.port, k)))
                   for k in (2, 3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        figures["two at once, slower"] = max(both)
        figures["next upload"] = upload_seconds(server.port, 4)
        per = [memory(pid) for pid in server.workers()]
        figures.update({f"worker {k} MB": statistics.mean(m[k] for m in per)
                        for k in ("rss", "pss", "uss")})
        figures["workers' USS MB"] = sum(m["uss"] for m in per)
        master = memory(server.proc.pid)
        figures["master RSS MB"] = master["rss"]
        figures["all PSS MB"] = master["pss"] + sum(m["pss"] for m in per)
        return figures
    finally:
        server.stop()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO / "data" / "us")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args(argv)
    results: dict[str, list[dict]] = {"baseline": [], "new": []}
    for r in range(args.rounds):
        for name in (("baseline", "new") if r % 2 == 0 else ("new", "baseline")):
            figures = run(args.data, name == "baseline")
            results[name].append(figures)
            print(f"round {r + 1} {name:8}: " + ", ".join(
                f"{k} {v:.2f}" if "MB" not in k else f"{k} {v:.0f}" for k, v in figures.items()),
                flush=True)
    print(f"\n{args.data}, 2 workers, medians over {args.rounds} round(s); load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"{'':24}{'baseline':>10}{'new':>10}{'ratio':>8}")
    for key in results["new"][0]:
        old = statistics.median(f[key] for f in results["baseline"])
        new = statistics.median(f[key] for f in results["new"])
        unit = "" if "MB" in key else " s"
        print(f"{key + unit:24}{old:10.2f}{new:10.2f}{new / old if old else float('nan'):8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
