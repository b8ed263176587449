"""A team's figures over its rounds, for the trend a lead sees per mode (pure).

The rounds come in with the figures the dashboard already shows for each of them, after the
privacy rules (analysis/team.py): a round whose figures are hidden gives None and is left out,
so the trend shows nothing a lead could not see round by round.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from questionnaire import MODES

from .team import PERSON_VARIANCE, GroupFigures

__all__ = ["MIN_ROUNDS", "Trend", "TrendRound", "team_trend"]

# Two points make a line through anything; from three on, a lead can tell a drift from a wobble.
MIN_ROUNDS = 3


@dataclass(frozen=True)
class TrendRound:
    number: int
    count: int  # results in the round's figures
    means: Mapping[str, float]
    noise: float  # half-width of the 95 % interval of each mode's mean in this round


@dataclass(frozen=True)
class Trend:
    rounds: tuple[TrendRound, ...]  # the rounds with figures, by number

    @property
    def shown(self) -> bool:
        return len(self.rounds) >= MIN_ROUNDS


def team_trend(rounds: Sequence[tuple[int, GroupFigures | None]]) -> Trend:
    """The rounds that have figures, in order, each with its means and their noise:
    1.96 * sqrt(PERSON_VARIANCE / count + noise_sd²), the one-group half of the interval
    ``compare_groups`` puts around a difference (noise_sd is 0 for a team's own figures)."""
    numbers = [number for number, _ in rounds]
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"a round appears more than once: {sorted(numbers)}")
    kept = []
    for number, figures in sorted(rounds, key=lambda entry: entry[0]):
        if figures is None:
            continue
        if figures.count < 1:
            raise ValueError(f"round {number} has figures over {figures.count} results")
        missing = [m for m in MODES if m not in figures.means]
        if missing:
            raise ValueError(f"round {number} has no mean for {', '.join(missing)}")
        noise = 1.96 * math.sqrt(PERSON_VARIANCE / figures.count + figures.noise_sd ** 2)
        kept.append(TrendRound(number, figures.count, {m: figures.means[m] for m in MODES}, noise))
    return Trend(tuple(kept))
