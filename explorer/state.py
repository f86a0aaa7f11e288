"""The explorer's UI state: one serialisable value that round-trips through the URL.

`ViewState` says what the page shows: which needs and tiers, the focused node and depth,
the layout, the selected node (details panel), the end of a "Path to..." search, the
nodes of a "What if it went away?" scenario, what the node colours show ("Colour by") and
the nodes compared side by side. It is
held by the ``view-state`` store as `ViewState.to_dict` and in the URL query as
`ViewState.to_query`. Reading is lenient: unknown need, tier, layout or node ids are
dropped and the depth is clamped, so an edited or stale URL still opens a sensible view.

Examples
--------
>>> s = ViewState.from_query("?needs=learning,family&tiers=need,profession&depth=9&layout=bogus")
>>> s.needs, s.tiers, s.depth, s.layout
(('family', 'learning'), ('need', 'profession'), 4, 'web')
>>> s.to_query()
'?needs=family,learning&tiers=need,profession&depth=4'
>>> ViewState.from_query(s.to_query()) == s
True
>>> DEFAULT.to_query(), ViewState.from_dict(None) == DEFAULT
('', True)
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping
from urllib.parse import parse_qs, quote

from graph.layout import LAYOUTS
from graph.schema import NEED_IDS, TIER_IDS
from explorer.scales import DEFAULT_MODE, MODES

MIN_DEPTH = 1
MAX_DEPTH = 4
DEFAULT_DEPTH = 1
DEFAULT_LAYOUT = "web"

#: URL query parameter of each field (short, readable names).
_PARAM = {"needs": "needs", "tiers": "tiers", "focus": "focus", "depth": "depth",
          "layout": "layout", "selected": "node", "path_to": "path", "more": "more",
          "without": "without", "colour": "colour", "compare": "compare", "moves": "moves",
          "org": "org"}
_LIST_SEPARATOR = ","
_MAX_ID_LENGTH = 200
#: Separator inside one ``more`` entry, "ANCHOR~TIER~PAGES" (node ids are slugs, so no "~").
_MORE_SEPARATOR = "~"
#: Last part of a ``more`` entry whose expansion may fold other nodes to make room.
_ROOM = "room"
#: Most groups a state keeps expanded, and most pages asked of one group.
MAX_EXPANDED = 40
MAX_PAGES = 50
#: Most nodes a "What if it went away?" scenario removes (a whole NAICS sector is ~60).
MAX_REMOVED = 100
#: Most nodes compared side by side (`graph.compare.MAX_COMPARED`).
MAX_COMPARED = 3


def _ids(values, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Return the allowed ids among ``values`` (a list or a comma-separated string), in schema order."""
    if values is None:
        return allowed
    if isinstance(values, str):
        values = values.split(_LIST_SEPARATOR)
    try:
        chosen = {str(v).strip() for v in values}
    except TypeError:
        return allowed
    chosen.discard("")
    kept = tuple(a for a in allowed if a in chosen)
    # Only unknown ids (a stale or mistyped URL): show everything rather than nothing.
    return allowed if chosen and not kept else kept


def _node(value, graph) -> str | None:
    """Return a node id if it is a plausible id (and in ``graph`` when given), else None."""
    if value is None or isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    if not value or len(value) > _MAX_ID_LENGTH:
        return None
    if graph is not None and value not in graph:
        return None
    return value


def _entries(values) -> list:
    """Return the entries of a list field: a comma-separated string split, a list or a
    tuple as it is, anything else (None, a number, a dict) none."""
    if isinstance(values, str):
        return values.split(_LIST_SEPARATOR)
    return list(values) if isinstance(values, (list, tuple)) else []


def _more_entry(anchor: str | None, tier: str, pages: int = 1, room: bool = False) -> str:
    """Return one ``more`` entry, e.g. "chef~job~2" or "~need~1~room" (top level)."""
    return _MORE_SEPARATOR.join([anchor or "", tier, str(pages), *([_ROOM] if room else [])])


def _more(values, graph) -> tuple[str, ...]:
    """Return the well-formed "ANCHOR~TIER~PAGES[~room]" entries of ``values`` in the
    order they were asked for, canonical and bounded.

    The order decides what each expansion draws (`graph.canvas.draw_pages`), so it is
    kept. An empty anchor stands for the top level of the view (its roots); "~room" marks
    an expansion the user let fold the least connected nodes to make room. Entries naming
    an unknown tier or node are dropped, consecutive entries for one group (with the same
    mark) add up, pages are clamped to 1..`MAX_PAGES`, and the first `MAX_EXPANDED`
    entries are kept.

    Examples
    --------
    >>> _more("chef~job~2,chef~job,~profession~1,x~bogus~1,chef~job~999,chef~job~1~room", None)
    ('chef~job~3', '~profession~1', 'chef~job~50', 'chef~job~1~room')
    """
    kept: list[list] = []
    for value in _entries(values)[:4 * MAX_EXPANDED]:
        if not isinstance(value, str):
            continue
        parts = value.strip().split(_MORE_SEPARATOR)
        room = len(parts) == 4 and parts[3] == _ROOM
        parts = parts[:3] if room else parts
        if len(parts) == 2:
            parts.append("1")
        if len(parts) != 3 or parts[1] not in TIER_IDS:
            continue
        anchor = parts[0].strip()
        if anchor and _node(anchor, graph) is None:
            continue
        try:
            n = int(parts[2])
        except ValueError:
            continue
        if n <= 0:
            continue
        if kept and kept[-1][0] == anchor and kept[-1][1] == parts[1] and kept[-1][3] == room:
            kept[-1][2] = min(MAX_PAGES, kept[-1][2] + n)
        else:
            kept.append([anchor, parts[1], min(MAX_PAGES, n), room])
    return tuple(_more_entry(*entry) for entry in kept[:MAX_EXPANDED])


def _removed(values, graph) -> tuple[str, ...]:
    """Return the node ids of a what-if scenario: plausible ids (in ``graph`` when given),
    each once, sorted, at most `MAX_REMOVED`; ids holding the list separator are dropped
    (the URL could not keep them).

    Examples
    --------
    >>> _removed("hospitals,chef,,chef", None), _removed(["a,b", 3, None], None)
    (('chef', 'hospitals'), ('3',))
    """
    ids = {_node(v, graph) for v in _entries(values)[:4 * MAX_REMOVED]}
    ids.discard(None)
    return tuple(sorted(i for i in ids if _LIST_SEPARATOR not in i))[:MAX_REMOVED]


def _compared(values, graph) -> tuple[str, ...]:
    """Return the nodes to compare: plausible ids (in ``graph`` when given), each once, in
    the order given, the last `MAX_COMPARED`.

    Examples
    --------
    >>> _compared("a,b,a,,c,d", None), _compared(None, None)
    (('b', 'c', 'd'), ())
    """
    ids = [i for v in _entries(values)[:4 * MAX_COMPARED]
           if (i := _node(v, graph)) is not None and _LIST_SEPARATOR not in i]
    return tuple(dict.fromkeys(ids))[-MAX_COMPARED:]


def _org_key(value) -> str | None:
    """Return an organization key (`graph.organization.organization_key`: 12 hex digits)
    or None.

    Examples
    --------
    >>> _org_key("0123456789ab"), _org_key("nope"), _org_key(None)
    ('0123456789ab', None, None)
    """
    if isinstance(value, str) and len(value) == 12 and all(c in "0123456789abcdef" for c in value):
        return value
    return None


def _depth(value) -> int:
    """Return the depth clamped to [MIN_DEPTH, MAX_DEPTH]; the default when unreadable."""
    try:
        depth = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_DEPTH
    return max(MIN_DEPTH, min(MAX_DEPTH, depth))


@dataclass(frozen=True)
class ViewState:
    """What the explorer shows; immutable, canonical (ids in schema order), hashable.

    Attributes
    ----------
    needs : tuple of str
        Need ids whose webs are shown, in `graph.schema.NEEDS` order (all 12 by default).
    tiers : tuple of str
        Tier ids shown, in `graph.schema.TIERS` order (all five by default); hidden tiers
        are bridged.
    focus : str or None
        Node whose neighbourhood (to ``depth`` links) is shown instead of the whole filter.
    depth : int
        Neighbourhood depth of a focus view, `MIN_DEPTH`..`MAX_DEPTH`.
    layout : str
        A key of `graph.layout.LAYOUTS`.
    selected : str or None
        Node shown in the details panel.
    path_to : str or None
        Other end of the "Path to..." search from ``selected``.
    more : tuple of str
        Groups of a view beyond the element cap that the user expanded, as
        "ANCHOR~TIER~PAGES" (anchor "" for the view's top level): each page shows more of
        the group's members (see `explorer.view`).
    without : tuple of str
        Nodes of a "What if it went away?" scenario (`graph.whatif`), sorted: the graph
        still draws them, crossed out, and marks what they take away.
    colour : str
        What the node colours show: ``tier`` or a figure of `explorer.scales.SCALES`
        (``growth``, ``wage``, ``zone``, ``outlook``); repainted in the browser.
    compare : tuple of str
        Nodes shown side by side in the Compare panel, in the order chosen (at most
        `MAX_COMPARED`).
    moves : str or None
        Node whose career moves the graph draws around it (`graph.moves`), instead of
        the filtered view.
    org : str or None
        The key of the user's own organization drawn in the graph
        (`graph.organization.organization_key`), or None. Its data stays in the browser
        that uploaded it (`explorer.organization`); the URL only names its key.
    """

    needs: tuple[str, ...] = NEED_IDS
    tiers: tuple[str, ...] = TIER_IDS
    focus: str | None = None
    depth: int = DEFAULT_DEPTH
    layout: str = DEFAULT_LAYOUT
    selected: str | None = None
    path_to: str | None = None
    more: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    colour: str = DEFAULT_MODE
    compare: tuple[str, ...] = ()
    moves: str | None = None
    org: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping | None, graph=None) -> "ViewState":
        """Return the state a dict describes, leniently (see the module docstring).

        With ``graph``, node ids not in it are dropped. A missing key takes its default;
        an empty needs or tiers list means none.

        Examples
        --------
        >>> ViewState.from_dict({"needs": ["spirituality", "nope"], "depth": "2", "focus": ""})
        ViewState(needs=('spirituality',), tiers=('need', 'profession', 'industry', 'organization', 'job'), focus=None, depth=2, layout='web', selected=None, path_to=None, more=(), without=(), colour='tier', compare=(), moves=None, org=None)
        """
        if not isinstance(data, Mapping):
            data = {}
        layout = data.get("layout")
        selected = _node(data.get("selected"), graph)
        return cls(
            needs=_ids(data.get("needs"), NEED_IDS),
            tiers=_ids(data.get("tiers"), TIER_IDS),
            focus=_node(data.get("focus"), graph),
            depth=_depth(data.get("depth", DEFAULT_DEPTH)),
            layout=layout if isinstance(layout, str) and layout in LAYOUTS else DEFAULT_LAYOUT,
            selected=selected,
            path_to=_node(data.get("path_to"), graph) if selected else None,
            more=_more(data.get("more"), graph),
            without=_removed(data.get("without"), graph),
            colour=colour if isinstance(colour := data.get("colour"), str) and colour in MODES
            else DEFAULT_MODE,
            compare=_compared(data.get("compare"), graph),
            moves=_node(data.get("moves"), graph),
            org=_org_key(data.get("org")),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict that `from_dict` reads back to an equal state."""
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
                for f in fields(self)}

    def to_query(self) -> str:
        """Return the URL query string (with its ``?``, or "" for the default view).

        Fields at their default are left out, so URLs stay short; an empty needs or tiers
        selection is written as an empty value so that it survives.
        """
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value == f.default:
                continue
            if isinstance(value, tuple):
                value = _LIST_SEPARATOR.join(value)
            parts.append(f"{_PARAM[f.name]}={quote(str(value), safe='-_.~,')}")
        return "?" + "&".join(parts) if parts else ""

    @classmethod
    def from_query(cls, query: str | None, graph=None) -> "ViewState":
        """Return the state a URL query string describes (leniently; ``?`` optional).

        See Also
        --------
        unread : what of the query this state leaves out, in words.
        """
        return cls.from_dict(_query_fields(query)[0], graph)

    def replace(self, **changes) -> "ViewState":
        """Return a copy with ``changes`` applied and canonicalised like `from_dict`."""
        return ViewState.from_dict({**self.to_dict(), **changes})

    def with_graph(self, graph) -> "ViewState":
        """Return this state without node ids that ``graph`` does not hold."""
        return ViewState.from_dict(self.to_dict(), graph)

    def key(self) -> tuple:
        """Return a hashable key of the fields that decide which graph is shown."""
        return (self.needs, self.tiers, self.focus, self.depth, self.selected, self.path_to,
                self.more, self.without, self.moves, self.org)

    def expansions(self) -> tuple[tuple[str | None, str, int, bool], ...]:
        """Return the groups asked for, in order: (anchor or None, tier, pages, room).

        Examples
        --------
        >>> DEFAULT.expand("chef", "job").expand(None, "need").make_room(None, "need").expansions()
        (('chef', 'job', 1, False), (None, 'need', 1, True))
        """
        found = []
        for entry in self.more:
            anchor, tier, n, *room = entry.split(_MORE_SEPARATOR)
            found.append((anchor or None, tier, int(n), bool(room)))
        return tuple(found)

    def pages(self, anchor: str | None, tier: str) -> int:
        """Return how many extra pages of the group (``anchor``, ``tier``) the user asked for.

        Examples
        --------
        >>> DEFAULT.expand("chef", "job").expand("chef", "job").pages("chef", "job")
        2
        """
        return sum(n for a, t, n, _room in self.expansions() if (a, t) == (anchor or None, tier))

    def expand(self, anchor: str | None, tier: str) -> "ViewState":
        """Return the state with one more page of the group (``anchor``, ``tier``) asked
        for, after those asked for before."""
        return self.replace(more=[*self.more, _more_entry(anchor, tier)])

    def make_room(self, anchor: str | None, tier: str) -> "ViewState":
        """Return the state whose last request for the group (``anchor``, ``tier``), when
        it is the last request of all, may fold the least connected nodes to make room;
        otherwise one page more of it, with that leave.

        Examples
        --------
        >>> DEFAULT.expand("chef", "job").make_room("chef", "job").more
        ('chef~job~1~room',)
        """
        group = (anchor or None, tier)
        asked = self.expansions()
        if asked and asked[-1][:2] == group:
            *before, (_a, _t, n, _room) = asked
        else:
            before, n = list(asked), 1
        return self.replace(more=[*(_more_entry(*e) for e in before),
                                  _more_entry(*group, n, True)])

    def fold(self, anchor: str | None, tier: str) -> "ViewState":
        """Return the state without any request for the group (``anchor``, ``tier``).

        Examples
        --------
        >>> DEFAULT.expand("chef", "job").expand(None, "need").fold("chef", "job").more
        ('~need~1',)
        """
        group = (anchor or None, tier)
        return self.replace(more=[m for m, (a, t, _n, _r) in zip(self.more, self.expansions())
                                  if (a, t) != group])


#: The view a fresh page shows: every need, every tier, whole graph, web layout.
DEFAULT = ViewState()


def _query_fields(query) -> tuple[dict[str, Any], list[str] | None]:
    """Return the fields a URL query names (field -> last raw value) and its unknown
    parameters (None when the query has more parts than any view: all is ignored)."""
    query = (query if isinstance(query, str) else "").lstrip("?")
    try:
        parsed = parse_qs(query, keep_blank_values=True, max_num_fields=50)
    except ValueError:  # more fields than any real view has: a forged URL
        return {}, None
    data = {name: parsed[param][-1] for name, param in _PARAM.items() if param in parsed}
    return data, [p for p in parsed if p not in _PARAM.values()]


def _quoted(value, limit: int = 40) -> str:
    """Return ``value`` in double quotes, cut to ``limit`` characters."""
    value = str(value)
    return '"' + (value if len(value) <= limit else value[:limit - 1] + "\u2026") + '"'


def unread(query: str | None, graph=None) -> list[str]:
    """Return what a URL query asks for that the page cannot show, one phrase per part.

    Each phrase names the part of the address (its parameter and value) and says what is
    shown instead; an empty list means the whole address was understood. With ``graph``,
    node ids not in it count as not understood.

    Examples
    --------
    >>> unread("?needs=foo&depth=9&zoom=2")
    ['needs "foo" names no need, so every need is shown', 'depth "9" is not one of 1 to 4, so depth 4 is shown', '"zoom" is not part of a view, so it is ignored']
    >>> unread("?needs=family,foo&focus=")
    ['needs "foo" names no need, so it is left out', 'focus "" names no node, so the whole graph is shown']
    >>> unread(DEFAULT.replace(needs=["family"], selected="chef").to_query())
    []

    Notes
    -----
    Reads the query once more and compares each part with the state `ViewState.from_query`
    makes of it: linear in the length of the query.

    See Also
    --------
    ViewState.from_query : the state shown for the same query.
    """
    data, unknown = _query_fields(query)
    state = ViewState.from_dict(data, graph)
    said = []
    for name in ("needs", "tiers"):
        if name not in data:
            continue
        allowed = NEED_IDS if name == "needs" else TIER_IDS
        asked = [v.strip() for v in str(data[name]).split(_LIST_SEPARATOR) if v.strip()]
        bad = [v for v in asked if v not in allowed]
        if bad:
            instead = (f"every {name[:-1]} is shown" if not set(asked) & set(allowed)
                       else ("it is" if len(bad) == 1 else "they are") + " left out")
            said.append(f"{name} {_quoted(','.join(bad))} names no {name[:-1]}, so {instead}")
    instead_of = {"focus": "the whole graph is shown", "selected": "no node is selected",
                  "path_to": "no path is shown", "moves": "no moves are shown"}
    for name, instead in instead_of.items():
        if name in data and getattr(state, name) is None:
            why = ("needs a selected node" if name == "path_to" and state.selected is None
                   and _node(data[name], graph) else "names no node")
            said.append(f"{_PARAM[name]} {_quoted(data[name])} {why}, so {instead}")
    if "depth" in data and str(data["depth"]).strip() != str(state.depth):
        said.append(f"depth {_quoted(data['depth'])} is not one of {MIN_DEPTH} to "
                    f"{MAX_DEPTH}, so depth {state.depth} is shown")
    if "layout" in data and data["layout"] != state.layout:
        said.append(f"layout {_quoted(data['layout'])} is not a layout, so "
                    f"{LAYOUTS[state.layout].label} is shown")
    for name, kept, what in (("without", state.without, "node"),
                             ("more", state.more, "group")):
        if name not in data:
            continue
        asked = [v.strip() for v in str(data[name]).split(_LIST_SEPARATOR)]
        if name == "without":
            bad = [v for v in asked if v and v not in kept]
        else:
            bad = [v for v in asked if v and _more(v, graph) == ()]
        if bad or not any(asked):
            said.append(f"{name} {_quoted(','.join(bad))} names no {what}, so "
                        + ("nothing is taken away" if name == "without" and not kept
                           else "it is ignored"))
    if "colour" in data and data["colour"] != state.colour:
        said.append(f"colour {_quoted(data['colour'])} is not one of {', '.join(MODES)}, so "
                    "nodes are coloured by tier")
    if "compare" in data:
        asked = [v.strip() for v in str(data["compare"]).split(_LIST_SEPARATOR) if v.strip()]
        bad = [v for v in asked if v not in state.compare]
        if bad:
            said.append(f"compare {_quoted(','.join(bad))} "
                        + (f"names more than {MAX_COMPARED} nodes or no node"
                           if len(asked) > MAX_COMPARED else "names no node")
                        + ", so it is left out")
    if "org" in data and state.org is None:
        said.append(f"org {_quoted(data['org'])} names no uploaded organization, so none "
                    "is shown")
    if unknown is None:
        said.append("the address has more parts than any view, so it is ignored")
    said.extend(f"{_quoted(u)} is not part of a view, so it is ignored" for u in unknown or ())
    return said


__all__ = ["DEFAULT", "MAX_DEPTH", "MIN_DEPTH", "ViewState", "unread"]
