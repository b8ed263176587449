"""Interface catalogs and choosing the language."""
from __future__ import annotations

import pytest

from questionnaire import LANGUAGES, MODES, load_catalog, load_mode_texts, negotiate_language


@pytest.mark.parametrize("preferences,expected", [
    (("sv-SE",), "sv"), (("sv",), "sv"), (("da-DK",), "da"), (("nb-NO",), "nb"),
    (("no",), "nb"), (("nn-NO",), "nb"), (("en-US",), "en"), (("de-DE",), "en"),
    ((None, "da-DK,da;q=0.9,en;q=0.8"), "da"),
    ((None, "de-DE,de;q=0.9,sv;q=0.8,en;q=0.7"), "sv"),
    ((None, "en;q=0.5,nb;q=0.9"), "nb"),
    ((None, "sv;q=0,da;q=0.4"), "da"),
    (("fr-FR", "sv-SE,sv;q=0.9"), "sv"),
    ((None, None), "en"), (("", ""), "en"), (("*",), "en"), (("x;q=abc,da",), "da"),
], ids=lambda v: repr(v))
def test_language_is_chosen_from_the_browser(preferences, expected):
    assert negotiate_language(*preferences) == expected


def test_every_catalog_has_every_key(lang):
    assert load_catalog(lang).texts.keys() == load_catalog("en").texts.keys()


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_catalogs_are_translated_not_copied(lang):
    english, other = load_catalog("en").texts, load_catalog(lang).texts
    untranslated = [k for k in english if english[k] == other[k] and len(english[k]) > 12]
    assert untranslated == ["app.title"]  # the product name stays in English


FOREIGN = {"sv": "æøÆØ", "nb": "äöÄÖ", "da": "äöÄÖ"}


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_nordic_texts_use_their_own_letters(lang):
    texts = list(load_catalog(lang).texts.values())
    for mode in load_mode_texts(lang).values():
        texts += [mode.name, mode.tagline, mode.looks_like, *mode.helps_when, *mode.overuse, *mode.underuse]
    wrong = [t for t in texts if any(ch in t for ch in FOREIGN[lang])]
    assert wrong == []


def test_every_band_and_mode_label_the_pages_use_exists(lang):
    catalog = load_catalog(lang)
    for band in ("low", "medium", "high"):
        assert catalog.t(f"band.{band}")
    assert len({load_mode_texts(lang)[m].name for m in MODES}) == 5


def test_missing_key_names_the_key_and_language():
    with pytest.raises(KeyError, match="'nope.key' in the 'da' catalog"):
        load_catalog("da").t("nope.key")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_filled(lang):
    text = load_catalog(lang).t("scenarios.continue", total=30, answered=3) + load_catalog(lang).t("questionnaire.heading", number=4, total=30)
    assert "4" in text and "30" in text and "3" in text and "{" not in text
