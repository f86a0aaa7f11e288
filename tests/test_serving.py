"""Serving hardening: security headers, health, safe defaults, proxy trust, a real gunicorn.

The headers are checked on every kind of response the server gives (page, script asset,
callback, health, errors), the CSP against the inline scripts the page really holds, and
the gunicorn smoke test kills a worker to show the others keep answering. The ``workers``
setting: ``python app.py --workers N`` and ``gunicorn -c gunicorn.conf.py app:server``
both serve with several workers on every setting (reloads: ``test_reload.py``).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import runpy
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

import app as app_module
from explorer import wsgi
from explorer.serving import EXTENSION, MAX_BODY_BYTES
from explorer.settings import resolve
from explorer.testing import child_pids, free_port
from graph.build import load_graph

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"
CALLBACK_URL = "/_dash-update-component"


@pytest.fixture(scope="module")
def dash_app():
    """One explorer on the tiny dataset, with the default settings otherwise."""
    return app_module.create_app({"data": str(TINY)})


@pytest.fixture(scope="module")
def client(dash_app):
    """A test client of the explorer."""
    return dash_app.server.test_client()


@pytest.fixture(scope="module")
def page_html(client) -> str:
    """The HTML of the explorer's page."""
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def csp_directives(header: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy header into directive -> sources."""
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def controller_body(client) -> dict:
    """A legitimate callback request: the state controller fired by the URL."""
    deps = client.get("/_dash-dependencies").get_json()
    cb = next(d for d in deps if "view-state.data" in d["output"]
              and any(i["id"] == "url" for i in d["inputs"]))
    outs = [dict(zip(("id", "property"), p.rsplit(".", 1)))
            for p in cb["output"][2:-2].split("...")]
    inputs = [{"id": i["id"], "property": i["property"],
               "value": "?needs=family" if i["id"] == "url" else None} for i in cb["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": None} for s in cb["state"]]
    return {"output": cb["output"], "outputs": outs, "inputs": inputs, "state": state,
            "changedPropIds": ["url.search"]}


def responses(client, page_html):
    """Yield (kind, response) for every kind of response the server gives."""
    script = re.search(r'<script[^>]*src="(/_dash-component-suites/[^"]+)"', page_html)
    assert script, "the page links no Dash script asset"
    body = controller_body(client)
    yield "page", client.get("/"), 200
    yield "script asset", client.get(script.group(1)), 200
    yield "layout", client.get("/_dash-layout"), 200
    yield "callback", client.post(CALLBACK_URL, json=body), 200
    yield "health", client.get("/healthz"), 200
    yield "missing asset", client.get("/_dash-component-suites/dash/no-such-file.js"), 404
    yield "missing static", client.get("/assets/no-such-file.css"), 404
    yield "malformed callback", client.post(CALLBACK_URL, json={"output": "nope.x"}), 400
    yield "GET of callback", client.get(CALLBACK_URL), 405
    yield "oversized", client.post(CALLBACK_URL, data=b"x" * (MAX_BODY_BYTES + 1),
                                   content_type="application/json"), 413


KINDS = ["page", "script asset", "layout", "callback", "health", "missing asset",
         "missing static", "malformed callback", "GET of callback", "oversized"]


@pytest.fixture(scope="module")
def all_responses(client, page_html):
    """Every kind of response, by kind, with the status it is expected to have."""
    return {kind: (response, status) for kind, response, status in responses(client, page_html)}


def test_every_kind_of_response_is_covered(all_responses):
    assert sorted(all_responses) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_status_of_each_kind(all_responses, kind):
    response, status = all_responses[kind]
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("header, value", [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
])
def test_security_headers_on_every_response(all_responses, kind, header, value):
    response, _ = all_responses[kind]
    assert response.headers.get(header) == value


@pytest.mark.parametrize("kind", KINDS)
def test_csp_on_every_response_denies_framing_and_foreign_scripts(all_responses, kind):
    response, _ = all_responses[kind]
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    assert csp.get("frame-ancestors") == ["'none'"]
    assert csp.get("default-src") == ["'self'"]
    assert "'unsafe-inline'" not in csp.get("script-src", [])
    assert csp.get("object-src") == ["'none'"]


def test_csp_allows_exactly_the_inline_scripts_of_the_page(client, page_html, dash_app):
    """Each inline script the browser would run has its hash in script-src; no more."""
    csp = csp_directives(client.get("/").headers["Content-Security-Policy"])
    allowed = {s for s in csp["script-src"] if s.startswith("'sha256-")}
    inline = []
    live = re.sub(r"<!--.*?-->", "", page_html, flags=re.S)  # e.g. IE-only comments
    for attrs, code in re.findall(r"<script([^>]*)>(.*?)</script>", live, re.S):
        if "src=" in attrs:
            continue
        kind = re.search(r'type="([^"]+)"', attrs)
        if kind and kind.group(1) not in ("text/javascript", "application/javascript",
                                          "module"):
            continue  # data blocks (Dash's config JSON) are never executed
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        inline.append(f"'sha256-{digest}'")
    assert inline, "the page has no inline script: the check would prove nothing"
    assert set(inline) <= allowed
    assert allowed == set(dash_app.csp_hashes())


def test_healthz_reports_the_loaded_graph(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    health = response.get_json()
    G = load_graph(TINY)
    assert health["status"] == "ok"
    assert (health["nodes"], health["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    assert health["checksum"] == G.graph["checksum"]
    assert re.fullmatch(r"[0-9a-f]{64}", health["checksum"])
    assert health["pid"] == os.getpid()  # the process that answered


def test_safe_defaults():
    settings = resolve({}, environ={})
    assert settings.debug is False
    assert settings.host == "127.0.0.1"
    assert settings.trusted_proxies == 0


def test_the_app_is_not_in_debug_mode(dash_app, client):
    assert dash_app.server.debug is False
    assert dash_app.server.config["MAX_CONTENT_LENGTH"] == MAX_BODY_BYTES
    # A callback that fails shows no debugger page or traceback to the client.
    response = client.post(CALLBACK_URL, json={"output": "nope.x", "inputs": 3})
    assert response.status_code == 400
    assert response.get_json() == {"error": "malformed callback request"}


def echo_app(trusted_proxies: int):
    """Return a fresh explorer with a route that echoes the client address and scheme."""
    from flask import jsonify, request

    dash = app_module.create_app({"data": str(TINY), "trusted_proxies": trusted_proxies})

    @dash.server.route("/echo-client")
    def _echo():
        return jsonify(remote=request.remote_addr, scheme=request.scheme, host=request.host)

    return dash.server.test_client()


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https",
             "X-Forwarded-Host": "explorer.example.org"}


@pytest.mark.parametrize("trusted, headers, remote, scheme, host", [
    (0, {}, "127.0.0.1", "http", "localhost"),
    (0, FORWARDED, "127.0.0.1", "http", "localhost"),
    (1, {}, "127.0.0.1", "http", "localhost"),
    (1, FORWARDED, "203.0.113.7", "https", "explorer.example.org"),
    # One trusted proxy: only the last hop it appended counts, a forged first hop does not.
    (1, {"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}, "203.0.113.7", "http", "localhost"),
    (2, {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}, "198.51.100.1", "http",
     "localhost"),
])
def test_forwarded_headers_only_with_trusted_proxies(trusted, headers, remote, scheme, host):
    data = echo_app(trusted).get("/echo-client", headers=headers).get_json()
    assert (data["remote"], data["scheme"], data["host"]) == (remote, scheme, host)


# ----------------------------------------------------------------------- gunicorn smoke


def fetch(url: str, data: bytes | None = None, timeout: float = 5.0):
    """Return (status, headers, body) of a request, HTTP errors included."""
    request = urllib.request.Request(url, data=data, headers={
        "Content-Type": "application/json"} if data is not None else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until(predicate, timeout: float, what: str):
    """Poll ``predicate`` until it returns something truthy or fail after ``timeout`` s."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def two_workers(proc, other_than=(), timeout: float = 40):
    """Wait until the master has exactly two workers, none of ``other_than``; return them.

    Each try reads the master's children once, so the workers returned are the ones
    checked (a worker being replaced can vanish between two readings).
    """
    def ready():
        pids = child_pids(proc.pid)
        return pids if len(pids) == 2 and not set(pids) & set(other_than) else None

    return wait_until(ready, timeout, "two workers")


def healthy(base: str):
    """Return the health JSON when the server answers, else None."""
    try:
        status, _, body = fetch(base + "/healthz", timeout=2)
    except OSError:
        return None
    return json.loads(body) if status == 200 else None


@pytest.fixture
def gunicorn_server():
    """Run ``gunicorn --workers 2 app:server`` on the tiny data; always stopped after."""
    pytest.importorskip("gunicorn")
    port = free_port()
    env = {**os.environ, "WOW_DATA": str(TINY), "WOW_DEBUG": "0"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--timeout", "20",
         "--graceful-timeout", "2", "--bind", f"127.0.0.1:{port}", "app:server"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        stop(proc)
        if proc.stderr:
            proc.stderr.close()


def stop(proc) -> None:
    """Stop a server process as an operator would: SIGTERM, then SIGKILL if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_gunicorn_survives_a_killed_worker(gunicorn_server):
    proc, base = gunicorn_server
    health = wait_until(lambda: proc.poll() is None and healthy(base), 25,
                        "gunicorn to answer /healthz")
    expected = load_graph(TINY)
    assert health["nodes"] == expected.number_of_nodes()
    assert health["checksum"] == expected.graph["checksum"]
    workers = two_workers(proc, timeout=15)

    status, headers, body = fetch(base + "/")
    assert status == 200 and headers["X-Frame-Options"] == "DENY"
    status, _, body = fetch(base + CALLBACK_URL, data=b'{"output": 1, "inputs": "x"}')
    assert status == 400 and b"Traceback" not in body
    status, _, body = fetch(base + CALLBACK_URL, data=b"[" * 100_000 + b"]" * 100_000)
    assert 400 <= status < 500 and b"Traceback" not in body
    status, _, body = fetch(base + CALLBACK_URL, data=b" " * (MAX_BODY_BYTES + 10))
    assert status == 413
    # Both workers are still the ones started: no forged request killed a worker.
    assert sorted(child_pids(proc.pid)) == sorted(workers)

    os.kill(workers[0], signal.SIGKILL)
    for _ in range(6):
        status, _, body = fetch(base + "/healthz")
        assert status == 200, body[:200]
        assert json.loads(body)["checksum"] == expected.graph["checksum"]
    # The master replaces the dead worker.
    two_workers(proc, other_than=[workers[0]], timeout=15)  # the master starts a new one
    assert proc.poll() is None


# ------------------------------------------------------------ workers setting and runners


def served_by_pid(base: str, pids, timeout: float = 40.0) -> dict:
    """Ask /healthz until each of ``pids`` has answered; return pid -> checksum of all answers.

    Every answer of every process is kept, so a process answering with two checksums
    shows up as a failure of the caller's comparison, not as a silent overwrite.
    """
    seen: dict[int, set] = {}
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        health = healthy(base)
        if health:
            seen.setdefault(health["pid"], set()).add(health["checksum"])
            if set(pids) <= set(seen):
                return {pid: (sums.pop() if len(sums) == 1 else sums) for pid, sums in seen.items()}
    pytest.fail(f"timed out: processes {sorted(set(pids) - set(seen))} never answered "
                f"(answers came from {sorted(seen)})")


@contextlib.contextmanager
def running(command, log: Path, env=None, cwd=REPO):
    """Run a server command with its log in ``log``; yield the process, stop it after."""
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            yield proc
        finally:
            stop(proc)


def tiny_copy(tmp_path: Path) -> Path:
    """Return a private copy of the tiny dataset, free to be edited by one test."""
    data = tmp_path / "tiny"
    shutil.copytree(TINY, data)
    return data


@pytest.mark.parametrize("argv, env, message", [
    (["--workers", "0"], {}, "workers: '0' is not a valid whole number, "
                             "expected a whole number >= 1"),
    (["--workers", "two"], {}, "workers: 'two' is not a valid whole number"),
    ([], {"WOW_WORKERS": "-3"}, "workers (from WOW_WORKERS): '-3' is not a valid whole number"),
    (["--workers", "2", "--debug"], {}, "debug: the debugger runs in the development server "
                                        "only"),
    ([], {"WOW_WORKERS": "4", "WOW_DEBUG": "yes"}, "debug: the debugger runs in the "
                                                  "development server only"),
])
def test_bad_workers_settings_exit_2_before_reading_the_data(argv, env, message, monkeypatch,
                                                             capsys):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("explorer.wsgi.ExplorerServer.run", lambda self: pytest.fail("ran"))
    # A data folder that does not exist: the settings error must come first.
    assert app_module.main([*argv, "--data", "/nonexistent/wow-data"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_workers_above_1_serve_with_gunicorn_on_every_setting(monkeypatch):
    runs = []
    monkeypatch.setattr("explorer.wsgi.ExplorerServer.run", lambda self: runs.append(self))
    monkeypatch.setattr("dash.Dash.run", lambda *a, **k: pytest.fail("dev server"))
    argv = ["--workers", "3", "--host", "0.0.0.0", "--port", "8123", "--data", str(TINY),
            "--element-cap", "77", "--cache-size", "5", "--trusted-proxies", "1"]
    assert app_module.main(argv) == 0
    [server] = runs
    assert server.cfg.bind == ["0.0.0.0:8123"] and server.cfg.workers == 3
    assert server.cfg.preload_app is True and server.cfg.control_socket_disable is True
    assert server.cfg.on_reload == server.on_reload
    assert server.cfg.pre_fork is wsgi.pre_fork
    settings = resolve(server.factory.args[0], environ={})
    assert (settings.workers, settings.host, settings.port, settings.element_cap,
            settings.cache_size, settings.trusted_proxies) == (3, "0.0.0.0", 8123, 77, 5, 1)
    # The app built before gunicorn starts and the one a reload builds honour the settings.
    for flask_server in (server.callable, server.factory().server):
        assert isinstance(flask_server.wsgi_app, ProxyFix)
        assert flask_server.extensions[EXTENSION]["checksum"] == \
            load_graph(TINY).graph["checksum"]


@pytest.mark.parametrize("env, bind, workers", [
    ({}, ["127.0.0.1:8050"], 1),
    ({"WOW_WORKERS": "3", "WOW_HOST": "0.0.0.0", "WOW_PORT": "9100"}, ["0.0.0.0:9100"], 3),
    ({"WOW_HOST": "::1", "WOW_PORT": "81"}, ["[::1]:81"], 1),
])
def test_gunicorn_conf_reads_the_settings_from_the_environment(env, bind, workers, monkeypatch):
    for name in ("WOW_WORKERS", "WOW_HOST", "WOW_PORT", "WOW_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    conf = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert (conf["bind"], conf["workers"], conf["preload_app"]) == (bind, workers, True)
    # Every option the runner of app.py sets is set by the file too.
    options = wsgi.gunicorn_options(resolve(environ=dict(env)))
    assert {name: conf[name] for name in options} == options
    assert callable(conf["on_reload"])


def test_gunicorn_conf_exits_2_on_a_bad_setting(monkeypatch, capsys):
    monkeypatch.setenv("WOW_WORKERS", "many")
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert exit_info.value.code == 2
    assert "workers (from WOW_WORKERS): 'many'" in capsys.readouterr().err


def test_app_py_with_workers_serves_with_gunicorn(tmp_path):
    pytest.importorskip("gunicorn")
    port = free_port()
    command = [sys.executable, "app.py", "--workers", "2", "--host", "127.0.0.1",
               "--port", str(port), "--data", str(TINY)]
    with running(command, tmp_path / "server.log", env={"WOW_DEBUG": "0"}) as proc:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: proc.poll() is None and healthy(base), 25, "app.py to answer")
        workers = two_workers(proc, timeout=15)
        status, headers, body = fetch(base + "/")
        assert status == 200 and b"Web of Work Explorer" in body
        assert headers["Content-Security-Policy"]
        answers = served_by_pid(base, workers)
        assert set(answers.values()) == {load_graph(TINY).graph["checksum"]}
    log = (tmp_path / "server.log").read_text()
    assert "Starting gunicorn" in log and "Traceback" not in log


def test_gunicorn_conf_serves_with_the_environment_settings(tmp_path):
    pytest.importorskip("gunicorn")
    port = free_port()
    data = tiny_copy(tmp_path)
    env = {"WOW_DATA": str(data), "WOW_WORKERS": "2", "WOW_PORT": str(port),
           "WOW_HOST": "127.0.0.1", "WOW_DEBUG": "0"}
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:server"]
    with running(command, tmp_path / "server.log", env=env) as proc:
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: proc.poll() is None and healthy(base), 25, "gunicorn to answer")
        workers = two_workers(proc, timeout=15)
        status, _, _ = fetch(base + "/")
        assert status == 200
        old = load_graph(data).graph["checksum"]
        assert set(served_by_pid(base, workers).values()) == {old}
        # The reload hook of the file reads the data again.
        nodes = data / "nodes.csv"
        nodes.write_bytes(nodes.read_bytes().replace(b"A safe, lasting", b"A safe, lasting, warm"))
        new = load_graph(data).graph["checksum"]
        assert new != old
        proc.send_signal(signal.SIGHUP)
        fresh = wait_until(lambda: (len(child_pids(proc.pid)) == 2
                                    and not set(child_pids(proc.pid)) & set(workers)
                                    and child_pids(proc.pid)), 20, "fresh workers")
        assert set(served_by_pid(base, fresh).values()) == {new}
