"""The difficult-customer playbook and the Part 2 scenarios, loaded from data files.

Three kinds of file, each validated on load:

- ``data/playbook.toml``: the structure, free of language: situations with each mode's
  fit (-2 does harm .. +2 works best), general principles, scenarios, source articles.
- ``data/playbook_notes.csv``: the profile-conditioned notes as rows
  (situation, mode, level, care, seeds). Every situation has a row for every mode
  at both levels, so any profile that is not flat gets notes in every situation.
- ``data/playbook/<lang>.toml``: every text, under the ids of the structure. Each
  language file must hold exactly the entries the structure names.

A mistake names the file, the entry and the field (see ``content.ContentError``).
"""
from __future__ import annotations

import csv
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .content import DATA_DIR, ContentError, exact_keys, read_toml, require
from .modes import DEFAULT_LANGUAGE, LANGUAGES, MODES

__all__ = [
    "FITS", "LEVELS", "Note", "Playbook", "Principle", "Scenario", "Seed", "Situation", "ModeFit",
    "load_playbook", "scenario_ids", "PLAYBOOK_FILE", "NOTES_FILE", "TEXTS_DIR", "REASON_KEYS",
]

PLAYBOOK_FILE = DATA_DIR / "playbook.toml"
NOTES_FILE = DATA_DIR / "playbook_notes.csv"
TEXTS_DIR = DATA_DIR / "playbook"

FITS = (-2, -1, 0, 1, 2)
LEVELS = ("high", "low")
CARE = (1, 2, 3)
SCENARIO_COUNT = (8, 10)
NOTES_HEADER = ["situation", "mode", "level", "care", "seeds"]

# Reason sentences, with the placeholders each must carry in every language.
REASON_KEYS = {
    "high_top": {"mode", "score", "max"},
    "high": {"mode", "score", "max"},
    "low_lowest": {"mode", "score", "max"},
    "low": {"mode", "score", "max"},
    "flat": {"mode"},
    "scenario": {"mode"},
}
_SITUATION_TEXTS = ("title", "summary", "needs", "escalate")
_SITUATION_LISTS = {"steps": (3, 7), "say": (2, 5), "avoid": (2, 5)}


@dataclass(frozen=True)
class Seed:
    id: str
    title: str
    publisher: str
    language: str


@dataclass(frozen=True)
class ModeFit:
    mode: str
    fit: int  # -2 does harm .. +2 works best
    why: str


@dataclass(frozen=True)
class Situation:
    id: str
    title: str
    summary: str
    needs: str
    steps: tuple[str, ...]
    say: tuple[str, ...]
    avoid: tuple[str, ...]
    escalate: str
    modes: tuple[ModeFit, ...]  # in MODES order
    safety: bool
    seeds: tuple[Seed, ...]

    def fit(self, mode: str) -> ModeFit:
        return next(m for m in self.modes if m.mode == mode)

    @property
    def best_mode(self) -> str:
        return max(self.modes, key=lambda m: m.fit).mode


@dataclass(frozen=True)
class Note:
    situation: str
    mode: str
    level: str  # "high" or "low": the mode's place in the agent's profile
    care: int  # 1..3: how much attention this combination needs
    seeds: tuple[Seed, ...]
    text: str


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    text: str
    seeds: tuple[Seed, ...]
    emphasis: tuple[tuple[str, str], ...]  # (mode, level) patterns it matters most for


@dataclass(frozen=True)
class Scenario:
    id: str
    situation: str
    order: tuple[str, ...]  # the modes of the five responses, as shown
    recommended: str
    prompt: str
    why: str
    responses: dict[str, str]  # mode -> response text

    @property
    def shown(self) -> tuple[tuple[str, str], ...]:
        """(mode, text) pairs in the order they are shown."""
        return tuple((mode, self.responses[mode]) for mode in self.order)


@dataclass(frozen=True)
class Playbook:
    version: str
    lang: str
    situations: tuple[Situation, ...]
    notes: dict[tuple[str, str, str], Note]  # (situation, mode, level) -> note
    principles: tuple[Principle, ...]
    scenarios: tuple[Scenario, ...]
    reasons: dict[str, str]  # reason sentence templates

    def situation(self, situation_id: str) -> Situation:
        for situation in self.situations:
            if situation.id == situation_id:
                return situation
        raise ValueError(f"unknown situation {situation_id!r}")

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise ValueError(f"unknown scenario {scenario_id!r}")

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenarios)

    def note(self, situation_id: str, mode: str, level: str) -> Note:
        return self.notes[(situation_id, mode, level)]


def scenario_ids(directory: Path | None = None) -> tuple[str, ...]:
    """The Part 2 scenario ids, in order, from the structure file alone (for storage)."""
    return tuple(s[0] for s in _structure((directory or DATA_DIR) / PLAYBOOK_FILE.name).scenarios)


def load_playbook(lang: str = DEFAULT_LANGUAGE, directory: Path | None = None) -> Playbook:
    """The playbook in ``lang``. ``directory`` holds the three kinds of file (tests)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return _load_all(directory or DATA_DIR)[lang]


# --- structure --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Structure:
    version: str
    seeds: dict[str, Seed]
    situations: tuple[tuple[str, dict[str, int], bool, tuple[str, ...]], ...]
    principles: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...]
    scenarios: tuple[tuple[str, str, tuple[str, ...], str], ...]


def _seed_list(path: Path, where: str, entry: dict, seeds: dict[str, Seed], field: str = "seeds") -> tuple[str, ...]:
    ids = require(path, where, entry, field, list)
    if not ids:
        raise ContentError(path, f"{where}, field '{field}'", "names no source article")
    for seed_id in ids:
        if seed_id not in seeds:
            raise ContentError(path, f"{where}, field '{field}'", f"unknown source article {seed_id!r}")
    return tuple(ids)


@lru_cache(maxsize=4)
def _structure(path: Path) -> _Structure:
    data = read_toml(path)
    version = require(path, "file", data, "version")

    seeds = {}
    for seed_id, entry in require(path, "file", data, "seeds", dict).items():
        where = f"seed {seed_id}"
        seeds[seed_id] = Seed(
            seed_id, *(require(path, where, entry, f) for f in ("title", "publisher", "language"))
        )

    situations = []
    seen: set[str] = set()
    for index, entry in enumerate(_entries(path, data, "situation"), start=1):
        situation_id = require(path, f"situation #{index}", entry, "id")
        where = f"situation {situation_id}"
        if situation_id in seen:
            raise ContentError(path, where, "duplicate id")
        seen.add(situation_id)
        fit_table = require(path, where, entry, "fit", dict)
        fits = {}
        for mode in MODES:
            value = require(path, f"{where}, fit", fit_table, mode, int)
            if value not in FITS:
                raise ContentError(path, f"{where}, fit, field '{mode}'", "must be one of -2, -1, 0, 1, 2")
            fits[mode] = value
        unknown = set(fit_table) - set(MODES)
        if unknown:
            raise ContentError(path, f"{where}, fit, field '{sorted(unknown)[0]}'", "unknown mode")
        safety = entry.get("safety", False)
        if not isinstance(safety, bool):
            raise ContentError(path, f"{where}, field 'safety'", "expected true or false")
        situations.append((situation_id, fits, safety, _seed_list(path, where, entry, seeds)))

    principles = []
    seen = set()
    for index, entry in enumerate(_entries(path, data, "principle"), start=1):
        principle_id = require(path, f"principle #{index}", entry, "id")
        where = f"principle {principle_id}"
        if principle_id in seen:
            raise ContentError(path, where, "duplicate id")
        seen.add(principle_id)
        emphasis = []
        for pattern in require(path, where, entry, "emphasis", list):
            mode, _, level = str(pattern).partition(":")
            if mode not in MODES or level not in LEVELS:
                raise ContentError(
                    path, f"{where}, field 'emphasis'", f"{pattern!r} is not 'mode:high' or 'mode:low'"
                )
            emphasis.append((mode, level))
        principles.append((principle_id, _seed_list(path, where, entry, seeds), tuple(emphasis)))

    situation_fits = {s[0]: s[1] for s in situations}
    scenarios = []
    seen = set()
    covered: set[str] = set()
    for index, entry in enumerate(_entries(path, data, "scenario"), start=1):
        scenario_id = require(path, f"scenario #{index}", entry, "id")
        where = f"scenario {scenario_id}"
        if scenario_id in seen:
            raise ContentError(path, where, "duplicate id")
        if len(scenario_id) > 8:
            raise ContentError(path, where, "id longer than 8 characters")
        seen.add(scenario_id)
        situation_id = require(path, where, entry, "situation")
        if situation_id not in situation_fits:
            raise ContentError(path, f"{where}, field 'situation'", f"unknown situation {situation_id!r}")
        if situation_id in covered:
            raise ContentError(path, f"{where}, field 'situation'", f"{situation_id!r} already has a scenario")
        covered.add(situation_id)
        order = require(path, where, entry, "order", list)
        if sorted(order) != sorted(MODES):
            raise ContentError(path, f"{where}, field 'order'", "must list each of the five modes once")
        recommended = require(path, where, entry, "recommended")
        if recommended not in MODES:
            raise ContentError(path, f"{where}, field 'recommended'", f"unknown mode {recommended!r}")
        fits = situation_fits[situation_id]
        if any(fits[m] >= fits[recommended] for m in MODES if m != recommended):
            raise ContentError(
                path, f"{where}, field 'recommended'",
                f"{recommended!r} is not the single best fit of situation {situation_id!r}",
            )
        scenarios.append((scenario_id, situation_id, tuple(order), recommended))
    low, high = SCENARIO_COUNT
    if not low <= len(scenarios) <= high:
        raise ContentError(path, "file", f"expected {low} to {high} scenarios, found {len(scenarios)}")
    return _Structure(version, seeds, tuple(situations), tuple(principles), tuple(scenarios))


def _entries(path: Path, data: dict, name: str) -> list:
    entries = data.get(name)
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, "file", f"no [[{name}]] entries")
    return entries


def _read_notes(path: Path, structure: _Structure) -> dict[tuple[str, str, str], tuple[int, tuple[str, ...]]]:
    situations = {s[0] for s in structure.situations}
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise ContentError(path, "file", "not found") from None
    if not rows or rows[0] != NOTES_HEADER:
        raise ContentError(path, "line 1", f"header must be {','.join(NOTES_HEADER)}")
    notes = {}
    for line, row in enumerate(rows[1:], start=2):
        where = f"line {line}"
        if len(row) != len(NOTES_HEADER):
            raise ContentError(path, where, f"expected {len(NOTES_HEADER)} fields, found {len(row)}")
        situation, mode, level, care, seeds = (cell.strip() for cell in row)
        if situation not in situations:
            raise ContentError(path, f"{where}, field 'situation'", f"unknown situation {situation!r}")
        if mode not in MODES:
            raise ContentError(path, f"{where}, field 'mode'", f"unknown mode {mode!r}")
        if level not in LEVELS:
            raise ContentError(path, f"{where}, field 'level'", f"must be 'high' or 'low', got {level!r}")
        if care not in {str(c) for c in CARE}:
            raise ContentError(path, f"{where}, field 'care'", f"must be 1, 2 or 3, got {care!r}")
        seed_ids = tuple(seeds.split())
        if not seed_ids:
            raise ContentError(path, f"{where}, field 'seeds'", "names no source article")
        for seed_id in seed_ids:
            if seed_id not in structure.seeds:
                raise ContentError(path, f"{where}, field 'seeds'", f"unknown source article {seed_id!r}")
        key = (situation, mode, level)
        if key in notes:
            raise ContentError(path, where, f"duplicate row for {situation}, {mode}, {level}")
        notes[key] = (int(care), seed_ids)
    for situation, *_ in structure.situations:
        for mode in MODES:
            for level in LEVELS:
                if (situation, mode, level) not in notes:
                    raise ContentError(path, "file", f"no row for {situation}, {mode}, {level}")
    return notes


# --- texts ------------------------------------------------------------------------------


def _text(path: Path, where: str, table: dict, field: str) -> str:
    return require(path, where, table, field).strip()


def _texts(path: Path, where: str, table: dict, field: str, bounds: tuple[int, int]) -> tuple[str, ...]:
    values = require(path, where, table, field, list)
    low, high = bounds
    if not low <= len(values) <= high:
        raise ContentError(path, f"{where}, field '{field}'", f"expected {low} to {high} entries, found {len(values)}")
    for number, value in enumerate(values, start=1):
        if not isinstance(value, str) or not value.strip():
            raise ContentError(path, f"{where}, field '{field}', entry {number}", "expected a non-empty text")
    return tuple(v.strip() for v in values)




def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read_texts(path: Path, lang: str, structure: _Structure, notes: dict) -> Playbook:
    data = read_toml(path)
    exact_keys(path, "file", data, ("reason", "situation", "principle", "scenario"))

    reasons_table = require(path, "file", data, "reason", dict)
    exact_keys(path, "reason", reasons_table, REASON_KEYS)
    reasons = {}
    for key, needed in REASON_KEYS.items():
        text = _text(path, "reason", reasons_table, key)
        if _placeholders(text) != needed:
            raise ContentError(
                path, f"reason, field '{key}'", f"must use the placeholders {{{'}, {'.join(sorted(needed))}}}"
            )
        reasons[key] = text

    seeds = structure.seeds
    situation_table = require(path, "file", data, "situation", dict)
    exact_keys(path, "situation", situation_table, [s[0] for s in structure.situations])
    situations = []
    note_objects = {}
    for situation_id, fits, safety, seed_ids in structure.situations:
        where = f"situation {situation_id}"
        entry = situation_table[situation_id]
        exact_keys(path, where, entry, (*_SITUATION_TEXTS, *_SITUATION_LISTS, "modes", "notes"))
        modes_table = require(path, where, entry, "modes", dict)
        exact_keys(path, f"{where}, modes", modes_table, MODES)
        notes_table = require(path, where, entry, "notes", dict)
        note_keys = [f"{mode}_{level}" for mode in MODES for level in LEVELS]
        exact_keys(path, f"{where}, notes", notes_table, note_keys)
        for mode in MODES:
            for level in LEVELS:
                care, note_seeds = notes[(situation_id, mode, level)]
                note_objects[(situation_id, mode, level)] = Note(
                    situation_id, mode, level, care, tuple(seeds[s] for s in note_seeds),
                    _text(path, f"{where}, notes", notes_table, f"{mode}_{level}"),
                )
        situations.append(Situation(
            id=situation_id,
            **{field: _text(path, where, entry, field) for field in _SITUATION_TEXTS},
            **{field: _texts(path, where, entry, field, bounds) for field, bounds in _SITUATION_LISTS.items()},
            modes=tuple(ModeFit(m, fits[m], _text(path, f"{where}, modes", modes_table, m)) for m in MODES),
            safety=safety,
            seeds=tuple(seeds[s] for s in seed_ids),
        ))

    principle_table = require(path, "file", data, "principle", dict)
    exact_keys(path, "principle", principle_table, [p[0] for p in structure.principles])
    principles = []
    for principle_id, seed_ids, emphasis in structure.principles:
        where = f"principle {principle_id}"
        entry = principle_table[principle_id]
        exact_keys(path, where, entry, ("title", "text"))
        principles.append(Principle(
            principle_id, _text(path, where, entry, "title"), _text(path, where, entry, "text"),
            tuple(seeds[s] for s in seed_ids), emphasis,
        ))

    scenario_table = require(path, "file", data, "scenario", dict)
    exact_keys(path, "scenario", scenario_table, [s[0] for s in structure.scenarios])
    scenarios = []
    for scenario_id, situation_id, order, recommended in structure.scenarios:
        where = f"scenario {scenario_id}"
        entry = scenario_table[scenario_id]
        exact_keys(path, where, entry, ("prompt", "why", "responses"))
        responses_table = require(path, where, entry, "responses", dict)
        exact_keys(path, f"{where}, responses", responses_table, MODES)
        responses = {m: _text(path, f"{where}, responses", responses_table, m) for m in MODES}
        if len({" ".join(r.lower().split()) for r in responses.values()}) != len(MODES):
            raise ContentError(path, f"{where}, responses", "two responses have the same text")
        scenarios.append(Scenario(
            scenario_id, situation_id, order, recommended,
            _text(path, where, entry, "prompt"), _text(path, where, entry, "why"), responses,
        ))

    return Playbook(
        version=structure.version, lang=lang, situations=tuple(situations), notes=note_objects,
        principles=tuple(principles), scenarios=tuple(scenarios), reasons=reasons,
    )


@lru_cache(maxsize=4)
def _load_all(directory: Path) -> dict[str, Playbook]:
    structure = _structure(directory / PLAYBOOK_FILE.name)
    notes = _read_notes(directory / NOTES_FILE.name, structure)
    return {
        lang: _read_texts(directory / TEXTS_DIR.name / f"{lang}.toml", lang, structure, notes)
        for lang in LANGUAGES
    }
