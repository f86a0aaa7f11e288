"""Known words one typo away from a word, found through deletion neighbourhoods.

A typo (one letter inserted, deleted or replaced, or two neighbours swapped) leaves two
words that share a form with at most one letter deleted from each: "acountant" and
"accountant" share "acountant", "tehcnician" and "technician" share "tecnician". So
every known word is filed under itself and each of its one-letter deletions, a word
looks up the same forms of its own, and the few words found are checked with RapidFuzz's
optimal-string-alignment distance (sharing a form is necessary, not sufficient).
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

__all__ = ["Typos"]


def _deletions(word: str) -> set[str]:
    """Return `word` and every form of it with one letter deleted."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


class Typos:
    """Finds the known words one typo away from a word.

    Parameters
    ----------
    words : iterable of str
        The known words.

    Notes
    -----
    Building files each word under its length + 1 forms (about 200,000 entries for
    ``data/us``'s 20,000 words, a fraction of a second); a look-up costs a word's
    length + 1 dict look-ups and a distance per word found: some microseconds, where
    comparing the word with every known word of a similar length costs a millisecond.

    Examples
    --------
    >>> typos = Typos(["accountant", "accounting", "technician", "nurse", "purse"])
    >>> typos.near("acountant"), typos.near("tehcnician"), typos.near("nurse")
    (['accountant'], ['technician'], ['purse'])
    >>> typos.near("xyz")
    []
    """

    def __init__(self, words):
        self._forms: dict[str, list[str]] = {}
        for word in dict.fromkeys(words):
            for form in _deletions(word):
                self._forms.setdefault(form, []).append(word)

    def near(self, word: str) -> list[str]:
        """Return the known words one typo away from `word` (not itself), sorted."""
        found = {known for form in _deletions(word) for known in self._forms.get(form, ())}
        return sorted(k for k in found
                      if k != word and OSA.distance(word, k, score_cutoff=1) == 1)
