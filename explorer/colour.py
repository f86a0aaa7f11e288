"""The "Colour by" control: paint the graph's nodes by tier or by a figure of the professions.

The sidebar's radio group (accessible name "Colour by") offers tier, projected growth,
median wage, Job Zone and Bright Outlook (`explorer.scales`), each with its legend. The
stylesheet of every mode is computed once, when the page is built
(`explorer.stylesheet.colour_stylesheet`), and sent with the page in the
``colour-sheets`` store; a change of mode swaps the graph's stylesheet and shows the
mode's legend in the browser (``assets/colour.js``), with no server round trip and no new
positions. The mode is part of the view state (``colour`` in the URL); the controller
keeps it there, and writes the control when an address names a mode.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, dcc, html

from explorer.fragment import fragment
from explorer.scales import DEFAULT_MODE, MODE_LABELS, MODES, SCALES, UNKNOWN
from explorer.stylesheet import FIGURE_BORDER, UNKNOWN_OPACITY

__all__ = ["CONTROL", "control", "legend", "legend_id", "register_callbacks"]

#: Id of the radio group, and of the store where the browser says which mode it painted.
CONTROL = "colour-by"
PAINTED = "colour-painted"


def legend_id(mode: str) -> str:
    """Return the id of a mode's legend ("colour-legend-growth")."""
    return f"colour-legend-{mode}"


def _swatch(colour: str, faded: bool = False) -> html.Span:
    """Return a legend swatch: a small disc of ``colour`` with the figure border."""
    return html.Span(className="colour-swatch", **{"aria-hidden": "true"}, style={
        "backgroundColor": colour, "opacity": UNKNOWN_OPACITY if faded else 1,
        "border": f"1px solid {FIGURE_BORDER}"})


def legend(mode: str) -> html.Div:
    """Return the legend of a figure's scale: its title, one line per bin, and what grey
    means; hidden unless ``mode`` is the default's (the browser shows the chosen one).

    Examples
    --------
    >>> items = legend("growth").children[1].children
    >>> len(items), items[-2].children[1]
    (9, 'grey: no figure (not a profession, or none in the source)')
    """
    scale = SCALES[mode]
    rows = [html.Li([_swatch(b.colour), b.label]) for b in scale.bins]
    rows.append(html.Li([_swatch(UNKNOWN, faded=True),
                         scale.unknown], className="colour-unknown"))
    rows.append(html.Li("Needs keep their colour; shapes still tell the tier.",
                        className="muted"))
    return html.Div([html.P(scale.title, className="colour-legend-title"),
                     html.Ul(rows, className="legend colour-legend")],
                    id=legend_id(mode), hidden=mode != DEFAULT_MODE,
                    **{"data-colour-mode": mode})


def control() -> html.Fieldset:
    """Return the sidebar section: the "Colour by" radio group and every legend."""
    return html.Fieldset([
        html.Legend("Colour by", className="panel-title", id="colour-by-label"),
        dcc.RadioItems(id=CONTROL, value=DEFAULT_MODE,
                       options=[{"label": MODE_LABELS[m], "value": m} for m in MODES],
                       className="checklist", inputClassName="radio",
                       labelClassName="check-label"),
        # Every legend in one component of the page (explorer.fragment): they only show or
        # hide (assets/colour.js finds them by their data-colour-mode).
        fragment([legend(mode) for mode in SCALES]),
        dcc.Store(id=PAINTED),
    ], className="sidebar-section colour-by", id="colour-section")


def register_callbacks(app, ctx) -> None:
    """Register the browser-side switch: the mode's node class and legend.

    ``assets/colour.js`` puts the mode's class (`explorer.stylesheet.colour_class`) on
    every node and shows the mode's legend, from the radio's own click (before Dash hears
    of it) and from this callback when the controller writes the control from an address.
    Neither the stylesheet nor the elements change: a change of either re-renders the
    whole graph component.

    See Also
    --------
    explorer.controller : keeps the mode in the view state and the URL.
    """
    app.clientside_callback(
        ClientsideFunction(namespace="colour", function_name="apply"),
        Output(PAINTED, "data"),
        Input(CONTROL, "value"),
    )
