"""``python -m graph.search``: the search command line (see `graph.search.cli.main`)."""

import sys

from graph.search.cli import main

if __name__ == "__main__":
    sys.exit(main())
