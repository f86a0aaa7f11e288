"""``pip install .`` from a clean copy of the repository gives a working ``wow`` command.

The project is installed (not in editable mode) into a fresh virtual environment, then
run from another working directory, so nothing can come from the checkout: ``wow
--help``, ``wow check``, ``wow export`` to standard output, and ``wow serve`` answering
``/healthz`` and serving its static files, all on the dataset bundled in the wheel.

Nothing is downloaded: the fresh environment sees the packages of the one running the
tests (the runtime pins and the setuptools of requirements-dev.txt) through a ``.pth``
file, and pip builds with ``--no-build-isolation --no-deps --no-index``. The copy holds
the files git knows (tracked, or new and not ignored): what a clone holds once the work
tree is committed.
"""

from __future__ import annotations

import io
import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from explorer.testing import free_port
from graph.build import load_graph
from tests.test_serving import fetch, healthy, running, wait_until

REPO = Path(__file__).resolve().parents[1]
# The variables that could point the command elsewhere than at its own install.
CLEAN_ENV = {"PYTHONPATH": "", "WOW_DATA": "", "WOW_PORT": "", "WOW_WORKERS": "",
             "WOW_DEBUG": ""}


def tracked_files(repo: Path) -> list[str]:
    """Return the files of the repository a commit of its work tree would hold."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], cwd=repo, capture_output=True,
                                check=True, timeout=60).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in listed.decode().split("\0") if name and (repo / name).is_file()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Return the bin folder of a fresh environment where the project is pip-installed."""
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    for name in tracked_files(REPO):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True,
                             timeout=60).stdout.strip()
    Path(purelib, "test-environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--no-build-isolation", "--ignore-installed", str(source)],
                   cwd=root, env={**os.environ, **CLEAN_ENV}, check=True, timeout=300)
    return venv / "bin"


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> Path:
    """Return a working directory with no data folder and no project files."""
    return tmp_path_factory.mktemp("elsewhere")


def wow(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed ``wow ARGS`` in ``cwd``; return the finished process (bytes)."""
    return subprocess.run([installed / "wow", *args], cwd=cwd, capture_output=True,
                          env={**os.environ, **CLEAN_ENV}, timeout=120)


def test_the_packages_come_from_the_install(installed, elsewhere):
    code = "import explorer, graph.export; print(explorer.__file__); print(graph.export.__file__)"
    run = subprocess.run([installed / "python", "-c", code], cwd=elsewhere,
                         capture_output=True, text=True, env={**os.environ, **CLEAN_ENV})
    assert run.returncode == 0, run.stderr
    venv = installed.parent
    assert all(Path(line).is_relative_to(venv) for line in run.stdout.split()), run.stdout


def test_wow_help_lists_the_commands(installed, elsewhere):
    run = wow(installed, elsewhere, "--help")
    assert run.returncode == 0, run.stderr.decode()
    assert all(name in run.stdout.decode() for name in ("serve", "check", "export"))


def test_wow_check_checks_a_folder_and_by_default_the_bundled_data(installed, elsewhere):
    checksum = load_graph(REPO / "data").graph["checksum"][:12]
    run = wow(installed, elsewhere, "check", str(REPO / "data"))
    assert run.returncode == 0, run.stderr.decode()
    assert f"valid (checksum {checksum})" in run.stdout.decode()
    run = wow(installed, elsewhere, "check")
    assert run.returncode == 0, run.stderr.decode()
    folder, _, verdict = run.stdout.decode().splitlines()[0].partition(": ")
    assert Path(folder).is_relative_to(installed.parent)  # the copy in the wheel
    assert verdict == f"valid (checksum {checksum})"


def test_wow_export_writes_graphml_to_standard_output(installed, elsewhere):
    run = wow(installed, elsewhere, "export", "--need", "health", "--format", "graphml",
              "--output", "-")
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.startswith(b"<?xml") and b"<graphml" in run.stdout
    assert "health-and-well-being" in nx.read_graphml(io.BytesIO(run.stdout))


def test_wow_serve_answers_with_the_bundled_data_and_its_assets(installed, elsewhere):
    port = free_port()
    command = [installed / "wow", "serve", "--port", str(port)]
    with running(command, elsewhere / "serve.log", env=CLEAN_ENV, cwd=elsewhere) as proc:
        base = f"http://127.0.0.1:{port}"
        health = wait_until(lambda: proc.poll() is None and healthy(base), 30,
                            "wow serve to answer /healthz")
        assert health["checksum"] == load_graph(REPO / "data").graph["checksum"]
        status, _, body = fetch(base + "/assets/explorer.js")
        assert status == 200
        assert body == (REPO / "explorer" / "assets" / "explorer.js").read_bytes()
        # The runtime served in place of Dash's polyfill is in the wheel too.
        runtime = REPO / "explorer" / "vendor" / "regenerator-runtime-0.13.11.js"
        status, _, body = fetch(base + "/_vendor/" + runtime.name)
        assert status == 200 and body == runtime.read_bytes()
    assert "Traceback" not in (elsewhere / "serve.log").read_text()
