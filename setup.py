"""What the wheel holds: the ``graph`` and ``explorer`` packages and their data files.

The rest of the project's metadata is in ``pyproject.toml``. The explorer's static files
(``explorer/assets/``), the vendored regenerator-runtime (``explorer/vendor/``) and the
bundled dataset go in as package data: ``data/nodes.csv``
and ``data/edges.csv`` are copied into the wheel as ``explorer/data/`` (git keeps the one
copy, in ``data/``), so an installed ``wow`` opens them from any working directory
(`explorer.settings.bundled_data`).
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["graph", "graph.*", "explorer", "explorer.*"]),
              "explorer.assets", "explorer.vendor", "explorer.data"],
    package_dir={"explorer.data": "data"},
    package_data={"explorer.assets": ["*"], "explorer.vendor": ["*"], "explorer.data": ["nodes.csv", "edges.csv", "titles.csv", "skills.csv"]},
)
