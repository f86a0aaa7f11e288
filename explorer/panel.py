"""What a side panel is: its declaration, its tab, and the view state it is handed.

A side panel is one tab of the page's right-hand panel. Its module declares it once, as
``PANEL = Panel(...)``: the tab's value and label, the function that builds its body, the
function that registers its callbacks, whether it reads the view state, and where its tab
sits. `explorer.panels` lists the panels; `explorer.page` builds the tabs from that list.

A panel that reads the view state does not take the ``view-state`` store itself: it takes
its own store (`Panel.state_store`), which a browser-side gate fills with the view state
only while the panel's tab is open. A view changed with the tab closed costs the server
no request at all, and opening the tab brings the panel up to date. `install` registers
a page's panels with one such gate for all the panels of a set of tabs.

Examples
--------
>>> from dash import html
>>> notes = Panel("notes", "Notes", component=lambda ctx: html.Section("..."),
...               register_callbacks=lambda app, ctx: None, needs_view_state=True, order=50)
>>> notes.state_store, notes.view_state.component_id
('notes-state', 'notes-state')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from dash import Input, Output, dcc

__all__ = ["Panel", "gated_state", "gated_states", "install", "tab_of"]


@dataclass(frozen=True)
class Panel:
    """A side panel: one tab of the page, declared once by the module that draws it.

    Parameters
    ----------
    id : str
        The tab's value (``"table"``); the panel's state store is ``"<id>-state"``.
    label : str
        The tab's visible label (``"Table"``), which is also its accessible name.
    component : callable
        ``component(ctx)`` returns the panel's body.
    register_callbacks : callable
        ``register_callbacks(app, ctx)`` registers the panel's callbacks on ``app``.
    needs_view_state : bool
        Whether the panel's callbacks read the view state; such a panel reads it from
        `view_state`, which is fed only while its tab is open.
    order : int
        Where the tab sits: tabs are drawn by increasing ``order``.

    See Also
    --------
    explorer.panels.register : a registry with one more panel.
    """

    id: str
    label: str
    component: Callable
    register_callbacks: Callable
    needs_view_state: bool = False
    order: int = 100

    def __post_init__(self):
        if not isinstance(self.id, str) or not self.id:
            raise ValueError(f"a panel id must be a non-empty string, not {self.id!r}")
        if not callable(self.component) or not callable(self.register_callbacks):
            raise TypeError(f"panel {self.id!r}: component and register_callbacks must be callable")

    @property
    def state_store(self) -> str:
        """Return the id of the store that hands this panel the view state."""
        return f"{self.id}-state"

    @property
    def view_state(self) -> Input:
        """Return the Input the panel's server callbacks take the view state from.

        It holds None until the panel's tab is first opened.
        """
        return Input(self.state_store, "data")

    def body(self, ctx) -> list:
        """Return the tab's children: the panel's component, and its state store if it needs one."""
        children = [self.component(ctx)]
        if self.needs_view_state:
            children.append(dcc.Store(id=self.state_store))
        return children

    def install(self, app, ctx) -> None:
        """Register the panel's callbacks on ``app``, and the gate of its view state.

        The gate is found from where `body` put the state store in ``app.layout``, so the
        panel works whatever tabs it sits in.

        See Also
        --------
        gated_state : the gate itself.
        """
        if self.needs_view_state:
            gated_state(app, tab_of(app.layout, self.state_store), self.state_store)
        self.register_callbacks(app, ctx)


def tab_of(layout, component_id: str):
    """Return (tabs id, tab value) of the ``dcc.Tabs`` tab holding a component, or None.

    Panels inside a tab render only while their tab is open, so the server does not
    build a table or a heatmap nobody sees.

    Notes
    -----
    Walks the whole layout once per call; called once per panel when the app is built.

    Examples
    --------
    >>> from dash import html
    >>> page = dcc.Tabs(id="tabs", children=[dcc.Tab(value="a", children=html.P(id="x"))])
    >>> tab_of(page, "x"), tab_of(page, "y")
    (('tabs', 'a'), None)
    """
    if layout is None or callable(layout):
        return None
    for tabs in (layout, *layout._traverse()):
        if isinstance(tabs, dcc.Tabs) and getattr(tabs, "id", None):
            for tab in tabs.children or ():
                if any(getattr(c, "id", None) == component_id for c in tab._traverse()):
                    return tabs.id, tab.value
    return None


#: Browser-side gate of several panels in one set of tabs: the view state goes to the
#: open tab's panel only (the function's body lists ``tab === "<id>" ? state : no``).
_GATES = """function (state, tab) {
    var no = window.dash_clientside.no_update;
    return [%s];
}"""
#: A panel in no tab is always open: the view state goes straight through.
_PASS = """function (state) { return state; }"""


def gated_state(app, where, store_id: str) -> Input:
    """Fill the store ``store_id`` with the view state while tab ``where`` is open.

    ``where`` is (tabs id, tab value), as `tab_of` returns it; with None (a panel in no
    tab) the store always follows the view state. Returns the Input to read the store by.

    Notes
    -----
    The gate is a clientside callback: it runs in the browser, so a view changed with
    the tab closed costs the server no request at all (opening the tab brings the panel
    up to date). Panels in closed tabs were 42% of callback requests under load.

    See Also
    --------
    Panel.install : registers this gate for a panel that needs the view state.
    gated_states : the gate of a panel in a tab, and of all the panels of a set of tabs.
    """
    # Not on load: the page opens with the view state's store and the tabs as served;
    # the state controller's first reply (a write of view-state) opens the gate.
    if where is None:
        app.clientside_callback(_PASS, Output(store_id, "data"), Input("view-state", "data"),
                                prevent_initial_call=True)
    else:
        gated_states(app, where[0], {where[1]: store_id})
    return Input(store_id, "data")


def gated_states(app, tabs_id: str, store_ids: dict) -> None:
    """Fill each store of ``store_ids`` (tab value -> store id) with the view state while
    its tab of the ``dcc.Tabs`` ``tabs_id`` is open, by one browser-side callback.

    Notes
    -----
    One callback for all the panels of a set of tabs, not one each: each callback the
    browser runs costs several store updates, each of which every component on the page
    checks; with one gate per panel, six of the eleven callbacks a click ran were gates.

    See Also
    --------
    gated_state : the gate of one panel.
    install : registers one such gate per set of tabs.
    """
    arms = ", ".join(f"tab === {json.dumps(value)} ? state : no" for value in store_ids)
    app.clientside_callback(_GATES % arms, [Output(s, "data") for s in store_ids.values()],
                            Input("view-state", "data"), Input(tabs_id, "value"),
                            prevent_initial_call=True)


def install(app, ctx, panels) -> None:
    """Register the callbacks of every panel of ``panels`` on ``app``, and the gates of
    their view state: one for the panels of each set of tabs (`gated_states`), one for
    each panel in no tab (`gated_state`).

    See Also
    --------
    Panel.install : the same for one panel, with a gate of its own.
    """
    tabs: dict = {}
    for panel in panels:
        if panel.needs_view_state:
            where = tab_of(app.layout, panel.state_store)
            if where is None:
                gated_state(app, None, panel.state_store)
            else:
                tabs.setdefault(where[0], {})[where[1]] = panel.state_store
    for tabs_id, stores in tabs.items():
        gated_states(app, tabs_id, stores)
    for panel in panels:
        panel.register_callbacks(app, ctx)
