"""The 30-pair profile questionnaire, loaded from ``data/items.toml``.

Each item holds two statements (A and B), each typical of one mode, with the
text of every language side by side in the file so a missing translation is
seen. Answers are stored by item id, never by position.

The instrument has versions: rewriting a statement changes what an answer means, so
every assessment remembers the version it was started on and is answered, scored and
interpreted with it. ``data/items.toml`` is the current version; each retired one is
kept, unchanged, as ``data/items_retired/<version>.toml``.
"""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .content import DATA_DIR, ContentError, read_toml, require
from .modes import DEFAULT_LANGUAGE, LANGUAGES, MODES

__all__ = [
    "Statement", "Item", "Instrument", "load_instrument", "design_summary", "ITEMS_FILE", "RETIRED_DIR", "CHOICES",
    "current_version", "known_versions",
]

ITEMS_FILE = DATA_DIR / "items.toml"
RETIRED_DIR = DATA_DIR / "items_retired"
CHOICES = ("A", "B")


@dataclass(frozen=True)
class Statement:
    mode: str
    text: str


@dataclass(frozen=True)
class Item:
    id: str
    a: Statement
    b: Statement

    def statement(self, choice: str) -> Statement:
        if choice == "A":
            return self.a
        if choice == "B":
            return self.b
        raise ValueError(f"item {self.id}: choice must be 'A' or 'B', got {choice!r}")

    @property
    def pairing(self) -> frozenset[str]:
        return frozenset((self.a.mode, self.b.mode))


@dataclass(frozen=True)
class Instrument:
    version: str
    lang: str
    items: tuple[Item, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise ValueError(f"unknown item id {item_id!r}")

    def __len__(self) -> int:
        return len(self.items)


def current_version() -> str:
    """The version new assessments are answered on."""
    return _load_all_languages(ITEMS_FILE)[0]


def known_versions() -> tuple[str, ...]:
    """Every version a stored assessment may have been answered on, oldest first, current last."""
    return tuple(sorted(_retired_files())) + (current_version(),)


@lru_cache(maxsize=1)
def _retired_files() -> dict[str, Path]:
    files = {}
    for path in sorted(RETIRED_DIR.glob("*.toml")):
        version = _load_all_languages(path)[0]
        if version != path.stem:
            raise ContentError(path, "file, field 'version'", f"{version!r} does not match the file name")
        files[version] = path
    if _load_all_languages(ITEMS_FILE)[0] in files:
        raise ContentError(ITEMS_FILE, "file, field 'version'", "a retired version has this number: give a new one")
    return files


def load_instrument(lang: str = DEFAULT_LANGUAGE, path: Path | None = None, version: str | None = None) -> Instrument:
    """Return the instrument with its statements in ``lang``: the current version, or
    ``version`` (a retired one keeps the meaning of the answers given on it).

    Raises ContentError (a ValueError) naming file, item id and field when the
    file is incomplete or inconsistent, and ValueError for an unknown language or version.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    if path is None:
        path = ITEMS_FILE
        if version is not None and version != current_version():
            path = _retired_files().get(version)
            if path is None:
                raise ValueError(f"unknown instrument version {version!r}; known: {', '.join(known_versions())}")
    version, items = _load_all_languages(path)
    return Instrument(
        version=version,
        lang=lang,
        items=tuple(
            Item(id=item_id, a=Statement(a_mode, a_texts[lang]), b=Statement(b_mode, b_texts[lang]))
            for item_id, (a_mode, a_texts), (b_mode, b_texts) in items
        ),
    )


@lru_cache(maxsize=8)
def _load_all_languages(path: Path):
    data = read_toml(path)
    version = require(path, "file", data, "version")
    entries = data.get("item")
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, "file", "no [[item]] entries")

    items = []
    seen_ids: set[str] = set()
    seen_texts: dict[tuple[str, str], str] = {}
    for index, entry in enumerate(entries, start=1):
        item_id = require(path, f"item #{index}", entry, "id")
        where = f"item {item_id}"
        if item_id in seen_ids:
            raise ContentError(path, where, "duplicate id")
        seen_ids.add(item_id)
        sides = []
        for side in ("a", "b"):
            table = require(path, where, entry, side, dict)
            side_where = f"{where}, statement {side.upper()}"
            mode = require(path, side_where, table, "mode")
            if mode not in MODES:
                raise ContentError(path, f"{side_where}, field 'mode'", f"unknown mode {mode!r}")
            texts = {}
            for lang in LANGUAGES:
                text = require(path, side_where, table, lang).strip()
                key = (lang, " ".join(text.lower().split()))
                if key in seen_texts:
                    raise ContentError(
                        path, f"{side_where}, field '{lang}'",
                        f"duplicate statement (same text as {seen_texts[key]})",
                    )
                seen_texts[key] = f"{item_id} {side.upper()}"
                texts[lang] = text
            sides.append((mode, texts))
        if sides[0][0] == sides[1][0]:
            raise ContentError(path, where, "both statements have the same mode")
        items.append((item_id, sides[0], sides[1]))
    return version, tuple(items)


def design_summary(instrument: Instrument) -> dict[str, object]:
    """Counts that show whether the design is balanced (used by tests and docs)."""
    pairings = Counter(item.pairing for item in instrument.items)
    as_a = Counter(item.a.mode for item in instrument.items)
    as_b = Counter(item.b.mode for item in instrument.items)
    return {
        "pairings": {tuple(sorted(p, key=MODES.index)): pairings.get(frozenset(p), 0)
                     for p in itertools.combinations(MODES, 2)},
        "as_a": {m: as_a.get(m, 0) for m in MODES},
        "as_b": {m: as_b.get(m, 0) for m in MODES},
    }

