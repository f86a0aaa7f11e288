"""``python -m graph.moves``: see `graph.moves.cli`."""

import sys

from .cli import main

sys.exit(main())
