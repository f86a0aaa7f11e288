"""How the page's fixed parts reach the browser: asked for early, encoded once, gzipped once.

A first visit fetches the page, about 1.8 MB of scripts, then, only once every script has
run, the component tree (``_dash-layout``: with the default view's elements, 340 KB on
``data/us``) and the callback list (``_dash-dependencies``). `install` makes that cheaper
without changing what is served:

* the page's head asks for the tree and the list with ``<link rel="preload">``, so they
  travel while the scripts are fetched and parsed instead of after (`preload_links`);
* the tree is encoded once, not on every visit (Dash encodes it per request: about 30 ms
  of the server on ``data/us``), as long as the app's layout is the same object;
* the scripts, the assets, the tree and the list are gzipped once per body and kept, and
  sent gzipped to browsers that accept it (about a quarter of the bytes; the callback
  answers, which change with every request, are left as they are);
* an asset asked for with its version (``?m=``, as the page links them) may be kept by
  the browser for a year, as Dash's versioned scripts are: a returning visitor asks for
  none of them again.

Examples
--------
>>> preload_links("/")
'<link rel="preload" href="/_dash-layout" as="fetch" crossorigin="anonymous">\\n<link rel="preload" href="/_dash-dependencies" as="fetch" crossorigin="anonymous">'
"""

from __future__ import annotations

import gzip
import hashlib

from flask import Response, request

__all__ = ["install", "preload_links", "PRELOADED", "MIN_GZIP_BYTES"]

#: What the renderer fetches once its scripts have run, relative to the page's prefix.
PRELOADED = ("_dash-layout", "_dash-dependencies")
#: Bodies smaller than this go as they are (one or two packets either way).
MIN_GZIP_BYTES = 1400
#: How long a browser keeps an asset linked with its version (``?m=``), as Dash's own
#: versioned scripts: a year, in seconds.
ONE_YEAR = 31_536_000


def preload_links(prefix: str) -> str:
    """Return the ``<link rel="preload">`` tags of `PRELOADED` under the page's ``prefix``.

    ``crossorigin="anonymous"`` makes each a same-origin CORS request with cookies, as the
    renderer's own ``fetch`` is, so the browser hands it the preloaded answer.
    """
    return "\n".join(f'<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin="anonymous">'
                     for path in PRELOADED)


def install(app) -> None:
    """Preload the component tree and callback list, encode the tree once, gzip fixed answers.

    Call it once every callback is registered and the layout is set.

    Notes
    -----
    Each fixed body is gzipped (level 6; level 9 saves under 1% more) the first time it is
    asked for, about 0.1 s for Dash's 1.8 MB of scripts, and kept with a digest of the
    body, so a changed file (an asset edited under the debug server) is gzipped again;
    after that each answer costs the digest, about 1 ms per MB.

    See Also
    --------
    explorer.serving.install : the security headers every one of these answers keeps.
    """
    prefix = app.config.requests_pathname_prefix
    app.index_string = app.index_string.replace("{%css%}", "{%css%}\n" + preload_links(prefix), 1)
    server = app.server
    layout_path = prefix + PRELOADED[0]
    assets = prefix + app.config.assets_url_path.strip("/") + "/"
    # The answers fixed for the life of the process (an edited asset changes its body).
    fixed = (prefix + "_dash-component-suites/", assets, *(prefix + p for p in PRELOADED))
    encoded = {}  # id of the layout -> its JSON answer
    packed = {}  # path -> (digest of the body, gzipped body)

    @server.before_request
    def _layout_from_memory():
        if request.method != "GET" or request.path != layout_path or callable(app.layout):
            return None
        key = id(app.layout)
        if key not in encoded:
            encoded.clear()
            encoded[key] = app.serve_layout().get_data()
        return Response(encoded[key], mimetype="application/json")

    @server.after_request
    def _versioned_assets_kept(response):
        # The page links each asset with ?m=<its modification time>: a changed file gets a
        # new address, so the browser may keep this one (no revalidation on the next visit).
        if (request.method == "GET" and response.status_code == 200 and "m" in request.args
                and request.path.startswith(assets)):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
        return response

    @server.after_request
    def _gzip_fixed(response):
        if (request.method != "GET" or response.status_code != 200
                or not request.path.startswith(fixed) or "Content-Encoding" in response.headers
                or not request.accept_encodings["gzip"]):
            return response
        response.direct_passthrough = False  # a file served from disk: read it here
        body = response.get_data()
        if len(body) < MIN_GZIP_BYTES:
            return response
        digest = hashlib.blake2b(body, digest_size=16).digest()
        known = packed.get(request.path)
        if known is None or known[0] != digest:
            known = packed[request.path] = (digest, gzip.compress(body, 6, mtime=0))
        response.set_data(known[1])
        response.headers["Content-Encoding"] = "gzip"
        response.headers.pop("Accept-Ranges", None)  # ranges of the plain body would not fit
        response.vary.add("Accept-Encoding")
        tag, weak = response.get_etag()
        if tag and not weak:  # the same entity, another encoding: no longer byte-identical
            response.set_etag(tag, weak=True)
        return response
