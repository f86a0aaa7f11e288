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
  none of them again;
* Dash's first script, ``@babel/polyfill`` (core-js and regenerator-runtime, 97 KB run
  before anything else), is replaced by regenerator-runtime alone (`lighter_scripts`):
  Dash's scripts call it for their compiled ``async`` functions, and what core-js adds
  every browser that runs React 18 already has. Running core-js took about 0.1 s of the
  first view. Dash's DataTable scripts, which it links on every page, are left out: the
  explorer draws no DataTable.

Examples
--------
>>> preload_links("/")
'<link rel="preload" href="/_dash-layout" as="fetch" crossorigin="anonymous">\\n<link rel="preload" href="/_dash-dependencies" as="fetch" crossorigin="anonymous">'
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

from flask import Response, request, send_file

__all__ = ["install", "preload_links", "lighter_scripts", "PRELOADED", "MIN_GZIP_BYTES",
           "RUNTIME", "UNUSED_LIBRARIES"]

#: What the renderer fetches once its scripts have run, relative to the page's prefix.
PRELOADED = ("_dash-layout", "_dash-dependencies")
#: Bodies smaller than this go as they are (one or two packets either way).
MIN_GZIP_BYTES = 1400
#: How long a browser keeps an asset linked with its version (``?m=``), as Dash's own
#: versioned scripts: a year, in seconds.
ONE_YEAR = 31_536_000
#: regenerator-runtime (MIT, `explorer/vendor/`), served in place of Dash's polyfill; its
#: name carries its version, so the browser may keep it for a year.
RUNTIME = Path(__file__).resolve().parent / "vendor" / "regenerator-runtime-0.13.11.js"
#: Dash's script tag of ``@babel/polyfill`` (served locally or from a CDN).
POLYFILL_TAG = re.compile(r'<script src="[^"]*/polyfill@7[^"/]*"></script>')
#: Component libraries Dash links on every page that the explorer draws none of: Dash's
#: DataTable (its tables are plain HTML, `explorer.table`). A test fails if a module of
#: the explorer starts using one.
UNUSED_LIBRARIES = ("dash_table",)
UNUSED_TAGS = re.compile(r'\n?<script src="[^"]*/_dash-component-suites/dash/(?:%s)/[^"]*"></script>'
                         % "|".join(UNUSED_LIBRARIES))


def preload_links(prefix: str) -> str:
    """Return the ``<link rel="preload">`` tags of `PRELOADED` under the page's ``prefix``.

    ``crossorigin="anonymous"`` makes each a same-origin CORS request with cookies, as the
    renderer's own ``fetch`` is, so the browser hands it the preloaded answer.
    """
    return "\n".join(f'<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin="anonymous">'
                     for path in PRELOADED)


def lighter_scripts(scripts: str, runtime_src: str) -> str:
    r"""Return Dash's ``scripts`` tags with ``@babel/polyfill`` replaced by ``runtime_src``
    and the scripts of `UNUSED_LIBRARIES` left out.

    The runtime takes the polyfill's place, first, so every script after it finds the
    ``regeneratorRuntime`` it expects. Without a polyfill tag, no runtime is added.

    Examples
    --------
    >>> tags = ('<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"></script>\n'
    ...         '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>\n'
    ...         '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_4_1m1.js"></script>')
    >>> print(lighter_scripts(tags, "/_vendor/regenerator-runtime-0.13.11.js"))
    <script src="/_vendor/regenerator-runtime-0.13.11.js"></script>
    <script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>
    >>> lighter_scripts('<script src="/a.js"></script>', "/r.js")
    '<script src="/a.js"></script>'
    """
    scripts = UNUSED_TAGS.sub("", scripts)
    return POLYFILL_TAG.sub(lambda _: f'<script src="{runtime_src}"></script>', scripts, count=1)


def install(app) -> None:
    """Preload the component tree and callback list, encode the tree once, gzip fixed answers,
    and serve regenerator-runtime in place of Dash's polyfill.

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
    runtime_path = "_vendor/" + RUNTIME.name
    interpolate = app.interpolate_index

    def _interpolate_index(**parts):
        parts["scripts"] = lighter_scripts(parts["scripts"], prefix + runtime_path)
        return interpolate(**parts)

    app.interpolate_index = _interpolate_index
    server.add_url_rule(app.config.routes_pathname_prefix + runtime_path, "regenerator_runtime",
                        lambda: send_file(RUNTIME, mimetype="text/javascript", max_age=ONE_YEAR))
    layout_path = prefix + PRELOADED[0]
    assets = prefix + app.config.assets_url_path.strip("/") + "/"
    # The answers fixed for the life of the process (an edited asset changes its body).
    fixed = (prefix + "_dash-component-suites/", assets, prefix + runtime_path,
             *(prefix + p for p in PRELOADED))
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
