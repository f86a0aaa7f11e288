"""Search text normalisation: words, plurals, abbreviations, level and filler words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.search.normalise import (ABBREVIATIONS, FILLER_WORDS, LEVEL_WORDS, Analyser,
                                    learn_abbreviations, normalise_name, normalise_text, stem,
                                    word_weight)


@pytest.mark.parametrize("text, expected", [
    ("Café-Owner", "cafe owner"), ("  A  B ", "a b"), ("ÆON", "aeon"), ("Straße", "strasse"),
    ("13-2072", "13 2072"), ("x_y", "x y"), ("", ""),
])
def test_normalise_text(text, expected):
    assert normalise_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("RNs", "rn"), ("CEOs and CFOs", "ceo and cfo"), ("NPS", "nps"), ("Ribs", "ribs"),
    ("ICUs Nurse", "icu nurse"), (None, ""),
])
def test_normalise_name_drops_the_plural_of_upper_case_abbreviations(text, expected):
    assert normalise_name(text) == expected


@given(st.text(max_size=40))
def test_normalised_text_is_lower_case_words(text):
    out = normalise_text(text)
    assert out == " ".join(out.split()) and out == out.lower()
    assert normalise_text(out) == out


@pytest.mark.parametrize("word, singular", [
    ("nurses", "nurse"), ("accountants", "accountant"), ("actuaries", "actuary"),
    ("boxes", "box"), ("watches", "watch"), ("brushes", "brush"), ("classes", "class"),
    ("salesmen", "salesman"), ("women", "woman"), ("glass", "glass"), ("status", "status"),
    ("analysis", "analysis"), ("bus", "bus"), ("gas", "gas"), ("rn", "rn"), ("2020s", "2020s"),
])
def test_stem_makes_plurals_singular_and_leaves_the_rest(word, singular):
    assert stem(word) == singular


def test_word_weights():
    assert word_weight("welder") == 1.0
    assert all(word_weight(w) == 0.3 for w in ("senior", "lead", "ii", "trainee"))
    assert all(word_weight(w) == 0.1 for w in ("of", "and", "x"))
    assert not LEVEL_WORDS & FILLER_WORDS


@pytest.mark.parametrize("text, terms", [
    ("rn", ["registered", "nurse"]), ("sr accountant", ["senior", "accountant"]),
    ("cpa", ["certified", "public", "accountant"]), ("vp sales", ["vice", "president", "sale"]),
    ("lab techs", ["laboratory", "technician"]), ("it managers", ["information", "technology",
                                                                "manager"]),
    ("nurse", ["nurse"]), ("", []),
])
def test_terms_write_out_abbreviations_and_make_plurals_singular(text, terms):
    assert Analyser().terms(text) == terms


def test_every_fixed_abbreviation_is_lower_case_and_written_out_in_other_words():
    for short, long in ABBREVIATIONS.items():
        assert short == normalise_text(short) and " " not in short
        assert short not in long.split()


def test_keys_meet_halfway():
    analyser = Analyser()
    assert analyser.key("Registered Nurses (RN)") == analyser.key("RN") == "registered nurse"
    assert analyser.key("Sr. Loan Officers") == analyser.key("senior loan officer")


def test_learned_abbreviations_extend_the_fixed_ones_and_never_override_them():
    analyser = Analyser({"cwi": "certified welding inspector", "rn": "rhino"})
    assert analyser.terms("cwi") == ["certified", "welding", "inspector"]
    assert analyser.terms("rn") == ["registered", "nurse"]


@pytest.mark.parametrize("texts, expected", [
    (["Certified Welding Inspector (CWI)"], {"cwi": "certified welding inspector"}),
    (["CWI (Certified Welding Inspector)"], {"cwi": "certified welding inspector"}),
    (["Doctor of Veterinary Medicine (DVM)"], {"dvm": "doctor veterinary medicine"}),
    # the initials must match, with three letters or more
    (["Welding Inspector (CWI)"], {}), (["Physical Education (PE) Teacher"], {}),
    # several meanings: none learned
    (["Crime Scene Analyst (CSA)", "Customer Service Associate (CSA)"], {}),
    # a word of its own more often than an abbreviation: not learned
    (["Computer Aided Tomography (CAT)", "Cat Groomer", "Cat Sitter"], {}),
    # the same meaning, plural or not, counts once
    (["Home Health Aide (HHA)", "Home Health Aides (HHA)"], {"hha": "home health aide"}),
    ([], {}), (["No Parenthesis", "(", ")", "Odd (Parens"], {}),
])
def test_learn_abbreviations(texts, expected):
    assert learn_abbreviations(texts) == expected
