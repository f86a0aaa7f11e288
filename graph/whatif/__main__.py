"""``python -m graph.whatif``: see `graph.whatif.cli`."""

import sys

from .cli import main

sys.exit(main())
