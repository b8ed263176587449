"""Part 2: the scenario choices, next to the recommended approach (pure).

Each scenario's choice is the mode of the response the agent picked. The
scenario profile is how often each mode was chosen, set beside the Part 1
profile as shares of all choices, so the two can be read on one scale: the 30
pairs of Part 1 give 30 choices, the scenarios one choice each.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from questionnaire import MODES, load_catalog, load_mode_texts
from questionnaire.playbook import ModeFit, Scenario, Situation, load_playbook

from .interpretation import join_names
from .scoring import TOTAL, Profile

__all__ = ["ScenarioOutcome", "ScenarioReading", "check_scenario_answers", "read_scenarios"]


@dataclass(frozen=True)
class ScenarioOutcome:
    scenario: Scenario
    situation: Situation
    chosen: str | None  # None when the scenario was skipped
    recommended: ModeFit
    chosen_fit: ModeFit | None

    @property
    def matched(self) -> bool:
        return self.chosen == self.recommended.mode


@dataclass(frozen=True)
class ScenarioReading:
    outcomes: tuple[ScenarioOutcome, ...]
    counts: Mapping[str, int]  # mode -> scenarios answered with it
    answered: int
    matched: int
    shares: Mapping[str, float]  # Part 2: counts / answered
    profile_shares: Mapping[str, float]  # Part 1: score / 30
    most_chosen: tuple[str, ...]  # the mode(s) chosen most often, ties kept
    headline: str


def check_scenario_answers(answers: Mapping[str, str], lang: str = "en") -> None:
    """Raise ValueError naming the scenario when an answer is not a valid choice."""
    known = set(load_playbook(lang).scenario_ids)
    for scenario_id, mode in answers.items():
        if scenario_id not in known:
            raise ValueError(f"unknown scenario {scenario_id!r}")
        if mode not in MODES:
            raise ValueError(f"scenario {scenario_id}: unknown mode {mode!r}")


def read_scenarios(answers: Mapping[str, str], profile: Profile, lang: str = "en") -> ScenarioReading:
    """Per-scenario outcomes and the scenario profile, in ``lang``."""
    check_scenario_answers(answers, lang)
    playbook = load_playbook(lang)
    catalog = load_catalog(lang)
    names = {m: t.name for m, t in load_mode_texts(lang).items()}

    outcomes = []
    for scenario in playbook.scenarios:
        situation = playbook.situation(scenario.situation)
        chosen = answers.get(scenario.id)
        outcomes.append(ScenarioOutcome(
            scenario, situation, chosen, situation.fit(scenario.recommended),
            situation.fit(chosen) if chosen else None,
        ))
    counts = {m: sum(1 for o in outcomes if o.chosen == m) for m in MODES}
    answered = sum(counts.values())
    shares = {m: counts[m] / answered if answered else 0.0 for m in MODES}
    profile_shares = {m: profile.scores[m] / TOTAL for m in MODES}
    top = max(counts.values()) if answered else 0
    most_chosen = tuple(m for m in MODES if answered and counts[m] == top)

    if not answered:
        headline = catalog.t("scenario_results.headline_none")
    else:
        chosen_names = join_names([names[m] for m in most_chosen], lang)
        key = "scenario_results.headline_same" if set(most_chosen) & set(profile.top_modes) else "scenario_results.headline_shift"
        headline = catalog.t(
            key, modes=chosen_names, count=top, total=answered,
            profile_modes=join_names([names[m] for m in profile.top_modes], lang),
        )
    return ScenarioReading(
        outcomes=tuple(outcomes), counts=counts, answered=answered,
        matched=sum(1 for o in outcomes if o.matched), shares=shares, profile_shares=profile_shares,
        most_chosen=most_chosen, headline=headline,
    )
