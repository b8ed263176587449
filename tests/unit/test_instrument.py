"""The instrument's design and content, read from the data file."""
from __future__ import annotations

import itertools
import re

import pytest

from questionnaire import LANGUAGES, MODES, design_summary, load_instrument

ALL = {lang: load_instrument(lang) for lang in LANGUAGES}


def test_item_ids_are_p01_to_p30_in_order(instrument):
    assert instrument.ids == tuple(f"P{n:02d}" for n in range(1, 31))


@pytest.mark.parametrize("pairing", list(itertools.combinations(MODES, 2)), ids="-".join)
def test_each_mode_pairing_appears_exactly_three_times(instrument, pairing):
    assert design_summary(instrument)["pairings"][pairing] == 3


@pytest.mark.parametrize("mode", MODES)
def test_each_mode_appears_twelve_times_six_as_a_and_six_as_b(instrument, mode):
    summary = design_summary(instrument)
    assert (summary["as_a"][mode], summary["as_b"][mode]) == (6, 6)


def test_the_same_pairing_never_appears_on_two_consecutive_items(instrument):
    repeats = [(x.id, y.id) for x, y in itertools.pairwise(instrument.items) if x.pairing == y.pairing]
    assert repeats == []


def test_consecutive_items_share_no_mode_at_all(instrument):
    # Stricter than the rule above: it keeps one mode from dominating a stretch of the questionnaire.
    shared = [(x.id, y.id) for x, y in itertools.pairwise(instrument.items) if x.pairing & y.pairing]
    assert shared == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sixty_distinct_statements_in_every_language(lang):
    texts = [s.text for item in ALL[lang].items for s in (item.a, item.b)]
    assert len(texts) == 60 and len(set(texts)) == 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_items_and_modes(lang):
    english = ALL["en"]
    assert [(i.id, i.a.mode, i.b.mode) for i in ALL[lang].items] == [
        (i.id, i.a.mode, i.b.mode) for i in english.items
    ]


# "About 18 words at most": the English source is held to 18; translations may need one or two more.
WORD_LIMIT = {"en": 18, "sv": 20, "nb": 20, "da": 20}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statements_are_short(lang):
    too_long = [(item.id, s.text) for item in ALL[lang].items for s in (item.a, item.b)
                if len(s.text.split()) > WORD_LIMIT[lang]]
    assert too_long == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statements_are_first_person(lang):
    pronoun = {"en": r"\b(I|my|me|we)\b", "sv": r"\b(jag|mig|min|vi)\b", "nb": r"\b(jeg|meg|min|vi)\b",
               "da": r"\b(jeg|mig|min|vi)\b"}[lang]
    not_first_person = [item.id for item in ALL[lang].items for s in (item.a, item.b)
                        if not re.search(pronoun, s.text, re.IGNORECASE)]
    assert not_first_person == []


FOREIGN_LETTERS = {"sv": "æøÆØ", "nb": "äöÄÖ", "da": "äöÄÖ", "en": "åäöæøÅÄÖÆØ"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statements_use_only_their_own_language_letters(lang):
    wrong = [item.id for item in ALL[lang].items for s in (item.a, item.b)
             if any(ch in s.text for ch in FOREIGN_LETTERS[lang])]
    assert wrong == []


def test_translations_are_not_left_in_english():
    english = {s.text for item in ALL["en"].items for s in (item.a, item.b)}
    for lang in ("sv", "nb", "da"):
        assert not english & {s.text for item in ALL[lang].items for s in (item.a, item.b)}


def test_danish_and_norwegian_are_written_separately():
    same = [item.id for item in ALL["da"].items if item.a.text == ALL["nb"].item(item.id).a.text]
    assert same == []


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fi'"):
        load_instrument("fi")
