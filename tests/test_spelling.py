"""The known words one or two typos away from a word (deletion neighbourhoods)."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from graph.spelling import Typos

WORDS = ["accountant", "accounting", "technician", "nurse", "purse", "abc", "registered"]


@pytest.mark.parametrize("word, near", [
    ("acountant", ["accountant"]),  # a letter left out
    ("accountants", ["accountant"]),  # one too many
    ("tehcnician", ["technician"]),  # neighbours swapped
    ("technicain", ["technician"]),
    ("nurze", ["nurse"]),  # one replaced
    ("nurse", ["purse"]),  # the word itself is no typo
    ("bca", []),  # shares a one-deletion form with "abc", but is two typos away
])
def test_known_words_one_typo_away_and_no_further(word, near):
    assert Typos(WORDS).near(word) == near


@pytest.mark.parametrize("word, edits, found", [
    ("regsitred", 2, ["registered"]),  # swapped and left out
    ("regsitred", 1, []),
    ("nurze", 2, ["nurse", "purse"]),  # one and two replaced
    ("acountint", 2, ["accountant", "accounting"]),
    ("bca", 2, ["abc"]),  # two neighbours swapped twice over
    ("zzzzzz", 2, []),
])
def test_two_typos_when_built_two_deep(word, edits, found):
    typos = Typos(WORDS, edits=2)
    assert [typos.words[n] for n, _d in typos.within(word, edits)] == found


def test_asking_for_more_typos_than_built_for_is_refused():
    with pytest.raises(ValueError, match="built for up to 1"):
        Typos(WORDS).within("nurse", 2)
    with pytest.raises(ValueError, match="edits"):
        Typos(WORDS, edits=3)
    assert Typos(WORDS).within("nurse", 0) == [] and Typos([]).near("nurse") == []


def test_a_pickled_index_finds_the_same_words():
    typos = Typos(WORDS, edits=2)
    again = pickle.loads(pickle.dumps(typos))
    assert again.within("acountint", 2) == typos.within("acountint", 2) != []


ALPHABET = "abcde"  # few letters, so that random words often are a typo or two apart


@given(st.lists(st.text(ALPHABET, max_size=7), max_size=30),
       st.text(ALPHABET, max_size=8), st.integers(1, 2), st.booleans())
def test_exactly_the_words_any_comparison_finds(words, word, edits, deeper):
    typos = Typos(words, edits=2 if deeper else edits)
    expected = [(n, d) for n, known in enumerate(typos.words)
                if 0 < (d := OSA.distance(word, known)) <= edits]
    assert typos.within(word, edits) == expected


def test_letters_beyond_ascii_count_as_one_each():
    typos = Typos(["café", "naïve", "straße", "zoë😀"], edits=2)
    assert typos.near("cafe") == ["café"] and typos.near("naive") == ["naïve"]
    assert typos.near("zoe😀") == ["zoë😀"] and typos.within("strase", 2) == [(2, 1)]


def test_a_huge_word_is_filed_one_letter_deep_only():
    huge = "ab" * 5000  # an alias cell may hold 10,000 letters
    typos = Typos([huge, "registered"], edits=2)
    assert typos.nbytes < 1_000_000  # two deep, it would take 50 million forms
    assert typos.within(huge[1:], 2) == [(0, 1)] and typos.within("regsitred", 2) == [(1, 2)]
