"""History of visited nodes: back, forward and the breadcrumb.

The record is a plain dict (kept in the ``history`` store): ``entries``, a list of
``{"selected", "focus"}`` visits, and ``index``, the current one. Visiting a node after
going back drops the entries ahead, as a browser does. A visit is a node: focusing or
unfocusing the node shown changes its visit rather than adding one. The browser's own
back and forward buttons change the URL, and `sync` moves the record to the visit the
URL shows, so the page's Back/Forward, the breadcrumb and the browser always agree.

This module registers no callback: the back, forward and breadcrumb events are read by
`explorer.controller`, the page's one writer of the view state, which moves through the
record with `go` and redraws the breadcrumb with `on_history` in the same reply.

Examples
--------
>>> from explorer.state import DEFAULT
>>> h = push(push(EMPTY, DEFAULT.replace(selected="a")), DEFAULT.replace(selected="b"))
>>> h["index"], [e["selected"] for e in h["entries"]]
(1, ['a', 'b'])
>>> h, entry = go(h, step=-1)
>>> entry["selected"], can_go(h)
('a', (False, True))
>>> [e["selected"] for e in push(h, DEFAULT.replace(selected="c"))["entries"]]
['a', 'c']
"""

from __future__ import annotations

from dash import html

from graph import resolve

#: Most visits kept; older ones are dropped.
MAX_ENTRIES = 30
#: Most visits shown in the breadcrumb (the latest ones).
CRUMBS_SHOWN = 8

EMPTY: dict = {"entries": [], "index": -1}


def _valid(history) -> dict:
    """Return ``history`` if well formed, else an empty record."""
    if (isinstance(history, dict) and isinstance(history.get("entries"), list)
            and isinstance(history.get("index"), int)
            and -1 <= history["index"] < len(history["entries"])):
        return history
    return EMPTY


def push(history, state) -> dict:
    """Return the history with a visit to ``state``'s selected/focused node added.

    Nothing is added when the state has no selected node or repeats the current visit;
    a state showing the current visit's node with another focus updates that visit.

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> h = push(EMPTY, DEFAULT.replace(selected="chef"))
    >>> push(h, DEFAULT.replace(selected="chef", focus="chef"))["entries"]
    [{'selected': 'chef', 'focus': 'chef'}]
    """
    history = _valid(history)
    if state.selected is None:
        return history
    entry = {"selected": state.selected, "focus": state.focus}
    entries = history["entries"][: history["index"] + 1]
    if entries and entries[-1] == entry:
        return history
    if entries and entries[-1]["selected"] == state.selected:  # the same visit, refocused
        entries = entries[:-1]
    entries = (entries + [entry])[-MAX_ENTRIES:]
    return {"entries": entries, "index": len(entries) - 1}


def sync(history, state) -> dict:
    """Return the history moved to the visit ``state`` shows (a URL the browser went to).

    The visit of ``state``'s selected node nearest the current one is made current (the
    current one first, then going back before going forward), with the state's focus; a
    node not in the record is a new visit, and a state without a selected node stands
    before the first visit. This is how the browser's own back and forward buttons, and
    opening a shared address, move the trail.

    Examples
    --------
    >>> from explorer.state import DEFAULT
    >>> h = push(push(EMPTY, DEFAULT.replace(selected="a")), DEFAULT.replace(selected="b"))
    >>> sync(h, DEFAULT.replace(selected="a"))["index"], sync(h, DEFAULT)["index"]
    (0, -1)
    >>> sync(EMPTY, DEFAULT.replace(selected="shared"))["entries"]
    [{'selected': 'shared', 'focus': None}]
    """
    history = _valid(history)
    entries, index = history["entries"], history["index"]
    if state.selected is None:
        return {"entries": entries, "index": -1} if entries else history
    order = sorted(range(len(entries)), key=lambda i: (abs(i - index), i > index))
    found = next((i for i in order if entries[i].get("selected") == state.selected), None)
    if found is None:
        return push(history, state)
    entry = {"selected": state.selected, "focus": state.focus}
    entries = [entry if i == found else e for i, e in enumerate(entries)]
    return {"entries": entries, "index": found}


def go(history, step: int | None = None, index: int | None = None):
    """Return (history, entry) after moving ``step`` visits or to ``index``; entry None if impossible."""
    history = _valid(history)
    target = history["index"] + step if step is not None else index
    if not isinstance(target, int) or not 0 <= target < len(history["entries"]):
        return history, None
    if target == history["index"] and step is not None:
        return history, None
    return {"entries": history["entries"], "index": target}, history["entries"][target]


def can_go(history) -> tuple[bool, bool]:
    """Return whether back and forward are possible."""
    history = _valid(history)
    return history["index"] > 0, history["index"] < len(history["entries"]) - 1


def breadcrumb(G, history) -> list:
    """Return the breadcrumb: the latest visits as buttons, the current one marked.

    Each button carries its visit's index as ``data-crumb``; ``assets/explorer.js`` turns a
    click into a ``crumb-request`` for `explorer.controller`.
    """
    history = _valid(history)
    entries = history["entries"]
    if not entries:
        return [html.Span("Click a node to start a trail.", className="crumb-empty")]
    first = max(0, len(entries) - CRUMBS_SHOWN)
    items = []
    if first:
        items.append(html.Span("\u2026", className="crumb-more"))
    for i in range(first, len(entries)):
        node = entries[i].get("selected")
        label = resolve.label(G, node) if node in G else str(node)
        current = i == history["index"]
        items.append(html.Button(
            label, type="button", **{"data-crumb": str(i)},
            className="crumb" + (" current" if current else ""),
            title=f"Go back to {label}", **({"aria-current": "step"} if current else {}),
        ))
    return items


def on_history(G, history):
    """Return (breadcrumb children, back disabled, forward disabled)."""
    back, forward = can_go(history)
    return breadcrumb(G, history), not back, not forward

