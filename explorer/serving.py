"""Production hardening of the Flask server under the Dash app: headers, limits, health.

Installed once by ``create_app``; it keeps no per-request state, so any worker of a
multi-process server can answer any request.
"""

from __future__ import annotations

import json
import os

from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import InternalServerError, MethodNotAllowed
from werkzeug.middleware.proxy_fix import ProxyFix

#: Body of the answer to a callback request that made a callback fail.
_BAD_CALLBACK = json.dumps({"error": "malformed callback request"})

#: Key of ``server.extensions`` under which `install` records the data the server serves.
EXTENSION = "web_of_work"

#: Largest request body accepted (callback payloads are small JSON documents).
MAX_BODY_BYTES = 1_000_000


def content_security_policy(script_hashes=(), frame_ancestors: str = "'none'") -> str:
    """Return the CSP the explorer passes: no third-party origins, no inline script but Dash's own.

    ``script_hashes`` are the ``'sha256-...'`` sources of the inline scripts Dash
    writes (``app.csp_hashes()``); Plotly needs ``'unsafe-eval'`` and injects
    ``<style>`` elements, hence the two relaxations.

    Examples
    --------
    >>> csp = content_security_policy(["'sha256-abc='"])
    >>> "default-src 'self'" in csp and "'sha256-abc='" in csp and "frame-ancestors 'none'" in csp
    True
    """
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": [frame_ancestors],
    }
    return "; ".join(f"{k} {' '.join(v)}" for k, v in directives.items())


def security_headers(csp: str, frame_ancestors: str = "'none'") -> dict[str, str]:
    """Return the headers every response carries.

    Examples
    --------
    >>> h = security_headers("default-src 'self'")
    >>> h["X-Content-Type-Options"], h["X-Frame-Options"]
    ('nosniff', 'DENY')
    >>> "X-Frame-Options" in security_headers("x", frame_ancestors="https://intranet.example")
    False
    """
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if frame_ancestors == "'none'":
        headers["X-Frame-Options"] = "DENY"
    return headers


def install(app, graph, *, trusted_proxies: int = 0, frame_ancestors: str = "'none'") -> None:
    """Add security headers, a body-size limit, a health endpoint and optional proxy support.

    ``/healthz`` answers the dataset's name, checksum (as from `graph.build.load_graph`),
    node and edge counts and the answering process's id; the same facts, without the id,
    are kept in ``app.server.extensions[EXTENSION]``.

    Forged requests get client errors, never a 500 or a traceback: a GET of the callback
    URL is a 405, a callback request that makes the server fail is a short JSON 400 (the
    traceback goes to the server log only), an unknown Dash script path is a 404.
    Call it after every callback is registered, so the CSP covers Dash's inline scripts.
    ``trusted_proxies`` is how many reverse proxies in front of the app may set
    ``X-Forwarded-*`` headers; 0 (the default) ignores those headers.
    """
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    headers = security_headers(
        content_security_policy(app.csp_hashes(), frame_ancestors), frame_ancestors
    )

    @server.after_request
    def _add_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    served = {
        "dataset": graph.graph.get("name", ""),
        "checksum": graph.graph.get("checksum", ""),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
    }
    server.extensions[EXTENSION] = dict(served)
    health = {"status": "ok", **served}

    @server.route("/healthz")
    def _healthz():
        # The process id tells operators (and tests) which worker answered.
        return Response(json.dumps({**health, "pid": os.getpid()}), mimetype="application/json")

    @server.before_request
    def _callbacks_are_posted():
        # Dash's catch-all page route would otherwise answer a GET of the callback URL.
        if request.path.endswith("/_dash-update-component") and request.method != "POST":
            raise MethodNotAllowed(valid_methods=["POST"])

    @server.errorhandler(DependencyException)
    def _unknown_script(_error):
        # Dash raises this for a script path it does not serve: a 404, not a 500.
        return Response("Not Found", status=404, mimetype="text/plain")

    @server.errorhandler(InternalServerError)
    def _callback_failed(error):
        # Flask has already logged the exception with its traceback; a callback request
        # that made the server fail was malformed (the page never sends such values), so
        # the client gets a short 400 and never a traceback.
        if request.path.endswith("/_dash-update-component"):
            return Response(_BAD_CALLBACK, status=400, mimetype="application/json")
        return error

    if trusted_proxies > 0:
        n = int(trusted_proxies)
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n, x_prefix=n)

