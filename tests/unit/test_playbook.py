"""The playbook content: complete in every language, consistent, our own words, and refused when broken."""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from questionnaire import LANGUAGES, MODES, load_catalog
from questionnaire.playbook import NOTES_FILE, PLAYBOOK_FILE, TEXTS_DIR, load_playbook, scenario_ids

from test_content_loaders import assert_refused

REQUIRED_SITUATIONS = {
    "angry", "dissatisfied", "indecisive", "demanding", "rude", "talkative", "provoking", "refund_abuse",
    "threatening", "public_complaint",
}
REQUIRED_PRINCIPLES = {
    "not_personal", "apologise_for_actions", "keep_promises", "positive_ending", "supervisor", "team_routines",
    "own_energy",
}
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FOREIGN = {"sv": "æøÆØ", "nb": "äöÄÖ", "da": "äöÄÖ"}


def _all_texts(playbook) -> list[str]:
    texts = list(playbook.reasons.values())
    for s in playbook.situations:
        texts += [s.title, s.summary, s.needs, s.escalate, *s.steps, *s.say, *s.avoid, *(m.why for m in s.modes)]
    texts += [note.text for note in playbook.notes.values()]
    for p in playbook.principles:
        texts += [p.title, p.text]
    for sc in playbook.scenarios:
        texts += [sc.prompt, sc.why, *sc.responses.values()]
    return texts


def test_every_required_situation_and_principle_is_there(lang):
    playbook = load_playbook(lang)
    assert {s.id for s in playbook.situations} >= REQUIRED_SITUATIONS
    assert {p.id for p in playbook.principles} >= REQUIRED_PRINCIPLES


def test_every_entry_names_a_source_article():
    playbook = load_playbook("en")
    entries = [*playbook.situations, *playbook.principles, *playbook.notes.values()]
    assert entries and all(entry.seeds for entry in entries)


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed articles are not beside the project")
def test_source_ids_are_the_seed_articles():
    files = {path.name.split("_")[0] for path in SEEDS_DIR.glob("*.txt")}
    playbook = load_playbook("en")
    used = {seed.id for s in playbook.situations for seed in s.seeds}
    assert used == files  # every article is drawn on, and nothing else is cited


def test_notes_cover_every_situation_mode_and_level():
    playbook = load_playbook("en")
    expected = {(s.id, m, level) for s in playbook.situations for m in MODES for level in ("high", "low")}
    assert set(playbook.notes) == expected
    assert {note.care for note in playbook.notes.values()} <= {1, 2, 3}


def test_the_notes_the_design_calls_for_carry_high_care():
    """DESIGN.md's examples are rules with the highest weight."""
    playbook = load_playbook("en")
    for key in [("public_complaint", "avoiding", "high"), ("demanding", "accommodating", "high"),
                ("angry", "competing", "high"), ("dissatisfied", "accommodating", "low")]:
        assert playbook.note(*key).care == 3, key
    assert playbook.note("talkative", "collaborating", "high").care >= 2


def test_every_language_has_the_same_entries_and_lists_of_sensible_length():
    playbooks = {lang: load_playbook(lang) for lang in LANGUAGES}
    english = playbooks["en"]
    for lang, playbook in playbooks.items():
        assert [s.id for s in playbook.situations] == [s.id for s in english.situations], lang
        assert set(playbook.notes) == set(english.notes), lang
        assert [p.id for p in playbook.principles] == [p.id for p in english.principles], lang
        assert [s.id for s in playbook.scenarios] == [s.id for s in english.scenarios], lang
        for situation in playbook.situations:
            assert 3 <= len(situation.steps) <= 7 and 2 <= len(situation.say) <= 5, (lang, situation.id)


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_translations_are_translated_not_copied(lang):
    english = set(_all_texts(load_playbook("en")))
    copied = [t for t in _all_texts(load_playbook(lang)) if t in english and len(t) > 12]
    assert copied == []


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_nordic_playbook_texts_use_their_own_letters(lang):
    wrong = [t for t in _all_texts(load_playbook(lang)) if any(ch in t for ch in FOREIGN[lang])]
    assert wrong == []


def test_texts_are_plain_text_without_markdown(lang):
    marked = [t for t in _all_texts(load_playbook(lang)) if any(mark in t for mark in ("**", "__", "`", "\n#"))]
    assert marked == []


def test_the_safety_situation_says_how_to_get_help(lang):
    playbook = load_playbook(lang)
    safety = [s for s in playbook.situations if s.safety]
    assert [s.id for s in safety] == ["threatening"]
    assert "112" in safety[0].escalate


# --- scenarios ---------------------------------------------------------------------------


def test_eight_to_ten_scenarios_each_from_a_different_situation():
    playbook = load_playbook("en")
    situations = [s.situation for s in playbook.scenarios]
    assert 8 <= len(situations) <= 10
    assert len(set(situations)) == len(situations)
    assert scenario_ids() == playbook.scenario_ids


def test_each_scenario_offers_one_response_per_mode_in_a_varying_order():
    scenarios = load_playbook("en").scenarios
    orders = [s.order for s in scenarios]
    assert all(sorted(order) == sorted(MODES) for order in orders)
    assert len(set(orders)) == len(orders)  # no two scenarios in the same order
    for before, after in zip(orders, orders[1:]):  # no mode keeps its place from one screen to the next
        assert all(a != b for a, b in zip(before, after))
    positions = Counter((mode, order.index(mode)) for order in orders for mode in MODES)
    assert set(positions.values()) == {len(orders) // len(MODES)}  # each mode equally often in each place


def test_the_recommended_response_is_not_always_in_the_same_place():
    scenarios = load_playbook("en").scenarios
    places = Counter(s.order.index(s.recommended) for s in scenarios)
    assert max(places.values()) <= 2 and len(places) == len(MODES)


def test_every_mode_is_recommended_somewhere_and_the_recommendation_fits_best():
    playbook = load_playbook("en")
    assert {s.recommended for s in playbook.scenarios} == set(MODES)
    for scenario in playbook.scenarios:
        assert playbook.situation(scenario.situation).best_mode == scenario.recommended


def test_responses_are_about_equally_long(lang):
    """A response much longer or shorter than the others gives the answer away."""
    for scenario in load_playbook(lang).scenarios:
        lengths = [len(text.split()) for text in scenario.responses.values()]
        assert max(lengths) <= 2 * min(lengths), (scenario.id, lengths)


# --- our own words -------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed articles are not beside the project")
def test_no_sentence_is_copied_from_the_seed_articles():
    tool = SEEDS_DIR.parent / "tools" / "seed_overlap.py"
    project = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(tool), "questionnaire", "analysis", "views", "README.md"],
                          cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


# --- broken files are refused, naming file, entry and field ---------------------------------


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    shutil.copy(PLAYBOOK_FILE, target / PLAYBOOK_FILE.name)
    shutil.copy(NOTES_FILE, target / NOTES_FILE.name)
    shutil.copytree(TEXTS_DIR, target / TEXTS_DIR.name)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


STRUCTURE_CASES = [
    ("unknown seed", 'seeds = ["000", "001", "002", "004"]', 'seeds = ["000", "009"]',
     ["playbook.toml", "situation angry", "field 'seeds'", "unknown source article '009'"]),
    ("no seed", 'seeds = ["000", "001", "002", "004"]', "seeds = []",
     ["playbook.toml", "situation angry", "names no source article"]),
    ("fit out of range", "competing = -1, collaborating = 2", "competing = -3, collaborating = 2",
     ["playbook.toml", "situation angry", "fit", "field 'competing'", "-2, -1, 0, 1, 2"]),
    ("fit missing mode", "competing = -1, collaborating = 2, ", "collaborating = 2, ",
     ["playbook.toml", "situation angry", "fit", "field 'competing'", "missing"]),
    ("unknown mode in fit", "accommodating = 1 }", "accommodating = 1, competition = 0 }",
     ["playbook.toml", "situation angry", "field 'competition'", "unknown mode"]),
    ("duplicate situation", 'id = "dissatisfied"', 'id = "angry"', ["situation angry", "duplicate id"]),
    ("scenario on unknown situation", 'situation = "angry"', 'situation = "furious"',
     ["scenario S01", "field 'situation'", "unknown situation 'furious'"]),
    ("order misses a mode", 'order = ["collaborating", "accommodating", "compromising", "avoiding", "competing"]',
     'order = ["collaborating", "accommodating", "compromising", "avoiding", "avoiding"]',
     ["scenario S01", "field 'order'", "each of the five modes once"]),
    ("recommendation is not the best fit", 'recommended = "collaborating"', 'recommended = "avoiding"',
     ["scenario S01", "field 'recommended'", "not the single best fit", "angry"]),
    ("bad emphasis", 'emphasis = ["competing:high", "accommodating:high"]', 'emphasis = ["competing:often"]',
     ["principle not_personal", "field 'emphasis'", "competing:often"]),
]


@pytest.mark.parametrize("old,new,expected", [c[1:] for c in STRUCTURE_CASES], ids=[c[0] for c in STRUCTURE_CASES])
def test_broken_structure_is_refused(tmp_path, old, new, expected):
    data = _copy_data(tmp_path)
    _edit(data / PLAYBOOK_FILE.name, old, new)
    assert_refused(lambda: load_playbook("en", directory=data), expected)


NOTES_CASES = [
    ("unknown situation", "angry,competing,high,3", "furious,competing,high,3",
     ["playbook_notes.csv", "line 2", "field 'situation'", "unknown situation 'furious'"]),
    ("unknown mode", "angry,competing,high,3", "angry,competition,high,3",
     ["playbook_notes.csv", "line 2", "field 'mode'", "unknown mode 'competition'"]),
    ("unknown level", "angry,competing,high,3", "angry,competing,medium,3",
     ["playbook_notes.csv", "line 2", "field 'level'"]),
    ("care out of range", "angry,competing,high,3", "angry,competing,high,5",
     ["playbook_notes.csv", "line 2", "field 'care'"]),
    ("no seeds", "angry,competing,high,3,001 004", "angry,competing,high,3,",
     ["playbook_notes.csv", "line 2", "field 'seeds'", "names no source article"]),
    ("duplicate row", "angry,competing,low,1,000", "angry,competing,high,1,000",
     ["playbook_notes.csv", "line 3", "duplicate row for angry, competing, high"]),
    ("bad header", "situation,mode,level,care,seeds", "situation,mode,care,seeds",
     ["playbook_notes.csv", "line 1", "header"]),
]


@pytest.mark.parametrize("old,new,expected", [c[1:] for c in NOTES_CASES], ids=[c[0] for c in NOTES_CASES])
def test_broken_note_rows_are_refused(tmp_path, old, new, expected):
    data = _copy_data(tmp_path)
    _edit(data / NOTES_FILE.name, old, new)
    assert_refused(lambda: load_playbook("en", directory=data), expected)


def test_a_missing_note_row_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    lines = (data / NOTES_FILE.name).read_text(encoding="utf-8").splitlines(keepends=True)
    (data / NOTES_FILE.name).write_text("".join(line for line in lines if not line.startswith("talkative,avoiding,low")),
                                        encoding="utf-8")
    assert_refused(lambda: load_playbook("en", directory=data),
                   ["playbook_notes.csv", "no row for talkative, avoiding, low"])


def _text_cases():
    # (what is wrong, language, old, new, words the message must contain)
    return [
        ("missing note", "da", "accommodating_low = ", "accommodating_lowish = ",
         ["da.toml", "situation angry, notes", "field 'accommodating_low'", "missing"]),
        ("unknown situation", "sv", "[situation.angry]", "[situation.furious]",
         ["sv.toml", "situation", "field 'furious'", "not expected here"]),
        ("empty step", "nb", "steps = [", 'steps = [" ",',
         ["nb.toml", "situation angry", "field 'steps', entry 1", "non-empty"]),
        ("reason loses its placeholder", "da", "high_top = ", 'high_top = "Ingen pladsholder" #',
         ["da.toml", "reason, field 'high_top'", "placeholders"]),
        ("missing response", "en", "[scenario.S01.responses]\ncompeting = ", "[scenario.S01.responses]\ncompetingx = ",
         ["en.toml", "scenario S01, responses", "field 'competing'", "missing"]),
    ]


@pytest.mark.parametrize("what,lang,old,new,expected", _text_cases(), ids=[c[0] for c in _text_cases()])
def test_broken_language_file_is_refused(tmp_path, what, lang, old, new, expected):
    data = _copy_data(tmp_path)
    _edit(data / TEXTS_DIR.name / f"{lang}.toml", old, new)
    assert_refused(lambda: load_playbook("en", directory=data), expected)


def test_a_missing_language_file_is_refused(tmp_path):
    data = _copy_data(tmp_path)
    (data / TEXTS_DIR.name / "nb.toml").unlink()
    assert_refused(lambda: load_playbook("en", directory=data), ["nb.toml", "not found"])


def test_unknown_language_is_a_value_error():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        load_playbook("de")


FIT_KEYS = {2: "fit_plus2", 1: "fit_plus1", 0: "fit_zero", -1: "fit_minus1", -2: "fit_minus2"}


def test_each_mode_text_opens_with_the_verdict_its_fit_gives(lang):
    """The page shows the text after an icon for the fit; the words must say the same."""
    catalog = load_catalog(lang)
    wrong = []
    for situation in load_playbook(lang).situations:
        for fit in situation.modes:
            verdict = catalog.t("playbook." + FIT_KEYS[fit.fit]).lower()
            if not fit.why.lower().startswith(verdict):
                wrong.append((situation.id, fit.mode, verdict, fit.why[:40]))
    assert wrong == []
