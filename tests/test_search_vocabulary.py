"""Word look-ups of the search index: exact, prefix, infix and typos."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.search.vocabulary import Vocabulary, max_typos

TERMS = ["nurse", "nursery", "purse", "accountant", "accounting", "registered", "chef"]


@pytest.fixture(scope="module")
def vocabulary():
    surfaces = {t: (i,) for i, t in enumerate(TERMS)}
    surfaces.update({"nurses": (0,), "rn": (5, 0)})
    return Vocabulary(surfaces, TERMS)


def test_exact_and_number(vocabulary):
    assert vocabulary.exact("nurses") == (0,) and vocabulary.exact("rn") == (5, 0)
    assert vocabulary.exact("nur") == () and vocabulary.number("chef") == 6
    assert vocabulary.number("nurses") is None and len(vocabulary) == len(TERMS)


def test_prefix_lists_completions_in_order(vocabulary):
    assert [s for s, _ in vocabulary.prefix("nurs")] == ["nurse", "nursery", "nurses"]
    assert [s for s, _ in vocabulary.prefix("account")] == ["accountant", "accounting"]
    assert vocabulary.prefix("zz") == [] and len(vocabulary.prefix("")) == len(TERMS) + 2


def test_infix_finds_words_inside_words(vocabulary):
    assert [s for s, _ in vocabulary.infix("urse")] == ["nurse", "nursery", "nurses", "purse"]
    assert [s for s, _ in vocabulary.infix("ounting")] == ["accounting"]
    assert vocabulary.infix("\n") == [] and vocabulary.infix("xyz") == []


@pytest.mark.parametrize("word, edits, expected", [
    ("nurze", 1, [(0, 1)]),  # a replaced letter ("purse" is two away)
    ("nruse", 1, [(0, 1)]),  # two neighbours swapped
    ("acountant", 2, [(3, 1)]),  # a deleted letter ("accounting" is three away)
    ("acounting", 2, [(4, 1)]),
    ("regsitred", 2, [(5, 2)]),
    ("chef", 0, []), ("nurse", 1, [(2, 1)]),  # the word itself is not a typo
    ("zzzzzz", 2, []),
])
def test_typos_are_terms_within_the_edits(vocabulary, word, edits, expected):
    assert vocabulary.typos(word, edits) == expected


@pytest.mark.parametrize("word, allowed", [("", 0), ("rn", 0), ("cna", 1), ("nurse", 1),
                                           ("welders", 1), ("accountant", 2)])
def test_max_typos_grow_with_the_word(word, allowed):
    assert max_typos(word) == allowed


@given(st.text(max_size=12), st.integers(0, 3))
def test_look_ups_never_fail(word, edits):
    vocabulary = Vocabulary({t: (i,) for i, t in enumerate(TERMS)}, TERMS)
    for found in (vocabulary.prefix(word), vocabulary.infix(word)):
        assert all(word in surface for surface, _ in found)
    assert all(0 < d <= edits for _, d in vocabulary.typos(word, edits))


@pytest.fixture(scope="module")
def words():
    terms = ["nurse", "nursery", "purse", "glass", "blower", "financial", "glassblower",
             "electrician"]
    surfaces = {t: (i,) for i, t in enumerate(terms)}
    surfaces["nurses"] = (0,)
    return Vocabulary(surfaces, terms)


@pytest.mark.parametrize("word, term, expected", [
    ("nurses", "nurse", {"nurse": 1.0, "nursery": 0.81, "purse": 0.7}),  # form, prefix, typo
    ("nurs", "nurs", {"nurse": 0.84, "nursery": 0.77}),  # the share typed
    ("glassblowers", "glassblower", {"glassblower": 1.0}),
    ("blower", "blower", {"blower": 1.0, "glassblower": 0.6}),  # inside a longer word
    ("finance", "finance", {"financial": 0.6}),  # the same root
    ("financail", "financail", {"financial": 0.7}),  # two letters swapped: one typo
    ("fnancail", "fnancail", {"financial": 0.5}),  # two typos: 8 letters or more
    ("zzz", "zzz", {}),
])
def test_matches_grade_each_word_found(words, word, term, expected):
    found = {words.terms[t]: round(q, 2) for t, q in words.matches(word, term).items()}
    assert found == expected


def test_a_compound_matches_both_words_only_when_not_known_whole(words):
    assert {words.terms[t]: q for t, q in words.matches("nurseglass", "nurseglass").items()} \
        == {"nurse": 0.8, "glass": 0.8}
    assert set(words.matches("glassblower", "glassblower")) == {6}


def test_a_single_letter_starts_words_only_when_typed_last(words):
    assert words.matches("n", "n", last=True) and not words.matches("n", "n", last=False)


def test_same_start_is_the_longest_start_of_four_letters_or_more(words):
    assert words.same_start("electronics") == {7: 0.3}
    assert words.same_start("nursing") == {0: 0.3, 1: 0.3}
    assert words.same_start("elkhound") == {}
