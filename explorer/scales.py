"""The colour scales of "Colour by": which figure, which bins, which colours, what the legend says.

The graph is coloured by tier unless the user picks a figure of the professions:
projected growth (BLS 2024-34, a diverging ColorBrewer PuOr scale centred on "little or no
change"), median wage (OEWS, sequential YlGnBu), Job Zone (O*NET's 1-5 preparation levels,
viridis) or Bright Outlook (O*NET's categories, Okabe-Ito colours). Every palette is
colour-blind safe (ColorBrewer's and viridis' own checks, Okabe-Ito by design), and a
node's shape still tells its tier. Nodes without the figure (other tiers, or professions
the source has no value for) are grey and faded, and the legend says so; needs keep their
own colour.

Each drawn node carries, in its element data, the bin of each scale it falls in
(`colour_values`, field `Scale.field`), so the stylesheet of a mode
(`explorer.stylesheet.colour_stylesheet`) is a handful of ``node[colour_growth = 3]``
rules and switching modes repaints in the browser without asking the server for
anything.

Examples
--------
>>> MODES
('tier', 'growth', 'wage', 'zone', 'outlook')
>>> colour_values({"tier": "profession", "growth_pct": -4.2, "median_wage": 61000,
...                "job_zone": 3, "bright_outlook": ""})
{'colour_growth': 1, 'colour_wage': 2, 'colour_zone': 2, 'colour_outlook': 4}
>>> [b.label for b in SCALES["growth"].bins][3]
'little or no change (-1% to 1%)'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["BROWSER_FIELDS", "DEFAULT_MODE", "MODES", "MODE_LABELS", "SCALES", "UNKNOWN", "Bin", "Scale",
           "colour_values"]

#: Colour of a node without the figure (faded, see `explorer.stylesheet`).
UNKNOWN = "#aab4be"
DEFAULT_MODE = "tier"


@dataclass(frozen=True)
class Bin:
    """One step of a scale: its legend text and colour (``low`` <= value < ``high``)."""

    label: str
    colour: str
    low: float | None = None
    high: float | None = None


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Scale:
    """A figure the graph can be coloured by.

    Attributes
    ----------
    mode : str
        The value of the "Colour by" control and of the URL's ``colour``.
    label : str
        The control's text.
    title : str
        The legend's heading (says the source and year).
    bins : tuple of Bin
        In legend order.
    unknown : str
        What the legend says of grey nodes.
    value : callable
        ``value(attrs)``: the node's figure (a number, or a bin index for categories),
        or None.
    categorical : bool
        Whether ``value`` gives the bin index itself.
    """

    mode: str
    label: str
    title: str
    bins: tuple[Bin, ...]
    unknown: str
    value: Callable[[Mapping], object]
    categorical: bool = False

    @property
    def field(self) -> str:
        """Return the element data field that holds a node's bin ("colour_growth")."""
        return f"colour_{self.mode}"

    def bin_of(self, attrs: Mapping) -> int | None:
        """Return the index of the bin a node's attributes fall in, or None (grey).

        Examples
        --------
        >>> [SCALES["growth"].bin_of({"growth_pct": g}) for g in (-30, -1, 0.99, 10, "", None)]
        [0, 3, 3, 6, None, None]
        """
        value = self.value(attrs)
        if value is None:
            return None
        if self.categorical:
            return value
        for i, b in enumerate(self.bins):
            if (b.low is None or value >= b.low) and (b.high is None or value < b.high):
                return i
        return None


def _growth(attrs):
    return _number(attrs.get("growth_pct"))


def _wage(attrs):
    """OEWS median wage, else BLS projections' median wage."""
    wage = _number(attrs.get("median_wage"))
    return wage if wage is not None else _number(attrs.get("bls_median_wage"))


def _zone(attrs):
    zone = _number(attrs.get("job_zone"))
    return zone if zone in (1, 2, 3, 4, 5) else None


#: O*NET's Bright Outlook categories as the data spells them.
RAPID, NUMEROUS, NEW = "Rapid Growth", "Numerous Job Openings", "New and Emerging"


def _outlook(attrs):
    """Bin index of a profession's Bright Outlook categories; "not Bright Outlook" only for
    a profession the outlook sources cover (it has a Job Zone or a projection)."""
    cats = {c.strip() for c in str(attrs.get("bright_outlook") or "").split("|") if c.strip()}
    if RAPID in cats and NUMEROUS in cats:
        return 0
    if RAPID in cats:
        return 1
    if NUMEROUS in cats:
        return 2
    if NEW in cats:
        return 3
    covered = _zone(attrs) is not None or _growth(attrs) is not None
    return 4 if attrs.get("tier") == "profession" and covered else None


_NO_FIGURE = "grey: no figure (not a profession, or none in the source)"

SCALES: dict[str, Scale] = {s.mode: s for s in (
    Scale("growth", "Projected growth", "Projected employment change 2024-34 (BLS)", (
        # ColorBrewer PuOr, 7 classes: decline orange, growth purple.
        Bin("declining fast (below -10%)", "#b35806", None, -10),
        Bin("declining (-10% to -3%)", "#f1a340", -10, -3),
        Bin("declining a little (-3% to -1%)", "#fee0b6", -3, -1),
        Bin("little or no change (-1% to 1%)", "#f7f7f7", -1, 1),
        Bin("growing a little (1% to 5%)", "#d8daeb", 1, 5),
        Bin("growing (5% to 10%)", "#998ec3", 5, 10),
        Bin("growing fast (10% or more)", "#542788", 10, None),
    ), _NO_FIGURE, _growth),
    Scale("wage", "Median wage", "Median annual wage (OEWS May 2025, else BLS)", (
        # ColorBrewer YlGnBu, 7 classes.
        Bin("under $35,000", "#ffffcc", None, 35000),
        Bin("$35,000 to $50,000", "#c7e9b4", 35000, 50000),
        Bin("$50,000 to $65,000", "#7fcdbb", 50000, 65000),
        Bin("$65,000 to $80,000", "#41b6c4", 65000, 80000),
        Bin("$80,000 to $100,000", "#1d91c0", 80000, 100000),
        Bin("$100,000 to $130,000", "#225ea8", 100000, 130000),
        Bin("$130,000 or more", "#0c2c84", 130000, None),
    ), _NO_FIGURE, _wage),
    Scale("zone", "Job Zone", "Job Zone: preparation needed (O*NET)", (
        # viridis, 5 steps, darker for more preparation.
        Bin("1: little or no preparation", "#fde725", 1, 2),
        Bin("2: some preparation", "#5ec962", 2, 3),
        Bin("3: medium preparation", "#21918c", 3, 4),
        Bin("4: considerable preparation", "#3b528b", 4, 5),
        Bin("5: extensive preparation", "#440154", 5, None),
    ), _NO_FIGURE, _zone),
    Scale("outlook", "Bright Outlook", "Bright Outlook (O*NET)", (
        # Okabe-Ito colours the tier colours leave free in this mode.
        Bin("rapid growth and numerous openings", "#009E73"),
        Bin("rapid growth", "#56B4E9"),
        Bin("numerous job openings", "#CC79A7"),
        Bin("new and emerging", "#F0E442"),
        Bin("not Bright Outlook", "#ffffff"),
    ), _NO_FIGURE, _outlook, categorical=True),
)}

#: The node data the browser needs for "Colour by": each scale's bin field, and the
#: figures the hover text shows (`explorer.view.NODE_FIELDS` keeps them).
BROWSER_FIELDS: frozenset[str] = frozenset(
    {s.field for s in SCALES.values()}
    | {"growth_pct", "median_wage", "bls_median_wage", "job_zone", "bright_outlook"})
MODES: tuple[str, ...] = (DEFAULT_MODE, *SCALES)
#: The "Colour by" control's text of each mode.
MODE_LABELS: dict[str, str] = {DEFAULT_MODE: "Tier", **{m: s.label for m, s in SCALES.items()}}


def colour_values(attrs: Mapping) -> dict[str, int]:
    """Return the element data fields of a node's bins, one per scale it has a figure for.

    Notes
    -----
    A few comparisons per scale; called once per drawn node (`explorer.elements`).
    """
    out = {}
    for scale in SCALES.values():
        b = scale.bin_of(attrs)
        if b is not None:
            out[scale.field] = b
    return out
