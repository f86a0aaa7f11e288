"""``python -m graph.export``: the export command line (see `graph.export.cli.main`)."""

import sys

from graph.export.cli import main

if __name__ == "__main__":
    sys.exit(main())
