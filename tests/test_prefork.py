"""What the gunicorn master builds before it forks its workers: the title coder of the "Your
organization" panel, so that the workers share one copy and a first upload builds none."""

from __future__ import annotations

import base64
import logging
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from explorer import wsgi
from explorer.app import create_app
from explorer.client import DashClient
from explorer.settings import resolve
from graph.mapjobs import coder

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
#: A job list whose titles no name of the data holds: coding them needs the classifier.
JOBS = b"Job Title,Headcount\nSr. Wiring Installer II - Nights,4\nKitchen Lead (Remote),2\n"


@pytest.fixture
def classifiers_built(monkeypatch):
    """Count the title classifiers built from now on; gc.freeze is left out of the test."""
    built = []
    real = coder.TitleClassifier

    def counted(documents):
        built.append(len(documents))
        return real(documents)

    monkeypatch.setattr(coder, "TitleClassifier", counted)
    monkeypatch.setattr(wsgi, "settle_collector", lambda: None)
    return built


def _master(config):
    """Return the Flask app gunicorn's master preloads for ``config``, as `wow serve` does."""
    settings = resolve(config, environ={})
    return wsgi.ExplorerServer(partial(create_app, config), settings).wsgi()


def _arbiter(flask_app):
    """Return what `explorer.wsgi.pre_fork` reads of gunicorn's arbiter: its log, and the
    app it preloaded."""
    return SimpleNamespace(log=logging.getLogger(__name__), app=SimpleNamespace(callable=flask_app))


def _upload(flask_app) -> dict:
    """Upload `JOBS` through the panel's callback, as the page does; return the stored list."""
    client = DashClient(flask_app)
    [code] = [cb for cb in client.callbacks() if cb.name == "org-table.data <- org-upload-ok"]
    contents = "data:text/csv;base64," + base64.b64encode(JOBS).decode()
    answer = client.call(code, [{"contents": contents, "filename": "jobs.csv"}, None], ["Acme"])
    return answer["org-table"]["data"]


def test_the_coder_is_ready_after_the_preload_and_a_first_upload_builds_none(
        classifiers_built):
    flask_app = _master({"data": TINY, "workers": 2})
    arbiter = _arbiter(flask_app)
    wsgi.pre_fork(arbiter, None)
    assert classifiers_built  # built by the master, before the first fork
    before = len(classifiers_built)
    stored = _upload(flask_app)
    assert len(stored["coded"]) == 2 and all(c[1] for c in stored["coded"])  # both coded
    assert len(classifiers_built) == before  # the upload found it ready
    wsgi.pre_fork(arbiter, None)
    assert len(classifiers_built) == before  # and the next fork builds nothing again


def test_one_process_builds_it_on_the_first_upload(classifiers_built):
    flask_app = create_app({"data": TINY}).server
    assert not classifiers_built  # the development server starts without it
    _upload(flask_app)
    assert len(classifiers_built) == 1


def test_a_failure_to_build_it_is_logged_and_the_fork_goes_on(monkeypatch, caplog):
    def broken(server):
        raise RuntimeError("no coder")

    frozen = []
    monkeypatch.setattr(wsgi, "prepare", broken)
    monkeypatch.setattr(wsgi, "settle_collector", lambda: frozen.append(True))
    with caplog.at_level(logging.ERROR):
        wsgi.pre_fork(_arbiter(None), None)
    assert frozen == [True]
    assert "each worker builds its own on its first uploaded job list" in caplog.text
    assert "RuntimeError: no coder" in caplog.text
