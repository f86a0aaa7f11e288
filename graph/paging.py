"""How much of a folded view is drawn at a time, and the requests for more of a group.

A fold draws each parent's children a page at a time, in rounds (`Paging`: every first
page before any second page); a click on a "+N" group asks for more of its members (an
`Expansion`), and the fold says what each request drew (an `Outcome`).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.groups import group_id

__all__ = ["MORE", "PAGE", "ROOT_PAGE", "TIER_PAGE", "Expansion", "Outcome", "Paging",
           "expansions"]

#: Children of one parent and tier drawn before the rest are grouped.
PAGE = 8
#: Roots of each tier drawn before the rest are grouped (needs are never more than 12).
ROOT_PAGE = 60
#: Children per parent of these tiers drawn at first instead of ``page``: jobs are the most
#: numerous and least enduring, so a view shows more professions and fewer jobs.
TIER_PAGE = {"job": 3}
#: Members a group shows per page asked for.
MORE = 25


@dataclass(frozen=True)
class Paging:
    """How many children of each parent and tier a fold draws, and in which round.

    The fold draws breadth first, in rounds: round 0 is every parent's first page of each
    tier of its children, round 1 every parent's second page, and so on. An `Expansion`
    draws ``more`` members per page asked for, after the fill.

    Attributes
    ----------
    page : int
        Children per parent and tier in a page (`TIER_PAGE` lowers it for some tiers; the
        roots' first page is `ROOT_PAGE`).
    more : int
        Members an expansion draws per page asked for.

    Notes
    -----
    Frozen: one paging serves a whole fold.

    See Also
    --------
    graph.aggregate.aggregate : builds one from its ``page`` and ``more`` parameters.
    graph.canvas.Canvas : a fold in progress, which queues children by its paging.

    Examples
    --------
    >>> paging = Paging(page=2, more=4)
    >>> paging.limit("chef", "profession"), paging.limit("chef", "job"), paging.limit(None, "need")
    (2, 2, 60)
    >>> [r for r, _i, _c in paging.queue("chef", "profession", ["a", "b", "c", "d", "e"])]
    [0, 0, 1, 1, 2]
    """

    page: int = PAGE
    more: int = MORE

    def limit(self, anchor, tier) -> int:
        """Return how many children of ``anchor`` and ``tier`` the first round draws."""
        return ROOT_PAGE if anchor is None else min(self.page, TIER_PAGE.get(tier, self.page))

    def queue(self, anchor, tier, kids) -> list[tuple[int, int, object]]:
        """Return (round, index, child) of each of ``kids`` the fold may draw, in order.

        The first `limit` children come in round 0, then a page per round.

        Notes
        -----
        O(len(kids)).
        """
        first_page = self.limit(anchor, tier)
        step = TIER_PAGE.get(tier, self.page)
        return [(0 if i < first_page else 1 + (i - first_page) // step, i, c)
                for i, c in enumerate(kids)]


@dataclass(frozen=True)
class Expansion:
    """A request for more of one group: ``pages`` times `Paging.more` of its members.

    Attributes
    ----------
    anchor : str or None
        The drawn node the group hangs from (None: the top level).
    tier : str
        Tier of its members.
    pages : int
        Pages asked for in a row (each click on the group is one).
    room : bool
        Whether the user agreed to fold the least connected drawn nodes to make room for
        the members when they do not fit; without it nothing drawn is folded.

    Examples
    --------
    >>> Expansion("chef", "job").id
    'group:chef:job'
    """

    anchor: str | None
    tier: str
    pages: int = 1
    room: bool = False

    @property
    def id(self) -> str:
        """The id of the group expanded, see `group_id`."""
        return group_id(self.anchor, self.tier)


@dataclass(frozen=True)
class Outcome:
    """What one `Expansion` drew: the members asked for, those drawn, what it folded.

    Attributes
    ----------
    expansion : Expansion
        The request.
    asked : int
        Members it asked for: a page per click, no more than the group held.
    drawn : tuple
        Members it drew, heaviest first (fewer than ``asked`` when the budget ran out).
    folded : tuple
        Nodes drawn before that it folded to make room (only with ``expansion.room``).
    """

    expansion: Expansion
    asked: int
    drawn: tuple = ()
    folded: tuple = ()

    @property
    def short(self) -> int:
        """Members asked for that are not drawn."""
        return self.asked - len(self.drawn)


def expansions(pages) -> tuple[Expansion, ...]:
    """Return ``pages`` as expansions, in order: a sequence of `Expansion` or of
    (anchor, tier[, pages[, room]]) tuples, or a dict (anchor, tier) -> pages.

    Examples
    --------
    >>> expansions({("chef", "job"): 2})
    (Expansion(anchor='chef', tier='job', pages=2, room=False),)
    >>> expansions([(None, "need", 1, True)])[0].room
    True
    """
    if not pages:
        return ()
    if isinstance(pages, dict):
        pages = [(anchor, tier, n) for (anchor, tier), n in pages.items()]
    return tuple(e if isinstance(e, Expansion) else Expansion(*e) for e in pages)
