"""What each mode means, in every language, from ``data/modes.toml``.

Each mode's entry holds its place on the two axes (numbers, language-free) and
its texts: name, tagline, what it looks like with customers, when it helps, and
questions that reveal overuse and underuse.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .content import DATA_DIR, ContentError, read_toml, require
from .modes import DEFAULT_LANGUAGE, LANGUAGES, MODES

__all__ = ["ModeText", "load_mode_texts", "mode_positions", "MODES_FILE"]

MODES_FILE = DATA_DIR / "modes.toml"
_TEXT_FIELDS = ("name", "tagline", "looks_like")
_LIST_FIELDS = ("helps_when", "overuse", "underuse")


@dataclass(frozen=True)
class ModeText:
    mode: str
    name: str
    tagline: str
    looks_like: str
    helps_when: tuple[str, ...]
    overuse: tuple[str, ...]
    underuse: tuple[str, ...]


def load_mode_texts(lang: str = DEFAULT_LANGUAGE, path: Path | None = None) -> dict[str, ModeText]:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _, texts = _load(path or MODES_FILE)
    return {mode: ModeText(mode=mode, **texts[mode][lang]) for mode in MODES}


def mode_positions(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Each mode's (assertiveness, cooperativeness), both in 0..1."""
    positions, _ = _load(path or MODES_FILE)
    return dict(positions)


@lru_cache(maxsize=4)
def _load(path: Path):
    data = read_toml(path)
    unknown = set(data) - set(MODES)
    if unknown:
        raise ContentError(path, f"mode {sorted(unknown)[0]!r}", "unknown mode")
    positions: dict[str, tuple[float, float]] = {}
    texts: dict[str, dict[str, dict]] = {}
    for mode in MODES:
        where = f"mode {mode}"
        entry = require(path, "file", data, mode, dict)
        axes = []
        for axis in ("assertiveness", "cooperativeness"):
            value = require(path, where, entry, axis, (int, float))
            if not 0 <= value <= 1:
                raise ContentError(path, f"{where}, field '{axis}'", "must lie in 0..1")
            axes.append(float(value))
        positions[mode] = (axes[0], axes[1])
        per_lang: dict[str, dict] = {lang: {} for lang in LANGUAGES}
        for field in _TEXT_FIELDS + _LIST_FIELDS:
            table = require(path, where, entry, field, dict)
            expected_len = None
            for lang in LANGUAGES:
                kind = list if field in _LIST_FIELDS else str
                value = require(path, f"{where}, {field}", table, lang, kind)
                if kind is list:
                    if not value or not all(isinstance(v, str) and v.strip() for v in value):
                        raise ContentError(path, f"{where}, {field}, field '{lang}'", "expected non-empty texts")
                    if expected_len is None:
                        expected_len = len(value)
                    elif len(value) != expected_len:
                        raise ContentError(
                            path, f"{where}, {field}, field '{lang}'",
                            f"has {len(value)} entries where '{LANGUAGES[0]}' has {expected_len}",
                        )
                    value = tuple(v.strip() for v in value)
                else:
                    value = value.strip()
                per_lang[lang][field] = value
        texts[mode] = per_lang
    return positions, texts
