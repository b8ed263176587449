"""The material for a team workshop on difficult customers, loaded from data files.

Two kinds of file, each validated on load:

- ``data/workshop.toml``: free of language: how many minutes the exercise for each
  playbook situation takes.
- ``data/workshop/<lang>.toml``: every text. An introduction (title, purpose, agenda,
  ground rules); for each playbook situation three discussion questions and a short
  exercise (title, steps, a debrief question); for each mode two questions for a team
  where few use it (``rare``) and two for a team where most lean on it (``common``);
  and two closing questions.

The situation ids are the playbook's and the modes are ``MODES``: every file holds
exactly those, no more and no fewer. The texts are printed in a PDF, so each must be
plain text (no markdown or HTML characters) and short. A mistake names the file, the
entry and the field (see ``content.ContentError``).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .content import DATA_DIR, ContentError, exact_keys, read_toml, require
from .modes import DEFAULT_LANGUAGE, LANGUAGES, MODES

__all__ = [
    "MARKUP", "MAX_CHARS", "MINUTES", "ModeWorkshop", "SituationWorkshop", "WORKSHOP_FILE", "WORKSHOP_TEXTS_DIR",
    "Workshop", "WorkshopIntro", "load_workshop",
]

WORKSHOP_FILE = DATA_DIR / "workshop.toml"
WORKSHOP_TEXTS_DIR = DATA_DIR / "workshop"

MINUTES = (5, 30)  # the shortest and longest exercise, inclusive
MAX_CHARS = 220  # one or two sentences; longer texts crowd the printed page
# Characters that mark up text in markdown or HTML. The report prints texts as they are,
# so any of these would show up on paper as a stray symbol.
MARKUP = frozenset("*_#<>[]`")

# Each list field, with the (fewest, most) entries it may hold.
_INTRO_LISTS = {"agenda": (4, 6), "ground_rules": (3, 3)}
_SITUATION_LISTS = {"questions": (3, 3), "exercise_steps": (3, 5)}
_SITUATION_TEXTS = ("exercise_title", "debrief")
_MODE_LISTS = {"rare": (2, 2), "common": (2, 2)}
_CLOSING_LISTS = {"questions": (2, 2)}


@dataclass(frozen=True)
class WorkshopIntro:
    title: str
    purpose: str
    agenda: tuple[str, ...]
    ground_rules: tuple[str, ...]


@dataclass(frozen=True)
class SituationWorkshop:
    id: str  # a playbook situation id
    questions: tuple[str, ...]  # for the team to discuss
    exercise_title: str
    exercise_steps: tuple[str, ...]  # a role-play or drill practising what the playbook card recommends
    debrief: str  # one question for after the exercise
    minutes: int  # how long the exercise takes


@dataclass(frozen=True)
class ModeWorkshop:
    mode: str
    rare: tuple[str, ...]  # for a team where few use this mode
    common: tuple[str, ...]  # for a team where most lean on it


@dataclass(frozen=True)
class Workshop:
    intro: WorkshopIntro
    situations: Mapping[str, SituationWorkshop]  # in the playbook's order
    modes: Mapping[str, ModeWorkshop]  # in MODES order
    closing: tuple[str, ...]


def load_workshop(lang: str = DEFAULT_LANGUAGE, directory: Path | None = None) -> Workshop:
    """The workshop material in ``lang``.

    ``directory`` holds ``workshop.toml`` and the ``workshop/`` folder of language files
    (tests); it defaults to the package data. Every language is checked on the first call,
    so a broken translation is found whichever language is asked for.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return _load_all(directory or DATA_DIR)[lang]


@lru_cache(maxsize=4)
def _load_all(directory: Path) -> dict[str, Workshop]:
    situation_ids = _situation_ids()
    minutes = _read_minutes(directory / WORKSHOP_FILE.name, situation_ids)
    return {
        lang: _read_texts(directory / WORKSHOP_TEXTS_DIR.name / f"{lang}.toml", situation_ids, minutes)
        for lang in LANGUAGES
    }


def _situation_ids() -> tuple[str, ...]:
    # Imported here so that importing the package does not load the playbook.
    from .playbook import load_playbook

    return tuple(s.id for s in load_playbook(DEFAULT_LANGUAGE).situations)


def _read_minutes(path: Path, situation_ids: tuple[str, ...]) -> dict[str, int]:
    data = read_toml(path)
    exact_keys(path, "file", data, ("minutes",))
    table = require(path, "file", data, "minutes", dict)
    exact_keys(path, "minutes", table, situation_ids)
    low, high = MINUTES
    minutes = {}
    for situation_id in situation_ids:
        value = require(path, "minutes", table, situation_id, int)
        if not low <= value <= high:
            raise ContentError(
                path, f"minutes, field '{situation_id}'", f"must be a whole number from {low} to {high}, got {value}"
            )
        minutes[situation_id] = value
    return minutes


def _read_texts(path: Path, situation_ids: tuple[str, ...], minutes: dict[str, int]) -> Workshop:
    data = read_toml(path)
    exact_keys(path, "file", data, ("intro", "situation", "mode", "closing"))

    intro_table = require(path, "file", data, "intro", dict)
    exact_keys(path, "intro", intro_table, ("title", "purpose", *_INTRO_LISTS))
    intro = WorkshopIntro(
        title=_text(path, "intro", intro_table, "title"),
        purpose=_text(path, "intro", intro_table, "purpose"),
        **{field: _texts(path, "intro", intro_table, field, bounds) for field, bounds in _INTRO_LISTS.items()},
    )

    situation_table = require(path, "file", data, "situation", dict)
    exact_keys(path, "situation", situation_table, situation_ids)
    situations = {}
    for situation_id in situation_ids:
        where = f"situation {situation_id}"
        entry = require(path, "situation", situation_table, situation_id, dict)
        exact_keys(path, where, entry, (*_SITUATION_LISTS, *_SITUATION_TEXTS))
        situations[situation_id] = SituationWorkshop(
            id=situation_id,
            **{field: _texts(path, where, entry, field, bounds) for field, bounds in _SITUATION_LISTS.items()},
            **{field: _text(path, where, entry, field) for field in _SITUATION_TEXTS},
            minutes=minutes[situation_id],
        )

    mode_table = require(path, "file", data, "mode", dict)
    exact_keys(path, "mode", mode_table, MODES)
    modes = {}
    for mode in MODES:
        where = f"mode {mode}"
        entry = require(path, "mode", mode_table, mode, dict)
        exact_keys(path, where, entry, _MODE_LISTS)
        modes[mode] = ModeWorkshop(
            mode=mode, **{field: _texts(path, where, entry, field, bounds) for field, bounds in _MODE_LISTS.items()}
        )

    closing_table = require(path, "file", data, "closing", dict)
    exact_keys(path, "closing", closing_table, _CLOSING_LISTS)
    closing = _texts(path, "closing", closing_table, "questions", _CLOSING_LISTS["questions"])

    return Workshop(intro=intro, situations=situations, modes=modes, closing=closing)


# --- fields --------------------------------------------------------------------------------




def _checked(path: Path, where: str, value: object) -> str:
    """``value`` as a stripped text, or a ContentError saying what is wrong with it."""
    if not isinstance(value, str):
        raise ContentError(path, where, f"expected a text, got {value!r}")
    text = value.strip()
    if not text:
        raise ContentError(path, where, "expected a non-empty text")
    marks = sorted({ch for ch in text if ch in MARKUP})
    if marks:
        raise ContentError(
            path, where, f"plain text only: {' '.join(marks)} would print as a stray symbol (markdown or HTML)"
        )
    if len(text) > MAX_CHARS:
        raise ContentError(path, where, f"{len(text)} characters, at most {MAX_CHARS}")
    return text


def _text(path: Path, where: str, table: dict, field: str) -> str:
    return _checked(path, f"{where}, field '{field}'", require(path, where, table, field))


def _texts(path: Path, where: str, table: dict, field: str, bounds: tuple[int, int]) -> tuple[str, ...]:
    values = require(path, where, table, field, list)
    low, high = bounds
    if not low <= len(values) <= high:
        expected = f"exactly {low}" if low == high else f"{low} to {high}"
        raise ContentError(path, f"{where}, field '{field}'", f"expected {expected} entries, found {len(values)}")
    return tuple(
        _checked(path, f"{where}, field '{field}', entry {number}", value)
        for number, value in enumerate(values, start=1)
    )
