"""Known words one or two typos away from a word, found through deletion neighbourhoods.

A typo is a letter inserted, deleted or replaced, or two neighbours swapped (the optimal
string alignment distance). Two words one typo apart share a form with at most one
letter deleted from each: "acountant" and "accountant" share "acountant", "tehcnician"
and "technician" share "tecnician"; two words two typos apart share one with at most two
letters deleted from each. So every known word is filed under its *forms* (itself and
the words made by deleting one letter, or up to two), a word looks up the same forms of
its own, and the few words found are checked with RapidFuzz's distance (sharing a form
is necessary, not sufficient). The result is exactly the known words within the typos
asked, as comparing the word with every known word would find them.

The forms are never written out: each is filed by a 64-bit polynomial hash, computed
from the word's prefix hashes (deleting letter i of w leaves ``h(w[:i]) + (h(w) -
h(w[:i+1])) / B``), for all the words of a length at once with NumPy, and the hashes
are kept sorted in an array: about twelve bytes a form, where a dict of strings takes a
hundred. Two forms that share a hash only bring one more word to check.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from rapidfuzz.distance import OSA

__all__ = ["DEEP_LETTERS", "Typos"]

_MASK = (1 << 64) - 1  # hashes are taken modulo 2**64
_BASE = 0x100000001B3  # odd, so that it has an inverse modulo 2**64
_INVERSE = pow(_BASE, -1, 1 << 64)
_INVERSE2 = _INVERSE * _INVERSE & _MASK
#: Longer words, known or looked up, have their forms one letter deep only (a word of n
#: letters has n(n-1)/2 forms two deep: a 10,000-letter alias would have 50 million).
DEEP_LETTERS = 40


@lru_cache(maxsize=256)
def _powers(n: int) -> np.ndarray:
    """Return ``_BASE ** k`` modulo 2**64 for k = 0 .. n - 1."""
    powers = [1]
    for _ in range(n - 1):
        powers.append(powers[-1] * _BASE & _MASK)
    return np.array(powers[:n], np.uint64)


@lru_cache(maxsize=64)
def _gaps(n: int, letters: int) -> tuple[np.ndarray, ...]:
    """Return the positions deleted from an n-letter word: (i,) or (i, j), i < j."""
    return (np.arange(n),) if letters == 1 else np.triu_indices(n, 1)


def _hashes(words: list[str], letters: int, longest: int | None = None
            ) -> tuple[np.ndarray, np.ndarray]:
    """Return (the hashes of the forms of `words` with `letters` (0, 1 or 2) letters
    deleted, the number in `words` of each form's word), words of more than `longest`
    letters left out; a form may come twice.

    >>> hashes, numbers = _hashes(["nurse", "ab"], 1)
    >>> numbers.tolist(), hashes[-2:].tolist() == _form_hashes("ab", 1)[1:].tolist()
    ([0, 0, 0, 0, 0, 1, 1], True)
    """
    by_length: dict[int, list[int]] = {}
    for number, word in enumerate(words):
        by_length.setdefault(len(word), []).append(number)
    inverse, inverse2 = np.uint64(_INVERSE), np.uint64(_INVERSE2)
    hashes, numbers = [np.zeros(0, np.int64)], [np.zeros(0, np.int32)]
    for n, numbered in by_length.items():
        if letters > n or (longest is not None and n > longest):
            continue
        codes = np.frombuffer("".join(words[k] for k in numbered)
                              .encode("utf-32-le", "surrogatepass"), np.uint32)
        prefix = np.zeros((len(numbered), n + 1), np.uint64)  # prefix[:, i] = h(w[:i])
        np.cumsum(codes.reshape(len(numbered), n).astype(np.uint64) * _powers(n), axis=1,
                  out=prefix[:, 1:])
        whole = prefix[:, n:]
        if letters == 0:
            found = whole
        elif letters == 1:
            (i,) = _gaps(n, 1)
            found = prefix[:, i] + inverse * (whole - prefix[:, i + 1])
        else:
            i, j = _gaps(n, 2)
            found = (prefix[:, i] + inverse * (prefix[:, j] - prefix[:, i + 1])
                     + inverse2 * (whole - prefix[:, j + 1]))
        hashes.append(found.ravel().view(np.int64))  # NumPy bisects int64 faster
        numbers.append(np.repeat(np.array(numbered, np.int32), found.shape[1]))
    return np.concatenate(hashes), np.concatenate(numbers)


def _form_hashes(word: str, edits: int) -> np.ndarray:
    """Return the hashes of `word`'s forms with up to `edits` (0, 1 or 2) letters deleted,
    as `_hashes` computes them, in plain Python (faster than NumPy for one word)."""
    prefix, whole, power = [0], 0, 1
    for code in map(ord, word):
        whole = (whole + code * power) & _MASK
        prefix.append(whole)
        power = power * _BASE & _MASK
    n = len(word)
    out = [whole]
    if edits >= 1:
        out += [(prefix[i] + _INVERSE * (whole - prefix[i + 1])) & _MASK for i in range(n)]
    if edits >= 2:
        out += [(prefix[i] + _INVERSE * (prefix[j] - prefix[i + 1])
                 + _INVERSE2 * (whole - prefix[j + 1])) & _MASK
                for i in range(n) for j in range(i + 1, n)]
    return np.array(out, np.uint64).view(np.int64)


class _Table:
    """Word numbers filed under form hashes, both sorted by hash."""

    def __init__(self, hashes: np.ndarray, numbers: np.ndarray):
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.numbers = hashes[order], numbers[order]

    def find(self, hashes: np.ndarray) -> list[int]:
        """Return the numbers filed under any of `hashes` (a number may come back twice)."""
        filed = self.hashes
        if not len(filed):
            return []
        at = np.minimum(np.searchsorted(filed, hashes), len(filed) - 1)
        at = at[filed[at] == hashes]  # where each hash that is filed (few are) starts
        if not len(at):
            return []
        ends = np.searchsorted(filed, filed[at], "right")
        numbers = self.numbers
        return [n for a, b in zip(at.tolist(), ends.tolist()) for n in numbers[a:b].tolist()]

    @property
    def nbytes(self) -> int:
        """Return the bytes of the arrays."""
        return self.hashes.nbytes + self.numbers.nbytes


class Typos:
    """Finds the known words one typo away from a word, or up to two.

    Parameters
    ----------
    words : iterable of str
        The known words, numbered in first-seen order (a repeat is filed once).
    edits : {1, 2}
        The most typos `within` may be asked for: how many letters the filed forms lack
        (a word of more than `DEEP_LETTERS` letters, known or looked up, has its forms
        one letter deep only: such words are always found one typo apart, not always two).

    Notes
    -----
    Building files each word under its length + 1 forms, and with ``edits=2`` under
    length x (length - 1) / 2 more, hashed in NumPy a length at a time: for ``data/us``,
    the search's 10,000 terms two deep are 375,000 forms, 4.5 MB, filed in about 0.1 s;
    the title coder's 10,000 words one deep, 1 MB in 0.05 s (a dict of the forms as
    strings took 12 MB and three times as long). A look-up hashes the word's forms in
    Python (11 for a ten-letter word one deep, 56 two deep), bisects the sorted hashes
    and computes a distance per word found: some tens of microseconds, where comparing
    the word with every known word of a similar length (RapidFuzz, in C) takes some
    hundreds, and the dict of strings, one deep, about half as long.

    See Also
    --------
    graph.search.vocabulary.Vocabulary.typos : a search query word's typos, up to two.
    graph.mapjobs.coder.TitleCoder : corrects the unknown words of job titles.

    Examples
    --------
    >>> typos = Typos(["accountant", "accounting", "technician", "nurse", "purse"])
    >>> typos.near("acountant"), typos.near("tehcnician"), typos.near("nurse")
    (['accountant'], ['technician'], ['purse'])
    >>> typos.near("xyz")
    []
    >>> deeper = Typos(["accountant", "accounting", "registered"], edits=2)
    >>> deeper.within("acounting", 2), deeper.within("acountint", 2), deeper.within("acountint")
    ([(1, 1)], [(0, 2), (1, 2)], [])
    """

    def __init__(self, words, edits: int = 1):
        if edits not in (1, 2):
            raise ValueError(f"edits must be 1 or 2, not {edits!r}")
        self.edits = edits
        self.words = list(dict.fromkeys(words))
        # the forms with no letter or one deleted, then (edits=2) those with two
        filed = [[_hashes(self.words, 0), _hashes(self.words, 1)]]
        if edits == 2:
            filed.append([_hashes(self.words, 2, DEEP_LETTERS)])
        self._tables = [_Table(np.concatenate([h for h, _ in parts]),
                               np.concatenate([n for _, n in parts])) for parts in filed]

    def __len__(self) -> int:
        """Return the number of known words."""
        return len(self.words)

    @property
    def nbytes(self) -> int:
        """Return the bytes the filed forms take (the known words aside)."""
        return sum(t.nbytes for t in self._tables)

    def within(self, word: str, edits: int = 1) -> list[tuple[int, int]]:
        """Return (number, distance) of the known words 1 to `edits` typos away from
        `word` (not `word` itself), by number.

        Raises ValueError when asked for more typos than the index was built for.
        """
        if edits <= 0:
            return []
        if edits > self.edits:
            raise ValueError(f"built for up to {self.edits} typo(s), asked for {edits}")
        hashes = _form_hashes(word, edits if len(word) <= DEEP_LETTERS else 1)
        found = set(self._tables[0].find(hashes))
        if edits == 2:
            found.update(self._tables[1].find(hashes))
        words = self.words
        out = []
        for number in sorted(found):
            distance = OSA.distance(word, words[number], score_cutoff=edits)
            if 0 < distance <= edits:
                out.append((number, distance))
        return out

    def near(self, word: str) -> list[str]:
        """Return the known words one typo away from `word` (not itself), sorted."""
        return sorted(self.words[number] for number, _distance in self.within(word, 1))
