"""Scoring the 30-pair questionnaire into a conflict-mode profile (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from questionnaire import CHOICES, MODES, Instrument, mode_positions

from .norms import MAX_SCORE, Norms, load_norms

__all__ = ["Profile", "score", "profile_from_scores", "rank_modes", "axes_position", "TOTAL"]

TOTAL = 30  # one point per item


@dataclass(frozen=True)
class Profile:
    """A respondent's scores and what follows from them."""

    scores: Mapping[str, int]
    ranking: tuple[tuple[str, ...], ...]  # groups of tied modes, most used first
    bands: Mapping[str, str]
    assertiveness: float  # 0..1
    cooperativeness: float  # 0..1
    norms: str  # name of the norm table the bands come from

    @property
    def top_modes(self) -> tuple[str, ...]:
        return self.ranking[0]

    @property
    def lowest_modes(self) -> tuple[str, ...]:
        return self.ranking[-1] if len(self.ranking) > 1 else ()

    def rank(self, mode: str) -> int:
        """Competition rank: tied modes share a rank and the next rank is skipped (1, 1, 3…)."""
        position = 1
        for group in self.ranking:
            if mode in group:
                return position
            position += len(group)
        raise ValueError(f"unknown mode {mode!r}")


def score(instrument: Instrument, answers: Mapping[str, str], norms: Norms | None = None) -> Profile:
    """Score a complete answer set: item id -> "A" or "B".

    Raises ValueError naming the item for a missing answer, an unknown item id or
    an answer other than "A"/"B", so a tampered or partial submission is refused
    rather than scored.
    """
    if not isinstance(answers, Mapping):
        raise ValueError("answers must be a mapping of item id to 'A' or 'B'")
    known = set(instrument.ids)
    unknown = sorted(str(k) for k in answers if k not in known)
    if unknown:
        raise ValueError(f"unknown item {unknown[0]!r} in the answers")
    missing = [item_id for item_id in instrument.ids if item_id not in answers]
    if missing:
        raise ValueError(f"item {missing[0]} is not answered ({len(missing)} missing)")
    scores = dict.fromkeys(MODES, 0)
    for item in instrument.items:
        choice = answers[item.id]
        if choice not in CHOICES:
            raise ValueError(f"item {item.id}: answer must be 'A' or 'B', got {choice!r}")
        scores[item.statement(choice).mode] += 1
    return profile_from_scores(scores, norms)


def profile_from_scores(scores: Mapping[str, int], norms: Norms | None = None) -> Profile:
    """Build a profile from the five mode scores (from scoring, storage or an import)."""
    norms = norms or load_norms()
    if set(scores) != set(MODES):
        raise ValueError(f"scores must name exactly the modes {', '.join(MODES)}")
    clean: dict[str, int] = {}
    for mode in MODES:
        value = scores[mode]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
            raise ValueError(f"score for {mode} must be an integer 0..{MAX_SCORE}, got {value!r}")
        clean[mode] = value
    if sum(clean.values()) != TOTAL:
        raise ValueError(f"the five scores must sum to {TOTAL}, not {sum(clean.values())}")
    assertiveness, cooperativeness = axes_position(clean)
    return Profile(
        scores=MappingProxyType(clean),
        ranking=rank_modes(clean),
        bands=MappingProxyType({m: norms.band(m, clean[m]) for m in MODES}),
        assertiveness=assertiveness,
        cooperativeness=cooperativeness,
        norms=norms.name,
    )


def rank_modes(scores: Mapping[str, int]) -> tuple[tuple[str, ...], ...]:
    """Modes grouped by equal score, highest first; ties stay together in MODES order."""
    levels = sorted(set(scores.values()), reverse=True)
    return tuple(tuple(m for m in MODES if scores[m] == level) for level in levels)


def axes_position(scores: Mapping[str, int]) -> tuple[float, float]:
    """(assertiveness, cooperativeness) in 0..1: the score-weighted mean of the modes' places.

    A respondent with no preference (6 everywhere) sits at the centre (0.5, 0.5).
    """
    positions = mode_positions()
    total = sum(scores.values())
    if total <= 0:
        raise ValueError("scores must not all be zero")
    assertiveness = sum(scores[m] * positions[m][0] for m in MODES) / total
    cooperativeness = sum(scores[m] * positions[m][1] for m in MODES) / total
    return round(assertiveness, 4), round(cooperativeness, 4)
