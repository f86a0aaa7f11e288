"""How the page's fixed parts are delivered: preloaded, encoded once, gzipped once.

What a browser receives must not change: gzipped answers unpack to exactly the bytes of
the plain ones, the layout kept in memory is exactly Dash's own answer (this fails if Dash
changes how it encodes a layout), and a client that asks for no compression gets none.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from dash import html
from flask import Response

import app as app_module
from explorer.delivery import MIN_GZIP_BYTES, ONE_YEAR, PRELOADED, RUNTIME, UNUSED_LIBRARIES
from tests.test_serving import controller_body

TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture()
def dash_app():
    """A fresh explorer on the tiny dataset (each test may change it)."""
    return app_module.create_app({"data": str(TINY)})


@pytest.fixture()
def client(dash_app):
    return dash_app.server.test_client()


def fixed_paths(client) -> list[str]:
    """Return the scripts and stylesheet the page links, then the preloaded answers."""
    page = client.get("/").get_data(as_text=True)
    links = re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets|_vendor)/[^"]+)"', page)
    assert any(p.endswith(".css") or ".css?" in p for p in links) and len(links) > 5, links
    return links + ["/" + p for p in PRELOADED]


def test_the_page_preloads_what_the_renderer_fetches_after_its_scripts(client):
    page = client.get("/").get_data(as_text=True)
    head = page.split("</head>")[0]
    for path in PRELOADED:
        # Same-origin CORS with cookies, as the renderer's fetch: the browser reuses it.
        assert f'<link rel="preload" href="/{path}" as="fetch" crossorigin="anonymous">' in head
    # Allowed by the page's own CSP (fetches are connect-src 'self').
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "connect-src 'self'" in csp


def test_regenerator_runtime_takes_the_polyfills_place(client):
    # Fails if Dash renames or moves its polyfill: the page would load core-js again.
    page = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts[0] == "/_vendor/" + RUNTIME.name, scripts[:3]
    assert "polyfill" not in page
    assert any("react@" in s for s in scripts[1:3]), scripts[:3]  # still first, before React
    answer = client.get(scripts[0])
    assert answer.status_code == 200 and answer.mimetype == "text/javascript"
    assert answer.get_data() == RUNTIME.read_bytes()
    assert b"regeneratorRuntime = runtime" in answer.get_data()
    assert answer.cache_control.max_age == ONE_YEAR  # the file's name carries its version


def test_libraries_the_explorer_draws_none_of_are_not_linked(client):
    page = client.get("/").get_data(as_text=True)
    assert "dash_table" in UNUSED_LIBRARIES and "/dash_table/" not in page
    assert "/dcc/" in page and "/html/" in page  # the libraries it draws stay
    # The page would break on the first component of a library it does not load.
    explorer = Path(__file__).resolve().parents[1] / "explorer"
    for path in explorer.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [name for name in UNUSED_LIBRARIES if f"import {name}" in text
                    or f"from {name}" in text or f"dash.{name}" in text], path
        assert "DataTable" not in text or path.name == "delivery.py", path


def test_gzipped_answers_unpack_to_the_plain_bytes(client):
    for path in fixed_paths(client):
        plain = client.get(path)
        packed = client.get(path, headers=GZIP)
        assert plain.status_code == packed.status_code == 200, path
        assert "Content-Encoding" not in plain.headers, path
        body = plain.get_data()
        if len(body) < MIN_GZIP_BYTES:
            assert packed.get_data() == body, path
            continue
        assert packed.headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in packed.headers.get("Vary", ""), path
        assert gzip.decompress(packed.get_data()) == body, path
        assert len(packed.get_data()) < len(body), path
        # The security headers survive the swap of the body.
        assert packed.headers["X-Content-Type-Options"] == "nosniff"


def test_dash_scripts_shrink_to_under_a_third(client):
    scripts = [p for p in fixed_paths(client) if p.startswith("/_dash-component-suites/")]
    plain = sum(len(client.get(p).get_data()) for p in scripts)
    packed = sum(len(client.get(p, headers=GZIP).get_data()) for p in scripts)
    assert packed < plain / 3, (plain, packed)


def test_callback_answers_are_not_compressed(client):
    # They change with every request: gzipping each would cost the server on every click.
    response = client.post("/_dash-update-component", json=controller_body(client),
                           headers=GZIP)
    assert response.status_code == 200 and len(response.get_data()) > MIN_GZIP_BYTES
    assert "Content-Encoding" not in response.headers


def test_the_layout_kept_in_memory_is_dashs_own_answer(dash_app, client):
    with dash_app.server.test_request_context("/_dash-layout"):
        fresh = dash_app.serve_layout().get_data()
    first, again = client.get("/_dash-layout"), client.get("/_dash-layout")
    assert first.get_data() == again.get_data() == fresh
    assert first.mimetype == "application/json"
    assert json.loads(fresh)["props"]["className"] == "app"


def test_a_new_layout_is_served_at_once(dash_app, client):
    client.get("/_dash-layout")
    dash_app.layout = html.Div("replaced", id="replaced")
    assert json.loads(client.get("/_dash-layout").get_data())["props"]["id"] == "replaced"
    packed = client.get("/_dash-layout", headers=GZIP).get_data()
    assert json.loads(gzip.decompress(packed) if packed[:2] == b"\x1f\x8b" else packed
                      )["props"]["id"] == "replaced"


def test_a_changed_body_is_gzipped_again(dash_app, client):
    # The debug server serves edited assets: a kept gzip must never outlive its file.
    body = {"text": "var a = 1;\n" * 400}
    dash_app.server.add_url_rule("/assets/changing.js", "changing",
                                 lambda: Response(body["text"], mimetype="text/javascript"))
    first = client.get("/assets/changing.js", headers=GZIP)
    assert gzip.decompress(first.get_data()).startswith(b"var a = 1;")
    body["text"] = "var b = 2;\n" * 400
    second = client.get("/assets/changing.js", headers=GZIP)
    assert gzip.decompress(second.get_data()).startswith(b"var b = 2;")


def test_assets_linked_with_their_version_are_kept_a_year(client):
    linked = [p for p in fixed_paths(client) if p.startswith("/assets/")]
    assert linked and all("?m=" in p for p in linked)
    for path in linked:
        control = client.get(path).headers["Cache-Control"]
        assert "max-age=31536000" in control and "no-cache" not in control, (path, control)
    # Without its version the address may serve another file tomorrow: ask again each time.
    bare = client.get(linked[0].split("?")[0]).headers["Cache-Control"]
    assert "max-age=31536000" not in bare
