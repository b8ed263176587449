"""A team's results, summarised for its lead (pure).

Privacy is enforced here, not in the pages: individual rows (names, scores, who is
strong where) come only from members who agreed to share with their lead, and every
aggregate is None when fewer than ``min_group`` members have finished, or when the
members keeping their result private are more than none but fewer than ``min_group``:
next to the shared rows, the totals would then give those few results away (one private
member's scores are simply the team's sum minus the shared ones).

Members are any objects with ``name``, ``shared``, ``finished`` and ``scores``
(a mapping of the five modes, or None before they finish), such as storage.Member.
"""
from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from questionnaire import MODES
from questionnaire.playbook import Situation, load_playbook

from .norms import MAX_SCORE, Norms, load_norms
from .scoring import axes_position, rank_modes

__all__ = [
    "BlindSpot", "Comparison", "ModeDifference", "ModeSpread", "SharedRow", "Strength", "TeamReport",
    "DEFAULT_MIN_GROUP", "BLIND_SPOT_SHARE", "compare_groups", "situation_fit", "team_report",
]

DEFAULT_MIN_GROUP = 3
BLIND_SPOT_SHARE = 0.25  # a mode that fewer than a quarter of the team use at least moderately
# The spread of one person's score around their true value, from the forced-choice design:
# a mode is offered 12 times, so even a stable preference scatters by about sqrt(12 * 1/4).
MEASUREMENT_VARIANCE = MAX_SCORE * 0.25
STRONGEST = 2  # names shown per situation


class MemberLike(Protocol):
    name: str | None
    shared: bool
    finished: bool
    scores: Mapping[str, int] | None


@dataclass(frozen=True)
class ModeSpread:
    mode: str
    scores: tuple[int, ...]  # every finished member's score, sorted (dots, no names)
    median: float
    mean: float
    q1: float
    q3: float


@dataclass(frozen=True)
class BlindSpot:
    mode: str
    users: int  # members who use the mode at least moderately (medium or high band)
    situations: tuple[Situation, ...]  # where the playbook says this mode works best


@dataclass(frozen=True)
class Strength:
    situation: Situation
    names: tuple[str, ...]  # sharing members whose profile fits the situation best


@dataclass(frozen=True)
class SharedRow:
    name: str
    scores: Mapping[str, int]
    top_modes: tuple[str, ...]


@dataclass(frozen=True)
class TeamReport:
    started: int
    finished: int
    private: int  # finished members who keep their result to themselves
    min_group: int
    shared: tuple[SharedRow, ...]  # only members who agreed, finished ones only
    # The aggregates; all None while fewer than min_group members have finished.
    spreads: dict[str, ModeSpread] | None
    position: tuple[float, float] | None  # mean (assertiveness, cooperativeness)
    dominant: dict[str, int] | None  # mode -> members for whom it is the (possibly tied) top mode
    blind_spots: tuple[BlindSpot, ...] | None
    strengths: tuple[Strength, ...]  # from shared members only

    @property
    def visible(self) -> bool:
        return self.spreads is not None

    @property
    def hidden_reason(self) -> str | None:
        """None when visible; "too_few" finished, or "few_private" (totals would expose them)."""
        if self.visible:
            return None
        return "too_few" if self.finished < self.min_group else "few_private"


@dataclass(frozen=True)
class ModeDifference:
    mode: str
    mean_a: float
    mean_b: float
    difference: float  # a - b
    noise: float  # half-width of the 95 % interval of the difference
    within_noise: bool


@dataclass(frozen=True)
class Comparison:
    size_a: int
    size_b: int
    modes: tuple[ModeDifference, ...] | None  # None when either group is below min_group


def situation_fit(scores: Mapping[str, int], situation: Situation) -> int:
    """How well a profile suits a situation: each mode's score weighted by its fit there."""
    return sum(scores[m] * situation.fit(m).fit for m in MODES)


def _quartiles(values: Sequence[int]) -> tuple[float, float]:
    if len(values) < 2:
        return float(values[0]), float(values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def team_report(
    members: Iterable[MemberLike], *, min_group: int = DEFAULT_MIN_GROUP, lang: str = "en",
    norms: Norms | None = None,
) -> TeamReport:
    members = list(members)
    norms = norms or load_norms()
    playbook = load_playbook(lang)
    done = [m for m in members if m.finished and m.scores is not None]
    shared = [m for m in done if m.shared]
    shared_rows = tuple(
        SharedRow(m.name or "", dict(m.scores), rank_modes(m.scores)[0]) for m in shared
    )
    strengths = tuple(
        Strength(situation, _strongest(shared, situation)) for situation in playbook.situations
    ) if shared else ()

    private = len(done) - len(shared)
    if len(done) < max(min_group, 1) or 0 < private < min_group:
        return TeamReport(len(members), len(done), private, min_group, shared_rows, None, None, None, None,
                          strengths)

    spreads = {}
    for mode in MODES:
        values = sorted(m.scores[mode] for m in done)
        q1, q3 = _quartiles(values)
        spreads[mode] = ModeSpread(mode, tuple(values), statistics.median(values), statistics.fmean(values), q1, q3)
    positions = [axes_position(m.scores) for m in done]
    position = (statistics.fmean(p[0] for p in positions), statistics.fmean(p[1] for p in positions))
    dominant = {mode: 0 for mode in MODES}
    for member in done:
        for mode in rank_modes(member.scores)[0]:
            dominant[mode] += 1
    blind_spots = []
    for mode in MODES:
        users = sum(1 for m in done if norms.band(mode, m.scores[mode]) != "low")
        if users < BLIND_SPOT_SHARE * len(done):
            best = tuple(s for s in playbook.situations if s.fit(mode).fit == max(f.fit for f in s.modes))
            blind_spots.append(BlindSpot(mode, users, best))
    return TeamReport(len(members), len(done), private, min_group, shared_rows, spreads, position, dominant,
                      tuple(blind_spots), strengths)


def _strongest(shared: list[MemberLike], situation: Situation) -> tuple[str, ...]:
    ranked = sorted(shared, key=lambda m: -situation_fit(m.scores, situation))
    if not ranked:
        return ()
    cut = situation_fit(ranked[min(STRONGEST, len(ranked)) - 1].scores, situation)
    return tuple(m.name or "" for m in ranked if situation_fit(m.scores, situation) >= cut)


def compare_groups(
    a: Sequence[Mapping[str, int]], b: Sequence[Mapping[str, int]], *, min_group: int = DEFAULT_MIN_GROUP,
) -> Comparison:
    """Mean score per mode in two groups, with the difference and whether it is within noise.

    The noise is the half-width of a 95 % interval for a difference of means: 1.96 times
    the square root of var_a/n_a + var_b/n_b, where each variance is the group's own but at
    least the measurement variance of a single score, so small, uniform groups are not
    over-read.
    """
    if len(a) < max(min_group, 2) or len(b) < max(min_group, 2):
        return Comparison(len(a), len(b), None)
    modes = []
    for mode in MODES:
        va, vb = [s[mode] for s in a], [s[mode] for s in b]
        var_a = max(statistics.variance(va), MEASUREMENT_VARIANCE)
        var_b = max(statistics.variance(vb), MEASUREMENT_VARIANCE)
        noise = 1.96 * math.sqrt(var_a / len(va) + var_b / len(vb))
        mean_a, mean_b = statistics.fmean(va), statistics.fmean(vb)
        modes.append(ModeDifference(mode, mean_a, mean_b, mean_a - mean_b, noise, abs(mean_a - mean_b) < noise))
    return Comparison(len(a), len(b), tuple(modes))
