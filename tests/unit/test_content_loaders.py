"""Broken content files are refused with a message naming the file, the entry and the field."""
from __future__ import annotations

import re
import shutil

import pytest

from analysis.norms import NORMS_FILE, load_norms
from questionnaire import ContentError, load_catalog, load_instrument, load_mode_texts
from questionnaire.i18n import UI_DIR
from questionnaire.instrument import ITEMS_FILE
from questionnaire.mode_texts import MODES_FILE

ITEMS = ITEMS_FILE.read_text(encoding="utf-8")
P01_A_EN = re.search(r'\[\[item\]\]\nid = "P01"\n\n\[item\.a\]\nmode = "competing"\nen = (".*")', ITEMS).group(1)


def assert_refused(load, expected: list[str]) -> None:
    """``load()`` raises ContentError and its message contains every expected phrase."""
    with pytest.raises(ContentError) as info:
        load()
    message = str(info.value)
    assert [words for words in expected if words not in message] == [], message


def _first(pattern: str) -> str:
    return re.search(pattern, ITEMS, re.MULTILINE).group(0)


ITEM_CASES = [
    # (what is wrong, change to the real file, words the message must contain)
    ("unknown mode", lambda s: s.replace('mode = "competing"', 'mode = "competition"', 1),
     ["items.toml", "item P01", "statement A", "field 'mode'", "unknown mode 'competition'"]),
    ("missing language", lambda s: s.replace(_first(r"^da = .*\n"), "", 1),
     ["items.toml", "item P01", "statement A", "field 'da'", "missing"]),
    ("empty text", lambda s: s.replace(_first(r"^sv = .*$"), 'sv = "  "', 1),
     ["items.toml", "item P01", "statement A", "field 'sv'", "non-empty"]),
    ("duplicate id", lambda s: s.replace('id = "P02"', 'id = "P01"', 1),
     ["items.toml", "item P01", "duplicate id"]),
    ("duplicate statement", lambda s: s.replace(
        _first(r'(?<=id = "P02"\n\n\[item\.a\]\nmode = "collaborating"\n)en = .*$'), f"en = {P01_A_EN}", 1),
     ["items.toml", "item P02", "statement A", "field 'en'", "duplicate statement", "P01 A"]),
    ("missing statement", lambda s: s.replace('[item.b]\nmode = "compromising"', '[item.c]\nmode = "compromising"', 1),
     ["items.toml", "item P01", "field 'b'", "missing"]),
    ("same mode twice", lambda s: s.replace('[item.b]\nmode = "compromising"', '[item.b]\nmode = "competing"', 1),
     ["items.toml", "item P01", "same mode"]),
    ("not TOML", lambda s: s + "\n[[item]\n", ["items.toml", "not valid TOML"]),
]


@pytest.mark.parametrize("change,expected", [(c[1], c[2]) for c in ITEM_CASES], ids=[c[0] for c in ITEM_CASES])
def test_broken_items_file_is_refused_with_a_precise_message(tmp_path, change, expected):
    broken = tmp_path / "items.toml"
    broken.write_text(change(ITEMS), encoding="utf-8")
    assert_refused(lambda: load_instrument("en", path=broken), expected)


def test_the_real_items_file_passes_the_loader_in_every_language(lang):
    assert len(load_instrument(lang)) == 30


MODES_TEXT = MODES_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("change,expected", [
    (lambda s: s.replace("[avoiding]", "[evading]", 1).replace("[avoiding.", "[evading."),
     ["modes.toml", "evading", "unknown mode"]),
    (lambda s: s.replace("assertiveness = 1.0", "assertiveness = 1.5", 1),
     ["modes.toml", "mode competing", "assertiveness", "0..1"]),
    (lambda s: s.replace("assertiveness = 1.0", 'assertiveness = "high"', 1),
     ["modes.toml", "mode competing", "field 'assertiveness'", "expected a number, got 'high'"]),
    (lambda s: s.replace("assertiveness = 1.0", "assertiveness = true", 1),
     ["modes.toml", "mode competing", "field 'assertiveness'", "expected a number, got True"]),
    (lambda s: re.sub(r'(\[competing\.overuse\][\s\S]*?\nsv = \[\n)    ".*",\n', r"\1", s, count=1),
     ["modes.toml", "mode competing", "overuse", "field 'sv'", "entries"]),
    (lambda s: re.sub(r'(\[collaborating\.tagline\]\n(?:.*\n)*?)nb = .*\n', r"\1", s, count=1),
     ["modes.toml", "mode collaborating", "tagline", "field 'nb'", "missing"]),
], ids=["unknown mode", "axis out of range", "axis not a number", "axis a boolean", "list shorter in one language",
                  "missing language"])
def test_broken_mode_texts_are_refused_with_a_precise_message(tmp_path, change, expected):
    broken = tmp_path / "modes.toml"
    broken.write_text(change(MODES_TEXT), encoding="utf-8")
    assert_refused(lambda: load_mode_texts("en", path=broken), expected)


NORMS_TEXT = NORMS_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("change,expected", [
    (lambda s: s.replace("medium = [5, 7]", "medium = [5, 6]", 1), ["norms.toml", "competing", "without gaps"]),
    (lambda s: s.replace("medium = [5, 7]", "medium = [4, 7]", 1), ["norms.toml", "competing", "overlaps"]),
    (lambda s: s.replace('mode = "avoiding"', 'mode = "fleeing"'), ["norms.toml", "unknown mode 'fleeing'"]),
    (lambda s: s.replace('mode = "avoiding"', 'mode = "competing"'), ["norms.toml", "competing", "duplicate"]),
    (lambda s: s.replace('name = "Neutral reference (no-preference model)"\n', ""),
     ["norms.toml", "provenance", "field 'name'", "missing"]),
], ids=["gap", "overlap", "unknown mode", "duplicate mode", "no provenance"])
def test_broken_norms_are_refused_with_a_precise_message(tmp_path, change, expected):
    broken = tmp_path / "norms.toml"
    broken.write_text(change(NORMS_TEXT), encoding="utf-8")
    assert_refused(lambda: load_norms(broken), expected)


@pytest.mark.parametrize("change,expected", [
    (lambda s: s.replace('next = ', 'nxt = ', 1), ["sv.toml", "questionnaire.next", "missing"]),
    (lambda s: re.sub(r"\{number\}", "{nummer}", s, count=1), ["sv.toml", "placeholders", "nummer"]),
    (lambda s: s + '\n[extra]\nkey = "x"\n', ["sv.toml", "extra.key", "not in en.toml"]),
], ids=["missing key", "wrong placeholder", "extra key"])
def test_broken_catalog_is_refused_with_a_precise_message(tmp_path, change, expected):
    folder = tmp_path / "ui"
    shutil.copytree(UI_DIR, folder)
    (folder / "sv.toml").write_text(change((UI_DIR / "sv.toml").read_text(encoding="utf-8")), encoding="utf-8")
    assert_refused(lambda: load_catalog("sv", directory=folder), expected)
