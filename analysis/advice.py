"""Which advice a profile needs, and why (pure).

The rules are data: ``playbook_notes.csv`` holds one row per (situation, mode,
level) with a *care* weight, and the playbook texts hold the note for each row.
A row applies when its mode is at that level in the agent's profile:

- high: the mode's band is high, or it is the agent's most used mode;
- low: the mode's band is low, or it is the agent's least used mode.

(So every profile that is not perfectly flat meets at least two notes in every
situation.) A situation's *need* is the sum of care x intensity over the rows that
apply, where intensity is how far the score lies from the middle of the scale.
Cards come most needed first; the playbook's own order breaks ties.

Part 2 answers, when given, add to this: choosing a response whose mode harms or
risks the situation (fit below 0) raises that situation's need, with a reason.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from questionnaire import MODES, load_mode_texts
from questionnaire.playbook import Playbook, Principle, Situation, load_playbook

from .norms import MAX_SCORE
from .scoring import Profile

__all__ = ["AdviceCard", "PrincipleCard", "Reason", "advise", "mode_levels", "principles_for"]

_MIDDLE = MAX_SCORE / 2
_MIN_INTENSITY = 1 / MAX_SCORE  # a top mode just above the middle still counts a little
_SCENARIO_WEIGHT = 0.5  # per step of misfit of the mode chosen in Part 2


@dataclass(frozen=True)
class Reason:
    mode: str  # the profile's mode this reason is about
    kind: str  # "high", "low", "flat" or "scenario"
    weight: float
    sentence: str  # "Avoiding is your most used mode (10 of 12)."
    note: str | None  # what to watch for, from the playbook

    @property
    def text(self) -> str:
        return f"{self.sentence} {self.note}" if self.note else self.sentence


@dataclass(frozen=True)
class AdviceCard:
    situation: Situation
    need: float
    reasons: tuple[Reason, ...]  # weightiest first; never empty

    @property
    def id(self) -> str:
        return self.situation.id

    @property
    def reason(self) -> Reason:
        return self.reasons[0]


@dataclass(frozen=True)
class PrincipleCard:
    principle: Principle
    reasons: tuple[Reason, ...]  # empty when the principle is not stressed for this profile


def mode_levels(profile: Profile) -> dict[str, str | None]:
    """Each mode's level in the profile: "high", "low" or None (middle, or a flat profile)."""
    flat = len(profile.top_modes) == len(MODES)
    levels: dict[str, str | None] = {}
    for mode in MODES:
        band = profile.bands[mode]
        if band == "high" or (not flat and mode in profile.top_modes):
            levels[mode] = "high"
        elif band == "low" or (not flat and mode in profile.lowest_modes):
            levels[mode] = "low"
        else:
            levels[mode] = None
    return levels


def _intensity(score: int, level: str) -> float:
    distance = score - _MIDDLE if level == "high" else _MIDDLE - score
    return max(distance / _MIDDLE, _MIN_INTENSITY)


def _sentence(playbook: Playbook, profile: Profile, mode: str, level: str, name: str) -> str:
    score = profile.scores[mode]
    if level == "high":
        key = "high_top" if profile.top_modes == (mode,) else "high"
    else:
        key = "low_lowest" if profile.lowest_modes == (mode,) else "low"
    return playbook.reasons[key].format(mode=name, score=score, max=MAX_SCORE)


def advise(
    profile: Profile, lang: str = "en", scenario_choices: Mapping[str, str] | None = None
) -> tuple[AdviceCard, ...]:
    """The advice cards for ``profile``, the ones it needs most first.

    ``scenario_choices`` maps Part 2 scenario ids to the mode of the response the agent chose.
    """
    playbook = load_playbook(lang)
    names = {m: t.name for m, t in load_mode_texts(lang).items()}
    levels = mode_levels(profile)
    chosen = {playbook.scenario(sid).situation: mode for sid, mode in (scenario_choices or {}).items()}

    cards = []
    for index, situation in enumerate(playbook.situations):
        reasons = []
        for mode in MODES:
            level = levels[mode]
            if level is None:
                continue
            note = playbook.note(situation.id, mode, level)
            reasons.append(Reason(
                mode, level, note.care * _intensity(profile.scores[mode], level),
                _sentence(playbook, profile, mode, level, names[mode]), note.text,
            ))
        mode = chosen.get(situation.id)
        if mode is not None and situation.fit(mode).fit < 0:
            reasons.append(Reason(
                mode, "scenario", -situation.fit(mode).fit * _SCENARIO_WEIGHT,
                playbook.reasons["scenario"].format(mode=names[mode]), situation.fit(mode).why,
            ))
        if not reasons:  # a flat profile: point to the mode that fits best
            best = situation.best_mode
            reasons.append(Reason(
                best, "flat", 0.0, playbook.reasons["flat"].format(mode=names[best]), situation.fit(best).why
            ))
        reasons.sort(key=lambda r: (-r.weight, r.kind != "high"))  # most used first among equals, then MODES order
        need = round(sum(r.weight for r in reasons), 6)
        cards.append((index, AdviceCard(situation, need, tuple(reasons))))
    cards.sort(key=lambda c: (-c[1].need, c[0]))
    return tuple(card for _, card in cards)


def principles_for(profile: Profile, lang: str = "en") -> tuple[PrincipleCard, ...]:
    """The general principles, those stressed by the profile's pattern first."""
    playbook = load_playbook(lang)
    names = {m: t.name for m, t in load_mode_texts(lang).items()}
    levels = mode_levels(profile)
    ranked = []
    for index, principle in enumerate(playbook.principles):
        reasons = tuple(
            Reason(mode, level, _intensity(profile.scores[mode], level),
                   _sentence(playbook, profile, mode, level, names[mode]), None)
            for mode, level in principle.emphasis if levels[mode] == level
        )
        reasons = tuple(sorted(reasons, key=lambda r: -r.weight))
        ranked.append((-round(sum(r.weight for r in reasons), 6), index, PrincipleCard(principle, reasons)))
    ranked.sort(key=lambda r: r[:2])
    return tuple(card for _, _, card in ranked)
