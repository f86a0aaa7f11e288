"""The side panels of the page, in tab order: the registry `explorer.page` builds its tabs from.

Each panel's module declares its own ``PANEL`` (an `explorer.panel.Panel`); `BUILT_IN`
names those modules, one line each, and `PANELS` holds their panels in tab order. The
built-in panels go through the same door a new one would: a new panel is a new module
declaring ``PANEL`` plus one line in `BUILT_IN`, or, for an app of its own,
``page.build(ctx, panels=register(PANEL))``.

Examples
--------
>>> [(p.id, p.label, p.needs_view_state) for p in PANELS]  # doctest: +NORMALIZE_WHITESPACE
[('details', 'Details', False), ('moves', 'Moves', True), ('coverage', 'Coverage', True),
 ('compare', 'Compare', True), ('whatif', 'What if', True), ('table', 'Table', True),
 ('export', 'Export', True), ('organization', 'Your organization', False)]
"""

from __future__ import annotations

from importlib import import_module

from explorer.panel import Panel

__all__ = ["BUILT_IN", "PANELS", "Panel", "register", "registry"]


def registry(*panels: Panel) -> tuple[Panel, ...]:
    """Return ``panels`` in tab order (by ``order``, then as given).

    Raises ValueError when two panels share an id: the id is the tab's value and the
    prefix of the panel's state store, so it must name one panel.

    Examples
    --------
    >>> def nothing(*args): return None
    >>> [p.id for p in registry(Panel("b", "B", nothing, nothing, order=2),
    ...                         Panel("a", "A", nothing, nothing, order=1))]
    ['a', 'b']
    """
    seen: set[str] = set()
    for panel in panels:
        if not isinstance(panel, Panel):
            raise TypeError(f"not a Panel: {panel!r}")
        if panel.id in seen:
            raise ValueError(f"two panels have the id {panel.id!r}")
        seen.add(panel.id)
    return tuple(sorted(panels, key=lambda p: p.order))


#: The modules of the built-in panels, each declaring ``PANEL``, one line per panel; they
#: are loaded by name, as datasette loads its default plugins.
BUILT_IN = (
    "explorer.details",
    "explorer.moves",
    "explorer.coverage",
    "explorer.compare",
    "explorer.whatif",
    "explorer.table",
    "explorer.organization",
    "explorer.export",
)

#: The page's side panels, in tab order.
PANELS: tuple[Panel, ...] = registry(*(import_module(name).PANEL for name in BUILT_IN))


def register(panel: Panel, panels: tuple[Panel, ...] = PANELS) -> tuple[Panel, ...]:
    """Return the registry ``panels`` with ``panel`` added in its place; ``panels`` is unchanged.

    See Also
    --------
    registry : the ordering and the checks.
    explorer.page.build : builds an app with the panels given.
    """
    return registry(*panels, panel)
