"""``python -m graph.mapjobs``: code a job list (see `graph.mapjobs.cli.main`)."""

import sys

from graph.mapjobs.cli import main

if __name__ == "__main__":
    sys.exit(main())
