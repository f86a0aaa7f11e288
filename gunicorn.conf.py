"""Gunicorn settings for ``gunicorn -c gunicorn.conf.py explorer.app:server``.

From the repository root, ``app:server`` names the same app. The explorer's settings
come from the environment (``WOW_HOST``, ``WOW_PORT``, ``WOW_WORKERS``, ``WOW_DATA``...;
see ``explorer/settings.py``); gunicorn's own flags given on its command line
(``--workers``, ``--bind``...) override them. The master preloads the app, so every
worker serves the same data, read again only on ``kill -HUP <master pid>`` (see
``explorer/wsgi.py``).
"""

import gc
import sys

from explorer.settings import SettingsError, resolve
from explorer.wsgi import gunicorn_options, reload_app

try:
    _options = gunicorn_options(resolve())
except SettingsError as _error:
    print(_error, file=sys.stderr)
    sys.exit(2)

# bind, workers, preload_app, pre_fork...: the same gunicorn settings as `wow serve`.
globals().update(_options)


def on_reload(arbiter):
    """Load the data folder again on SIGHUP; invalid data keep the old app in service."""
    from explorer import app

    if reload_app(arbiter, app.create_app):
        # The first app, built for `explorer.app:server` (or `app:server`), is no longer
        # served: let it be freed.
        app._default_app.cache_clear()
        gc.collect()
