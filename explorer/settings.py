"""The explorer's settings, declared once as data: name, environment variable, flag, type.

Each setting is read, from lowest to highest precedence, from its default, its environment
variable, its command-line flag and the ``config`` dict given to ``create_app``. The
command-line parser of ``wow serve`` (and ``python app.py``) is built from the same table,
so a new setting is one new row.

Examples
--------
>>> s = resolve({"port": "9000"}, environ={"WOW_HOST": "0.0.0.0"})
>>> s.host, s.port, s.element_cap, s.debug, s.workers
('0.0.0.0', 9000, 1000, False, 1)
>>> s.data == BUNDLED_DATA
True
>>> resolve({"element_cap": "lots"})
Traceback (most recent call last):
...
explorer.settings.SettingsError: element_cap: 'lots' is not a valid whole number, expected a whole number >= 1
"""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from graph.errors import WebOfWorkError
from graph.schema import NODES_FILE

#: The repository root, in a checkout (an installed copy has none: see `bundled_data`).
REPO_ROOT = Path(__file__).resolve().parents[1]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(WebOfWorkError, ValueError):
    """A setting has a value of the wrong type or out of range."""


def _bool(text) -> bool:
    """Parse yes/no words (1/0, true/false, yes/no, on/off) as a bool."""
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(text)


def _count(minimum: int) -> Callable[[Any], int]:
    """Return a parser of whole numbers no smaller than ``minimum``."""
    def parse(text) -> int:
        if isinstance(text, bool):
            raise ValueError(text)
        value = int(str(text).strip().replace("_", "").replace(",", ""))
        if value < minimum:
            raise ValueError(text)
        return value
    return parse


def bundled_data(package: Path = Path(__file__).resolve().parent) -> Path:
    """Return the folder of the bundled dataset: the copy installed in ``package``, else ``data/``.

    A wheel (``pip install .``) ships the checkout's ``data/nodes.csv`` and
    ``data/edges.csv`` as ``explorer/data/``; a checkout or an editable install has no such
    folder and uses the repository's ``data/`` itself. Either way the default does not
    depend on the working directory.

    Notes
    -----
    One file-system check. The copy is made by the build (see ``setup.py``), so git holds
    one copy of the files.

    Examples
    --------
    >>> bundled_data() == REPO_ROOT / "data"  # in a checkout
    True
    >>> import shutil, tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "explorer" / "data").mkdir(parents=True)
    >>> _ = (root / "explorer" / "data" / "nodes.csv").write_text("id\\n", encoding="utf-8")
    >>> bundled_data(root / "explorer") == root / "explorer" / "data"
    True
    >>> shutil.rmtree(root)
    """
    packaged = package / "data"
    return packaged if (packaged / NODES_FILE).is_file() else package.parent / "data"


#: The data folder the explorer and ``wow`` open when none is given.
BUNDLED_DATA = bundled_data()


def _port(text) -> int:
    """Parse a TCP port number."""
    value = _count(0)(text)
    if value > 65535:
        raise ValueError(text)
    return value


@dataclass(frozen=True)
class Setting:
    """One setting: its name, environment variable, command-line flag, parser and help."""

    name: str
    env: str
    flag: str
    parse: Callable[[Any], Any]
    default: Any
    help: str
    expected: str  # what a valid value looks like, for error messages
    kind: str = "value"  # "value" or "switch" (a flag without argument)


SETTINGS: tuple[Setting, ...] = (
    Setting("data", "WOW_DATA", "--data", lambda t: Path(str(t)).expanduser(), BUNDLED_DATA,
            "folder holding nodes.csv and edges.csv", "a folder path"),
    Setting("host", "WOW_HOST", "--host", lambda t: str(t).strip() or "127.0.0.1", "127.0.0.1",
            "interface to listen on", "a host name or address"),
    Setting("port", "WOW_PORT", "--port", _port, 8050, "TCP port to listen on",
            "a port number 0-65535"),
    Setting("element_cap", "WOW_ELEMENT_CAP", "--element-cap", _count(1), 1000,
            "most nodes plus edges sent to the browser for one view (a view of up to 1.3 "
            "times as many is drawn whole; a bigger one is folded to the cap)",
            "a whole number >= 1"),
    Setting("debug", "WOW_DEBUG", "--debug", _bool, False,
            "Dash debug mode (development only; never in production)", "yes or no",
            kind="switch"),
    Setting("cache_size", "WOW_CACHE_SIZE", "--cache-size", _count(1), 64,
            "views (elements and positions) kept in memory per process", "a whole number >= 1"),
    Setting("trusted_proxies", "WOW_TRUSTED_PROXIES", "--trusted-proxies", _count(0), 0,
            "reverse proxies in front of the app whose X-Forwarded-* headers are trusted",
            "a whole number >= 0"),
    Setting("workers", "WOW_WORKERS", "--workers", _count(1), 1,
            "worker processes; above 1, the explorer serves with gunicorn, every worker on "
            "the same data, read again only on kill -HUP of the master", "a whole number >= 1"),
)
SETTING_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}

Settings = dataclasses.make_dataclass(
    "Settings", [(s.name, Any, dataclasses.field(default=s.default)) for s in SETTINGS],
    frozen=True,
)
Settings.__module__ = __name__
Settings.__doc__ = "The resolved settings of one app, one attribute per row of `SETTINGS`."


def _parse(setting: Setting, raw, source: str):
    """Parse one raw value or raise SettingsError naming the setting and its source."""
    try:
        return setting.parse(raw)
    except (TypeError, ValueError):
        kind = {"whole number >= 1": "whole number", "whole number >= 0": "whole number"}
        word = next((v for k, v in kind.items() if k in setting.expected), "value")
        where = "" if source == "config" else f" (from {source})"
        raise SettingsError(
            f"{setting.name}{where}: {raw!r} is not a valid {word}, expected {setting.expected}"
        ) from None


def from_environ(name: str, environ: Mapping | None = None):
    """Return one setting from its environment variable, else its default.

    For commands that need one setting without the others (``wow check`` reads the data
    folder the explorer would open, whatever the other variables hold).

    See Also
    --------
    resolve : every setting, from all sources.

    Examples
    --------
    >>> from_environ("port", {"WOW_PORT": "9000", "WOW_WORKERS": "many"})
    9000
    >>> from_environ("data", {}) == BUNDLED_DATA
    True
    """
    import os

    setting = SETTING_BY_NAME[name]
    raw = (os.environ if environ is None else environ).get(setting.env)
    return setting.default if raw in (None, "") else _parse(setting, raw, setting.env)


def resolve(config: Mapping | None = None, environ: Mapping | None = None,
            cli: Mapping | None = None) -> Settings:
    """Return the settings from defaults, environment, command line and config, in that order.

    Parameters
    ----------
    config : mapping, optional
        Setting name -> value; highest precedence (tests use it to point at temporary data).
    environ : mapping, optional
        Environment variables; ``os.environ`` when None.
    cli : mapping, optional
        Setting name -> value from the command line (None values are ignored).

    Raises
    ------
    SettingsError
        For an unknown setting name or a value that does not parse.

    See Also
    --------
    from_environ : one setting, from its environment variable or default.
    """
    import os

    environ = os.environ if environ is None else environ
    values = {}
    for s in SETTINGS:
        value = from_environ(s.name, environ)
        if cli and cli.get(s.name) is not None:
            value = _parse(s, cli[s.name], s.flag)
        values[s.name] = value
    for name, raw in (config or {}).items():
        if name not in SETTING_BY_NAME:
            known = ", ".join(SETTING_BY_NAME)
            raise SettingsError(f"unknown setting {name!r}, expected one of {known}")
        values[name] = _parse(SETTING_BY_NAME[name], raw, "config")
    return Settings(**values)


def build_parser(prog: str = "app.py") -> argparse.ArgumentParser:
    """Return the command-line parser, one option per setting.

    Examples
    --------
    >>> ns = build_parser().parse_args(["--port", "9001", "--debug"])
    >>> ns.port, ns.debug, ns.host
    ('9001', True, None)
    """
    parser = argparse.ArgumentParser(
        prog=prog, description="Serve the Web of Work Explorer.",
        epilog="Each option can also be set by the environment variable shown.",
    )
    for s in SETTINGS:
        text = f"{s.help} (env {s.env}; default {s.default})"
        if s.kind == "switch":
            parser.add_argument(s.flag, dest=s.name, action="store_const", const=True,
                                default=None, help=text)
        else:
            parser.add_argument(s.flag, dest=s.name, default=None, metavar=s.name.upper(),
                                help=text)
    return parser
