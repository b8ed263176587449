"""Norm tables: which score counts as low, medium or high for each mode."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import comb
from pathlib import Path
from typing import Mapping

from questionnaire import MODES
from questionnaire.content import ContentError, read_toml, require

__all__ = ["BANDS", "MAX_SCORE", "Norms", "load_norms", "neutral_reference_table", "NORMS_FILE"]

NORMS_FILE = Path(__file__).resolve().parent / "data" / "norms.toml"
BANDS: tuple[str, ...] = ("low", "medium", "high")
MAX_SCORE = 12  # each mode appears in 12 of the 30 items


@dataclass(frozen=True)
class Norms:
    name: str
    kind: str
    limits: Mapping[str, Mapping[str, tuple[int, int]]]  # mode -> band -> (lowest, highest)

    def band(self, mode: str, score: int) -> str:
        for band, (lowest, highest) in self.limits[mode].items():
            if lowest <= score <= highest:
                return band
        raise ValueError(f"score {score} for {mode} is outside 0..{MAX_SCORE}")


def load_norms(path: Path | None = None) -> Norms:
    return _load(path or NORMS_FILE)


@lru_cache(maxsize=4)
def _load(path: Path) -> Norms:
    data = read_toml(path)
    provenance = require(path, "file", data, "provenance", dict)
    name = require(path, "provenance", provenance, "name")
    kind = require(path, "provenance", provenance, "kind")
    require(path, "provenance", provenance, "basis")
    rows = data.get("band")
    if not isinstance(rows, list):
        raise ContentError(path, "file", "no [[band]] rows")
    limits: dict[str, dict[str, tuple[int, int]]] = {}
    for index, row in enumerate(rows, start=1):
        mode = require(path, f"band #{index}", row, "mode")
        where = f"band for {mode}"
        if mode not in MODES:
            raise ContentError(path, f"{where}, field 'mode'", f"unknown mode {mode!r}")
        if mode in limits:
            raise ContentError(path, where, "duplicate row")
        per_band = {}
        for band in BANDS:
            pair = require(path, where, row, band, list)
            if len(pair) != 2 or not all(isinstance(v, int) for v in pair) or pair[0] > pair[1]:
                raise ContentError(path, f"{where}, field '{band}'", "expected [lowest, highest] integers")
            per_band[band] = (pair[0], pair[1])
        covered = [score for lowest, highest in per_band.values() for score in range(lowest, highest + 1)]
        if sorted(covered) != list(range(MAX_SCORE + 1)):
            raise ContentError(path, where, f"bands must cover 0..{MAX_SCORE} once, without gaps or overlaps")
        limits[mode] = per_band
    missing = [m for m in MODES if m not in limits]
    if missing:
        raise ContentError(path, f"band for {missing[0]}", "missing")
    return Norms(name=name, kind=kind, limits=limits)


def neutral_reference_table(low_tail: float = 0.2) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int]]:
    """Band limits for a no-preference respondent: Binomial(12, 1/2).

    ``low`` is the widest range from 0 whose probability stays at or below
    ``low_tail``; ``high`` mirrors it. This is the computation behind norms.toml.
    """
    pmf = [comb(MAX_SCORE, k) / 2**MAX_SCORE for k in range(MAX_SCORE + 1)]
    cumulative, low_max = 0.0, -1
    for k, p in enumerate(pmf):
        if cumulative + p > low_tail:
            break
        cumulative += p
        low_max = k
    high_min = MAX_SCORE - low_max
    return (0, low_max), (low_max + 1, high_min - 1), (high_min, MAX_SCORE)
