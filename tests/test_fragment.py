"""Fragments (explorer.fragment) come out the same from every worker process."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A "Show more of" button as the cap notice writes it: several data-* and aria-*
# attributes, which Dash lists in an order that depends on the hash seed.
_CHILD = """
from dash import html
from explorer import fragment
print(fragment.encode(html.Div([
    html.Button("Show more of Health care", type="button", className="btn btn-small",
                **{"data-node": "health-care-62", "data-action": "expand",
                   "aria-label": "Show more of Health care", "data-tier": "industry"}),
], className="notice", **{"data-count": "3", "aria-live": "polite"})))
"""


def _encoded(seed: int) -> str:
    done = subprocess.run([sys.executable, "-c", _CHILD], cwd=REPO, capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONHASHSEED": str(seed)})
    return done.stdout


def test_a_fragment_is_the_same_bytes_whatever_the_hash_seed():
    # Two gunicorn workers start with different seeds: the same view's reply must not
    # differ between them (seeds 0 and 1 gave two orders before attributes were sorted).
    replies = {_encoded(seed) for seed in (0, 1, 2, 3)}
    assert len(replies) == 1, replies
    assert '"data-action":"expand"' in replies.pop()
