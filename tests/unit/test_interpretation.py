"""What the profile says in words, in every language."""
from __future__ import annotations

import pytest

from analysis import interpret, join_names, profile_from_scores
from questionnaire import LANGUAGES, MODES, load_mode_texts

STRICT = {"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3, "accommodating": 0}
TIED = {"competing": 8, "collaborating": 8, "compromising": 6, "avoiding": 4, "accommodating": 4}
FLAT = {m: 6 for m in MODES}


def test_single_top_mode_is_named_in_the_headline(lang):
    names = load_mode_texts(lang)
    reading = interpret(profile_from_scores(STRICT), lang)
    assert names["competing"].name in reading.headline
    assert names["collaborating"].name not in reading.headline
    assert [r.mode for r in reading.most_used] == ["competing"]
    assert [r.mode for r in reading.least_used] == ["accommodating"]
    assert not any(r.tied for r in reading.ranked)


def test_tied_top_modes_are_named_together_as_a_tie(lang):
    names = load_mode_texts(lang)
    reading = interpret(profile_from_scores(TIED), lang)
    expected = join_names([names["competing"].name, names["collaborating"].name], lang)
    assert expected in reading.headline
    assert [r.mode for r in reading.most_used] == ["competing", "collaborating"]
    assert [r.mode for r in reading.least_used] == ["avoiding", "accommodating"]
    assert [r.rank for r in reading.ranked] == [1, 1, 3, 4, 4]
    assert [r.tied for r in reading.ranked] == [True, True, False, True, True]


def test_a_flat_profile_says_so_and_lists_no_least_used_mode(lang):
    reading = interpret(profile_from_scores(FLAT), lang)
    assert reading.least_used == ()
    assert len(reading.most_used) == 5
    assert not any(load_mode_texts(lang)[m].name in reading.headline for m in MODES)


@pytest.mark.parametrize("names,lang,expected", [
    (["A"], "en", "A"), (["A", "B"], "en", "A and B"), (["A", "B", "C"], "en", "A, B and C"),
    (["A", "B"], "sv", "A och B"), (["A", "B"], "nb", "A og B"), (["A", "B"], "da", "A og B"),
])
def test_names_are_joined_in_the_language(names, lang, expected):
    assert join_names(names, lang) == expected


def test_every_mode_has_its_explanation_in_every_language(lang):
    texts = load_mode_texts(lang)
    for mode in MODES:
        text = texts[mode]
        assert text.name and text.tagline and text.looks_like
        assert len(text.helps_when) >= 3 and len(text.overuse) >= 2 and len(text.underuse) >= 2
        assert all(q.rstrip().endswith("?") for q in text.overuse + text.underuse), mode


def test_mode_names_differ_between_languages_where_they_should():
    names = {lang: {m: load_mode_texts(lang)[m].name for m in MODES} for lang in LANGUAGES}
    assert names["sv"] != names["en"] and names["da"] != names["en"] and names["nb"] != names["en"]
