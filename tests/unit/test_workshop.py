"""The team workshop material: complete in every language, the right counts, plain and short
texts in our own words, and broken files refused with a message naming the file and the field."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from questionnaire import LANGUAGES, MODES, ContentError, Workshop, load_workshop
from questionnaire.playbook import load_playbook
from questionnaire.workshop import MARKUP, MAX_CHARS, WORKSHOP_FILE, WORKSHOP_TEXTS_DIR

from test_content_loaders import assert_refused

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
PROJECT = Path(__file__).resolve().parents[2]
FOREIGN = {"sv": "æøÆØ", "nb": "äöÄÖ", "da": "äöÄÖ"}
AGENDA_LINE = re.compile(r"^(\d+) min: \S")


def _all_texts(workshop: Workshop) -> list[str]:
    intro = workshop.intro
    texts = [intro.title, intro.purpose, *intro.agenda, *intro.ground_rules, *workshop.closing]
    for s in workshop.situations.values():
        texts += [*s.questions, s.exercise_title, *s.exercise_steps, s.debrief]
    for m in workshop.modes.values():
        texts += [*m.rare, *m.common]
    return texts


# --- the real material --------------------------------------------------------------------


def test_every_language_loads_and_is_cached(lang):
    workshop = load_workshop(lang)
    assert isinstance(workshop, Workshop)
    assert load_workshop(lang) is workshop


def test_the_situations_are_the_playbooks_in_its_order(lang):
    workshop = load_workshop(lang)
    assert list(workshop.situations) == [s.id for s in load_playbook(lang).situations]
    assert all(s.id == key for key, s in workshop.situations.items())


def test_the_modes_are_the_five_modes_in_order(lang):
    workshop = load_workshop(lang)
    assert tuple(workshop.modes) == MODES
    assert all(m.mode == key for key, m in workshop.modes.items())


def test_every_language_has_the_same_entries_and_minutes():
    english = load_workshop("en")
    for lang in LANGUAGES:
        workshop = load_workshop(lang)
        assert list(workshop.situations) == list(english.situations), lang
        assert list(workshop.modes) == list(english.modes), lang
        for situation_id, situation in workshop.situations.items():
            assert situation.minutes == english.situations[situation_id].minutes
            assert len(situation.exercise_steps) == len(english.situations[situation_id].exercise_steps), (
                lang, situation_id)
        assert len(workshop.intro.agenda) == len(english.intro.agenda), lang


def test_counts(lang):
    workshop = load_workshop(lang)
    assert 4 <= len(workshop.intro.agenda) <= 6
    assert len(workshop.intro.ground_rules) == 3
    assert len(workshop.closing) == 2
    for situation in workshop.situations.values():
        assert len(situation.questions) == 3, situation.id
        assert 3 <= len(situation.exercise_steps) <= 5, situation.id
        assert 10 <= situation.minutes <= 25, situation.id
    for mode in workshop.modes.values():
        assert len(mode.rare) == 2 and len(mode.common) == 2, mode.mode


def test_the_agenda_fills_sixty_to_ninety_minutes_in_every_language(lang):
    agenda = load_workshop(lang).intro.agenda
    assert all(AGENDA_LINE.match(line) for line in agenda), agenda
    total = sum(int(AGENDA_LINE.match(line).group(1)) for line in agenda)
    assert 60 <= total <= 90
    english = [AGENDA_LINE.match(line).group(1) for line in load_workshop("en").intro.agenda]
    assert [AGENDA_LINE.match(line).group(1) for line in agenda] == english


def test_texts_are_short_plain_and_distinct(lang):
    texts = _all_texts(load_workshop(lang))
    assert [t for t in texts if len(t) > MAX_CHARS] == []
    assert [t for t in texts if MARKUP & set(t) or "\n" in t] == []
    assert [t for t in texts if t != t.strip() or "  " in t] == []
    assert len(set(texts)) == len(texts)  # no text pasted twice


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_nordic_texts_use_their_own_letters(lang):
    wrong = [t for t in _all_texts(load_workshop(lang)) if any(ch in t for ch in FOREIGN[lang])]
    assert wrong == []


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_translations_are_translated_not_copied(lang):
    english = set(_all_texts(load_workshop("en")))
    copied = [t for t in _all_texts(load_workshop(lang)) if t in english and len(t) > 12]
    assert copied == []


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed articles are not beside the project")
def test_no_sentence_is_copied_from_the_seed_articles():
    tool = SEEDS_DIR.parent / "tools" / "seed_overlap.py"
    paths = [WORKSHOP_FILE, WORKSHOP_TEXTS_DIR, PROJECT / "questionnaire" / "workshop.py"]
    done = subprocess.run([sys.executable, str(tool), *map(str, paths)], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


# --- broken files are refused, naming the file, the entry and the field -----------------------


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    target.mkdir()
    shutil.copy(WORKSHOP_FILE, target / WORKSHOP_FILE.name)
    shutil.copytree(WORKSHOP_TEXTS_DIR, target / WORKSHOP_TEXTS_DIR.name)
    return target


def _file(data: Path, name: str) -> Path:
    """``workshop.toml`` for the minutes, or a language code for its text file."""
    return data / WORKSHOP_FILE.name if name == "minutes" else data / WORKSHOP_TEXTS_DIR.name / f"{name}.toml"


def _set_field(path: Path, table: str, field: str, value: str) -> None:
    """Replace ``field``'s value (one line, or a list over several lines) in ``[table]``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"[{table}]\n")
    end_of_table = text.find("\n[", start + 1)
    at = text.index(f"\n{field} = ", start) + 1
    assert end_of_table == -1 or at < end_of_table, f"test setup: no {field} in [{table}] of {path.name}"
    value_at = at + len(f"{field} = ")
    end = text.index("\n]", value_at) + 2 if text.startswith("[\n", value_at) else text.index("\n", value_at)
    path.write_text(text[:at] + f"{field} = {value}" + text[end:], encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _list(*items) -> str:
    return "[" + ", ".join(json.dumps(item, ensure_ascii=False) for item in items) + "]"


Q = "Is this a fair question?"

# (what is wrong, file, table, field, new value, words the message must contain)
FIELD_CASES = [
    ("two questions", "en", "situation.angry", "questions", _list(Q, Q),
     ["en.toml", "situation angry", "field 'questions'", "exactly 3 entries, found 2"]),
    ("four questions", "sv", "situation.rude", "questions", _list(Q, Q, Q, Q),
     ["sv.toml", "situation rude", "field 'questions'", "exactly 3 entries, found 4"]),
    ("two steps", "nb", "situation.talkative", "exercise_steps", _list("Step one.", "Step two."),
     ["nb.toml", "situation talkative", "field 'exercise_steps'", "3 to 5 entries, found 2"]),
    ("six steps", "da", "situation.demanding", "exercise_steps", _list(*(f"Step {n}." for n in "abcdef")),
     ["da.toml", "situation demanding", "field 'exercise_steps'", "3 to 5 entries, found 6"]),
    ("three rare questions", "en", "mode.avoiding", "rare", _list(Q, Q, Q),
     ["en.toml", "mode avoiding", "field 'rare'", "exactly 2 entries, found 3"]),
    ("one common question", "sv", "mode.competing", "common", _list(Q),
     ["sv.toml", "mode competing", "field 'common'", "exactly 2 entries, found 1"]),
    ("one closing question", "da", "closing", "questions", _list(Q),
     ["da.toml", "closing", "field 'questions'", "exactly 2 entries, found 1"]),
    ("three agenda lines", "nb", "intro", "agenda", _list("10 min: a.", "10 min: b.", "10 min: c."),
     ["nb.toml", "intro", "field 'agenda'", "4 to 6 entries, found 3"]),
    ("four ground rules", "en", "intro", "ground_rules", _list("A.", "B.", "C.", "D."),
     ["en.toml", "intro", "field 'ground_rules'", "exactly 3 entries, found 4"]),
    ("questions not a list", "en", "situation.angry", "questions", json.dumps(Q),
     ["en.toml", "situation angry", "field 'questions'", "expected a list"]),
    ("empty entry", "nb", "situation.angry", "questions", _list(Q, "  ", Q),
     ["nb.toml", "situation angry", "field 'questions', entry 2", "non-empty"]),
    ("empty title", "da", "situation.provoking", "exercise_title", '""',
     ["da.toml", "situation provoking", "field 'exercise_title'", "non-empty"]),
    ("number in a list", "sv", "situation.angry", "exercise_steps", _list("Step one.", 2, "Step three."),
     ["sv.toml", "situation angry", "field 'exercise_steps', entry 2", "expected a text, got 2"]),
    ("number as a text", "en", "situation.angry", "debrief", "15",
     ["en.toml", "situation angry", "field 'debrief'", "expected a text, got 15"]),
    ("list as a text", "en", "intro", "title", _list("Workshop"),
     ["en.toml", "intro", "field 'title'", "expected a text"]),
    ("too long", "da", "situation.angry", "debrief", json.dumps("Hvorfor? " * 30),
     ["da.toml", "situation angry", "field 'debrief'", f"at most {MAX_CHARS}"]),
    ("minutes too few", "minutes", "minutes", "angry", "4",
     ["workshop.toml", "minutes", "field 'angry'", "from 5 to 30, got 4"]),
    ("minutes too many", "minutes", "minutes", "talkative", "31",
     ["workshop.toml", "minutes", "field 'talkative'", "from 5 to 30, got 31"]),
    ("minutes a text", "minutes", "minutes", "angry", '"15"',
     ["workshop.toml", "minutes", "field 'angry'", "expected a number, got '15'"]),
    ("minutes a fraction", "minutes", "minutes", "angry", "15.5",
     ["workshop.toml", "minutes", "field 'angry'", "expected a number, got 15.5"]),
    ("minutes a boolean", "minutes", "minutes", "angry", "true",
     ["workshop.toml", "minutes", "field 'angry'", "expected a number, got True"]),
]


@pytest.mark.parametrize("name,table,field,value,expected", [c[1:] for c in FIELD_CASES],
                         ids=[c[0] for c in FIELD_CASES])
def test_a_wrong_field_is_refused(tmp_path, name, table, field, value, expected):
    data = _copy_data(tmp_path)
    _set_field(_file(data, name), table, field, value)
    assert_refused(lambda: load_workshop("en", directory=data), expected)


@pytest.mark.parametrize("mark", sorted(MARKUP))
def test_markdown_or_html_in_a_text_is_refused(tmp_path, mark):
    data = _copy_data(tmp_path)
    _set_field(_file(data, "sv"), "situation.dissatisfied", "questions",
               _list(Q, f"Vad gör vi {mark}nu{mark}?", Q))
    assert_refused(lambda: load_workshop("en", directory=data),
                   ["sv.toml", "situation dissatisfied", "field 'questions', entry 2", "plain text only", mark])


EXTRA_SITUATION = '\n[situation.furious]\nquestions = ["A?", "B?", "C?"]\nexercise_title = "T"\n' \
                  'exercise_steps = ["1.", "2.", "3."]\ndebrief = "D?"\n'
EXTRA_MODE = '\n[mode.evading]\nrare = ["A?", "B?"]\ncommon = ["C?", "D?"]\n'

# (what is wrong, file, old text, new text, words the message must contain)
EDIT_CASES = [
    ("missing situation", "en", "[situation.talkative]", "[situation.chatty]",
     ["en.toml", "situation", "field 'talkative'", "missing"]),
    ("extra situation", "da", "[closing]", EXTRA_SITUATION + "\n[closing]",
     ["da.toml", "situation", "field 'furious'", "not expected here"]),
    ("missing mode", "nb", "[mode.avoiding]", "[mode.evading]",
     ["nb.toml", "mode", "field 'avoiding'", "missing"]),
    ("extra mode", "sv", "[closing]", EXTRA_MODE + "\n[closing]",
     ["sv.toml", "mode", "field 'evading'", "not expected here"]),
    ("misspelt field", "en", 'exercise_title = "The first two minutes"', 'exercise_titel = "The first two minutes"',
     ["en.toml", "situation angry", "field 'exercise_title'", "missing"]),
    ("unknown field", "en", "[closing]\n", '[closing]\nnotes = "x"\n',
     ["en.toml", "closing", "field 'notes'", "not expected here"]),
    ("missing section", "da", "[closing]\nquestions", "[closure]\nquestions",
     ["da.toml", "file", "field 'closing'", "missing"]),
    ("minutes missing a situation", "minutes", "talkative = 10\n", "",
     ["workshop.toml", "minutes", "field 'talkative'", "missing"]),
    ("minutes for an unknown situation", "minutes", "talkative = 10\n", "talkative = 10\nfurious = 10\n",
     ["workshop.toml", "minutes", "field 'furious'", "not expected here"]),
    ("not TOML", "nb", "[intro]", "[intro", ["nb.toml", "not valid TOML"]),
]


@pytest.mark.parametrize("name,old,new,expected", [c[1:] for c in EDIT_CASES], ids=[c[0] for c in EDIT_CASES])
def test_a_broken_file_is_refused(tmp_path, name, old, new, expected):
    data = _copy_data(tmp_path)
    _edit(_file(data, name), old, new)
    assert_refused(lambda: load_workshop("en", directory=data), expected)


@pytest.mark.parametrize("name", ["minutes", *LANGUAGES])
def test_a_missing_file_is_refused(tmp_path, name):
    data = _copy_data(tmp_path)
    path = _file(data, name)
    path.unlink()
    assert_refused(lambda: load_workshop("en", directory=data), [path.name, "not found"])


def test_the_copied_data_loads_so_the_cases_above_fail_for_their_own_reason(tmp_path):
    assert load_workshop("sv", directory=_copy_data(tmp_path)) == load_workshop("sv")


def test_unknown_language_is_a_value_error():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        load_workshop("de")


def test_errors_are_content_errors_and_so_value_errors(tmp_path):
    data = _copy_data(tmp_path)
    _edit(_file(data, "minutes"), "angry = 20", "angry = 40")
    with pytest.raises(ValueError) as info:
        load_workshop("en", directory=data)
    assert isinstance(info.value, ContentError)
