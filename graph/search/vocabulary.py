"""The words of a search index, and how well a query word matches each of them.

A `Vocabulary` maps *surface forms* (the words as written in the names, once normalised,
and their terms) to *terms* (`graph.search.normalise.Analyser.terms`: singular,
abbreviations written out), numbered ``0 .. len(terms) - 1``. `Vocabulary.matches`
gives each term a query word finds a *quality* in (0, 1]:

========================================================  =====================
the word is the term, or a form of it ("nurses")           1
the word starts a longer word ("nur" -> "nurse")           0.6 to 0.9, by the
                                                           share typed
the word is made of two words ("glassblower")              0.8 each
one typo away (a letter inserted, deleted or replaced,     0.7
or two neighbours swapped), from 3 letters
two typos away, from 8 letters                             0.5
the same root: all but the last two letters, 5 or more     0.6
("financial" -> "finance")
inside a longer word ("blower" -> "glassblower")           0.6
========================================================  =====================

`Vocabulary.same_start` is the last resort, for a query none of whose words is near any:
the words that start with the query word's first letters (four or more), 0.3.
"""

from __future__ import annotations

from bisect import bisect_left

from ..spelling import Typos

__all__ = ["Vocabulary", "max_typos"]

_MAX_CHAR = chr(0x10FFFF)  # sorts after every character: w + _MAX_CHAR bounds w's prefixes
_SEP = "\n"
#: The qualities of the table above.
_EXACT, _PREFIX_BASE, _PREFIX_SPAN, _SPLIT, _TYPO = 1.0, 0.6, 0.3, 0.8, {1: 0.7, 2: 0.5}
_ROOT, _INFIX, _LAST_RESORT = 0.6, 0.6, 0.3
_ROOT_MIN, _ROOT_CUT, _SPLIT_MIN, _LAST_RESORT_MIN = 5, 2, 3, 4
_MAX_PREFIXES = 3000  # completions of one word that count (the shortest: a letter or two)
_MAX_EDITS = 2  # the most typos a query word may hold (max_typos)


def max_typos(word: str) -> int:
    """Return how many typos a query word may hold: 0 up to 2 letters, 1 up to 7, else 2.

    A typo is one letter inserted, deleted or replaced, or two neighbours swapped
    (optimal string alignment distance).

    Examples
    --------
    >>> [max_typos(w) for w in ["rn", "chef", "accountant"]]
    [0, 1, 2]
    """
    n = len(word)
    return 0 if n < 3 else 1 if n < 8 else _MAX_EDITS


class Vocabulary:
    """Look-ups from a query word to the terms of an index.

    Parameters
    ----------
    surfaces : dict
        {surface form: tuple of term numbers}; every term should also be a surface of
        its own (mapping to itself).
    terms : list of str
        The terms, by number, each once.

    Notes
    -----
    Exact look-ups are one dict access; prefixes a bisection in the sorted surfaces;
    infixes ``str.find`` over the surfaces joined in one string; typos the terms' deletion
    neighbourhoods, two letters deep (`graph.spelling.Typos`: for ``data/us``'s 10,000
    terms, 4.5 MB built in about 0.1 s; a look-up finds the same terms as comparing the
    word with every term of a similar length, in about a quarter of its time).

    See Also
    --------
    graph.spelling.Typos : the terms a few typos away from a word.

    Examples
    --------
    >>> v = Vocabulary({"nurse": (0,), "nurses": (0,), "nursery": (1,), "purse": (2,)},
    ...                ["nurse", "nursery", "purse"])
    >>> v.exact("nurses"), [s for s, _ in v.prefix("nurs")], v.typos("nrse", 1)
    ((0,), ['nurse', 'nursery', 'nurses'], [(0, 1)])
    >>> [s for s, _ in v.infix("urse")]
    ['nurse', 'nursery', 'nurses', 'purse']
    """

    def __init__(self, surfaces: dict[str, tuple[int, ...]], terms: list[str]):
        self.terms = list(terms)
        self._number = {term: number for number, term in enumerate(self.terms)}
        self._surfaces = sorted(surfaces)
        self._surface_terms = [surfaces[s] for s in self._surfaces]
        self._exact = dict(surfaces)
        self._typos = Typos(self.terms, edits=_MAX_EDITS)
        self._joined = _SEP.join(self._surfaces)
        self._offsets = []
        position = 0
        for surface in self._surfaces:
            self._offsets.append(position)
            position += len(surface) + 1

    def __len__(self) -> int:
        """Return the number of terms."""
        return len(self.terms)

    def number(self, term: str) -> int | None:
        """Return the number of `term`, or None when the index has no such term."""
        return self._number.get(term)

    def exact(self, word: str) -> tuple[int, ...]:
        """Return the terms of the surface form `word` (empty when unknown)."""
        return self._exact.get(word, ())

    def prefix(self, word: str) -> list[tuple[str, tuple[int, ...]]]:
        """Return (surface, terms) of every surface that starts with `word`, itself included."""
        lo = bisect_left(self._surfaces, word)
        hi = bisect_left(self._surfaces, word + _MAX_CHAR, lo)
        return list(zip(self._surfaces[lo:hi], self._surface_terms[lo:hi]))

    def infix(self, word: str) -> list[tuple[str, tuple[int, ...]]]:
        """Return (surface, terms) of every surface that contains `word`, in sorted order."""
        out = []
        if not word or _SEP in word:
            return out
        joined, offsets, surfaces = self._joined, self._offsets, self._surfaces
        start = joined.find(word)
        while start != -1:
            i = bisect_left(offsets, start + 1) - 1
            out.append((surfaces[i], self._surface_terms[i]))
            start = joined.find(word, offsets[i] + len(surfaces[i]) + 1)
        return out

    def typos(self, word: str, edits: int) -> list[tuple[int, int]]:
        """Return (term, distance) of the terms 1 to `edits` (at most 2) typos away from
        `word`, by term number."""
        return self._typos.within(word, min(edits, _MAX_EDITS))

    def matches(self, word: str, term: str, last: bool = True) -> dict[int, float]:
        """Return {term number: quality} of the terms query word `word` finds (see above).

        Parameters
        ----------
        word : str
            The query word, normalised.
        term : str
            Its term (`graph.search.normalise.Analyser.word_terms`), e.g. its singular.
        last : bool
            Whether it is the last word of the query, the one being typed: a single
            letter elsewhere (an initial, as in "A&P") only matches itself.

        Examples
        --------
        >>> v = Vocabulary({"nurse": (0,), "nurses": (0,), "nursery": (1,), "purse": (2,),
        ...                 "glass": (3,), "blower": (4,)},
        ...                ["nurse", "nursery", "purse", "glass", "blower"])
        >>> {t: round(q, 2) for t, q in v.matches("nurses", "nurse").items()}
        {0: 1.0, 1: 0.81, 2: 0.7}
        >>> {t: round(q, 2) for t, q in v.matches("nurs", "nurs").items()}
        {0: 0.84, 1: 0.77}
        >>> v.matches("glassblower", "glassblower")
        {3: 0.8, 4: 0.8}
        """
        found: dict[int, float] = {}

        def add(t, quality):
            if quality > found.get(t, 0.0):
                found[t] = quality

        for form in dict.fromkeys((word, term)):
            for t in self.exact(form):
                add(t, _EXACT)
            if len(form) < 2 and not last:
                continue
            completions = self.prefix(form)
            if len(completions) > _MAX_PREFIXES:
                completions = sorted(completions, key=lambda c: (len(c[0]), c[0]))
                completions = completions[:_MAX_PREFIXES]
            for surface, numbers in completions:
                if len(numbers) == 1 and surface != form:
                    add(numbers[0], _PREFIX_BASE + _PREFIX_SPAN * len(form) / len(surface))
        if len(term) > _ROOT_MIN:
            for _surface, numbers in self.prefix(term[:max(_ROOT_MIN, len(term) - _ROOT_CUT)]):
                if len(numbers) == 1:
                    add(numbers[0], _ROOT)
        for t, distance in self.typos(term, max_typos(term)):
            add(t, _TYPO[distance])
        if not found.get(self.number(term), 0.0) and len(word) >= 2 * _SPLIT_MIN:
            for i in range(_SPLIT_MIN, len(word) - _SPLIT_MIN + 1):
                head, tail = self.exact(word[:i]), self.exact(word[i:])
                if len(head) == len(tail) == 1:
                    add(head[0], _SPLIT)
                    add(tail[0], _SPLIT)
        if len(word) >= 3:
            for surface, numbers in self.infix(word):
                if len(numbers) == 1 and not surface.startswith(word):
                    add(numbers[0], _INFIX)
        return found

    def same_start(self, word: str) -> dict[int, float]:
        """Return {term number: 0.3} of the words that start like `word`: with its longest
        start, four letters or more, that starts any word (the last resort).

        Examples
        --------
        >>> Vocabulary({"electrician": (0,), "elect": (1,)}, ["electrician", "elect"]
        ...            ).same_start("electronics")
        {0: 0.3}
        """
        for end in range(len(word) - 1, _LAST_RESORT_MIN - 1, -1):
            completions = self.prefix(word[:end])
            if completions:
                return {numbers[0]: _LAST_RESORT for _s, numbers in completions
                        if len(numbers) == 1}
        return {}
