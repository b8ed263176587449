"""The evidence behind the statements: desirability ratings and back-translations.

**Desirability ratings** (``data/desirability/``). Raters judge single statements, in random
order and without their mode or their pair, on one question: how good would it look for an
agent to say this about themself (1 = very bad, 7 = very good; ``protocol.md``). A panel is a
TOML file (who rated, how, when) and a CSV file with every rater's every rating:

    rater,statement,fingerprint,rating
    m1,P01.A.sv,3f9c0a1b2d4e,5

A statement is ``<item>.<A|B>.<language>``; its fingerprint is taken from the text that was
rated, so a rating stops counting the moment the statement is rewritten.

**Back-translations** (``data/backtranslations/<version>.toml``). Every Swedish, Norwegian
and Danish statement is translated back into English by somebody who has not seen the
English; a reviewer then compares the two for mode and strength. A record whose fingerprint
no longer matches is history: the mismatch that was found and fixed.

Rating sheets (``rating_sheet``/``read_sheet``) let an organisation run its own panel: one
sheet per rater and language, statements shuffled, each with a code (its text's fingerprint)
that reveals neither item nor mode; after a rewrite, a sheet of only the new texts.
"""
from __future__ import annotations

import csv
import hashlib
import io
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import mean

from .content import DATA_DIR, ContentError, read_toml, require
from .instrument import CHOICES, Instrument, current_version, load_instrument
from .modes import LANGUAGES, MODES

__all__ = [
    "BACKTRANSLATION_DIR", "DESIRABILITY_DIR", "MIN_RATERS", "NORDIC", "RATING_MAX", "RATING_MIN", "VERDICTS",
    "BackTranslation", "Panel", "Ratings", "SheetError", "fingerprint", "load_backtranslations", "load_ratings",
    "rating_sheet", "read_sheet", "statement_key", "statements",
]

DESIRABILITY_DIR = DATA_DIR / "desirability"
BACKTRANSLATION_DIR = DATA_DIR / "backtranslations"
RATING_MIN, RATING_MAX = 1, 7
MIN_RATERS = 7  # ratings per statement and language the protocol asks for
NORDIC = ("sv", "nb", "da")
VERDICTS = ("equivalent", "mismatch")
PANEL_KINDS = ("model reviewers", "human raters")
_KEY = re.compile(r"^(P\d{2})\.([AB])\.(en|sv|nb|da)$")
SHEET_COLUMNS = ("sheet", "number", "code", "statement", "rating")


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a statement's text (NFC, spacing folded)."""
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:12]


def statement_key(item_id: str, choice: str, lang: str) -> str:
    return f"{item_id}.{choice}.{lang}"


def statements(version: str | None = None, langs: Iterable[str] = LANGUAGES) -> dict[str, tuple[str, str]]:
    """Statement key -> (mode, text) for every statement of a version in ``langs``."""
    found = {}
    for lang in langs:
        instrument = load_instrument(lang, version=version)
        for item in instrument.items:
            for choice in CHOICES:
                statement = item.statement(choice)
                found[statement_key(item.id, choice, lang)] = (statement.mode, statement.text)
    return found


# -- desirability ratings ---------------------------------------------------------


@dataclass(frozen=True)
class Panel:
    id: str
    kind: str  # "model reviewers" or "human raters"
    description: str
    collected: str  # when the ratings were made
    raters: tuple[str, ...]


@dataclass(frozen=True)
class Ratings:
    """The ratings that count for one instrument version: those of its current texts."""

    version: str
    panels: tuple[Panel, ...]
    by_statement: Mapping[str, Mapping[str, int]]  # statement key -> rater -> rating
    stale: int  # ratings of texts that have since been rewritten (kept, not counted)

    def raters(self, key: str) -> int:
        return len(self.by_statement.get(key, {}))

    def mean(self, key: str) -> float:
        ratings = self.by_statement.get(key)
        if not ratings:
            raise KeyError(f"no ratings for {key}")
        return mean(ratings.values())

    def pair_gap(self, item_id: str, lang: str) -> float:
        """How much more desirable statement A was rated than B (negative: B more)."""
        return self.mean(statement_key(item_id, "A", lang)) - self.mean(statement_key(item_id, "B", lang))

    def mode_means(self, instrument: Instrument) -> dict[str, float]:
        """The mean rating of each mode's statements in the instrument's language."""
        per_mode = defaultdict(list)
        for item in instrument.items:
            for choice in CHOICES:
                per_mode[item.statement(choice).mode].append(self.mean(statement_key(item.id, choice, instrument.lang)))
        return {m: mean(per_mode[m]) for m in MODES}

    def nicer_answers(self, instrument: Instrument) -> dict[str, str]:
        """The answers of a respondent who always picks the statement rated more desirable
        (A on a tie: the order shown decides)."""
        return {item.id: "A" if self.pair_gap(item.id, instrument.lang) >= 0 else "B" for item in instrument.items}


def load_ratings(version: str | None = None, directory: Path | None = None) -> Ratings:
    version = version or current_version()
    return _load_ratings(version, directory or DESIRABILITY_DIR)


@lru_cache(maxsize=8)
def _load_ratings(version: str, directory: Path) -> Ratings:
    current = {key: fingerprint(text) for key, (_mode, text) in statements(version).items()}
    panels, by_statement, stale = [], defaultdict(dict), 0
    for path in sorted((directory / "panels").glob("*.toml")):
        panel = _read_panel(path)
        panels.append(panel)
        csv_path = path.with_suffix(".csv")
        for number, row in enumerate(_csv_rows(csv_path), start=2):
            where = f"line {number}"
            rater, key, print_, rating = (row.get(c, "").strip() for c in ("rater", "statement", "fingerprint", "rating"))
            if rater not in panel.raters:
                raise ContentError(csv_path, where, f"rater {rater!r} is not listed in {path.name}")
            if not _KEY.match(key):
                raise ContentError(csv_path, where, f"statement {key!r} is not <item>.<A|B>.<language>")
            if not rating.isdigit() or not RATING_MIN <= int(rating) <= RATING_MAX:
                raise ContentError(csv_path, where, f"rating {rating!r} is not a whole number {RATING_MIN}..{RATING_MAX}")
            if current.get(key) != print_:
                stale += 1  # a rating of an earlier text, or of another version
                continue
            rater_id = f"{panel.id}/{rater}"
            if rater_id in by_statement[key]:
                raise ContentError(csv_path, where, f"rater {rater!r} rated {key} twice")
            by_statement[key][rater_id] = int(rating)
    return Ratings(version, tuple(panels), {k: dict(v) for k, v in by_statement.items()}, stale)


def _read_panel(path: Path) -> Panel:
    data = read_toml(path)
    table = require(path, "file", data, "panel", dict)
    kind = require(path, "panel", table, "kind")
    if kind not in PANEL_KINDS:
        raise ContentError(path, "panel, field 'kind'", f"expected one of {', '.join(PANEL_KINDS)}")
    raters = require(path, "file", data, "rater", list)
    ids = []
    for index, rater in enumerate(raters, start=1):
        rater_id = require(path, f"rater #{index}", rater, "id")
        require(path, f"rater {rater_id}", rater, "about")
        if rater_id in ids:
            raise ContentError(path, f"rater {rater_id}", "listed twice")
        ids.append(rater_id)
    return Panel(path.stem, kind, require(path, "panel", table, "description"), require(path, "panel", table, "collected"),
                 tuple(ids))


def _csv_rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentError(path, "file", "not found (every panel .toml has a .csv of ratings)") from None
    return list(csv.DictReader(io.StringIO(text)))


# -- rating sheets for an organisation's own panel ---------------------------------------


class SheetError(ValueError):
    """A filled-in rating sheet that cannot be read; ``key`` names the message, ``values`` fill it."""

    def __init__(self, key: str, **values):
        super().__init__(f"{key}: {values}")
        self.key, self.values = key, values


def rating_sheet(lang: str, seed: int | None = None, version: str | None = None,
                 only: Iterable[str] | None = None) -> tuple[str, list[tuple[str, str, str]]]:
    """A rating sheet for one rater: its id and (number, code, statement text) rows in random
    order. The code is the text's fingerprint: neither the item, the side nor the mode can be
    read from the sheet. ``only``: statement keys to put on it (after a rewrite, the new texts)."""
    version = version or current_version()
    seed = seed if seed is not None else random.SystemRandom().randrange(10**6)
    texts = statements(version, (lang,))
    keys = [k for k in texts if only is None or k in set(only)]
    random.Random(f"{version}/{lang}/{seed}").shuffle(keys)
    rows = [(f"{n:02d}", fingerprint(texts[key][1]), texts[key][1]) for n, key in enumerate(keys, start=1)]
    return f"{version}:{lang}", rows


def sheet_csv(sheet_id: str, rows: list[tuple[str, str, str]]) -> bytes:
    """The sheet as a CSV a spreadsheet opens (UTF-8 with BOM, semicolons)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(SHEET_COLUMNS)
    for number, code, text in rows:
        writer.writerow((sheet_id, number, code, text, ""))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def read_sheet(data: bytes) -> tuple[str, dict[str, int], dict[str, str]]:
    """A filled-in sheet: (language, statement key -> rating, statement key -> fingerprint of the
    text on the sheet). Every row must be rated, each statement once, with a whole number 1..7."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError("sheet_encoding") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or [c.strip().lower() for c in rows[0][:len(SHEET_COLUMNS)]] != list(SHEET_COLUMNS):
        raise SheetError("sheet_columns", columns=", ".join(SHEET_COLUMNS))
    body = [(line, r) for line, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if not body:
        raise SheetError("sheet_empty")
    sheet_ids = {r[0].strip() for _line, r in body}
    if len(sheet_ids) != 1:
        raise SheetError("sheet_mixed")
    sheet_id = sheet_ids.pop()
    match = re.fullmatch(r"([\w.]+):(en|sv|nb|da)", sheet_id)
    if not match:
        raise SheetError("sheet_id", sheet=sheet_id)
    version, lang = match.group(1), match.group(2)
    try:
        texts = statements(version, (lang,))
    except ValueError:
        raise SheetError("sheet_version", version=version) from None
    by_code = {fingerprint(text): key for key, (_mode, text) in texts.items()}
    ratings: dict[str, int] = {}
    for line, row in body:
        code, statement, rating = (row[2].strip(), row[3].strip(), row[4].strip()) if len(row) >= 5 else ("", "", "")
        key = by_code.get(code)
        if key is None or statement != texts[key][1]:
            raise SheetError("sheet_text", line=line)
        if not rating.isdigit() or not RATING_MIN <= int(rating) <= RATING_MAX:
            raise SheetError("sheet_rating", line=line, low=RATING_MIN, high=RATING_MAX)
        if key in ratings:
            raise SheetError("sheet_twice", line=line)
        ratings[key] = int(rating)
    return lang, ratings, {key: fingerprint(texts[key][1]) for key in ratings}


# -- back-translations --------------------------------------------------------------------


@dataclass(frozen=True)
class BackTranslation:
    key: str  # P01.A.sv
    fingerprint: str  # of the Nordic text that was translated back
    back: str  # the English back-translation, made without seeing the English
    translator: str
    verdict: str  # "equivalent" or "mismatch"
    review: str  # what the reviewer compared: mode and strength, and what differs
    reviewer: str
    round: str = ""  # the rewriting round the text came from; "re": a re-review against a revised English

    @property
    def order(self) -> tuple[int, int]:
        """Later reviews of the same text come later: rounds in order, re-reviews last."""
        return (1, 0) if self.round == "re" else (0, int(self.round) if self.round.isdigit() else 0)


def load_backtranslations(version: str | None = None, directory: Path | None = None) -> tuple[BackTranslation, ...]:
    version = version or current_version()
    return _load_backtranslations((directory or BACKTRANSLATION_DIR) / f"{version}.toml")


@lru_cache(maxsize=8)
def _load_backtranslations(path: Path) -> tuple[BackTranslation, ...]:
    data = read_toml(path)
    entries = require(path, "file", data, "statement", list)
    records = []
    for index, entry in enumerate(entries, start=1):
        key = require(path, f"statement #{index}", entry, "key")
        where = f"statement {key}"
        match = _KEY.match(key)
        if not match or match.group(3) not in NORDIC:
            raise ContentError(path, f"{where}, field 'key'", "expected <item>.<A|B>.<sv|nb|da>")
        verdict = require(path, where, entry, "verdict")
        if verdict not in VERDICTS:
            raise ContentError(path, f"{where}, field 'verdict'", f"expected one of {', '.join(VERDICTS)}")
        records.append(BackTranslation(
            key, require(path, where, entry, "fingerprint"), require(path, where, entry, "back"),
            require(path, where, entry, "translator"), verdict, require(path, where, entry, "review"),
            require(path, where, entry, "reviewer"), str(entry.get("round", "")),
        ))
    return tuple(records)


def add_ratings(panel_id: str, rater: str, about: str, ratings: Mapping[str, int], fingerprints: Mapping[str, str], *,
                kind: str = "human raters", description: str = "", collected: str = "",
                directory: Path | None = None) -> Path:
    """Add one rater's sheet to a panel (created when new): the rater is listed in the panel's
    TOML file and their ratings appended to its CSV. Refuses a rater who already rated one of
    these statements. Both files are replaced whole, so an interrupted import leaves them as
    they were."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", panel_id):
        raise ValueError("a panel id is lower-case letters, digits and hyphens")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,40}", rater):
        raise ValueError("a rater id is letters, digits, '-' and '_'")
    if kind not in PANEL_KINDS:
        raise ValueError(f"kind must be one of {', '.join(PANEL_KINDS)}")
    folder = (directory or DESIRABILITY_DIR) / "panels"
    folder.mkdir(parents=True, exist_ok=True)
    toml_path, csv_path = folder / f"{panel_id}.toml", folder / f"{panel_id}.csv"
    if toml_path.exists():
        panel = _read_panel(toml_path)
        toml_text = toml_path.read_text(encoding="utf-8")
        rows = _csv_rows(csv_path) if csv_path.exists() else []
    else:
        panel = None
        toml_text = (f'[panel]\nkind = "{kind}"\ndescription = {_toml_string(description or panel_id)}\n'
                     f'collected = {_toml_string(collected or "unknown")}\n')
        rows = []
    if panel is not None and panel.kind != kind:
        raise ValueError(f"panel {panel_id} holds {panel.kind}, not {kind}")
    done = {(r["rater"], r["statement"]) for r in rows}
    if any((rater, key) in done for key in ratings):
        raise ValueError(f"rater {rater} has already rated these statements in panel {panel_id}")
    if panel is None or rater not in panel.raters:
        toml_text += f"\n[[rater]]\nid = {_toml_string(rater)}\nabout = {_toml_string(about or rater)}\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=("rater", "statement", "fingerprint", "rating"), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    writer.writerows({"rater": rater, "statement": key, "fingerprint": fingerprints[key], "rating": value}
                     for key, value in sorted(ratings.items()))
    for path, text in ((csv_path, out.getvalue()), (toml_path, toml_text)):
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    _load_ratings.cache_clear()
    return csv_path


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
