"""A team round's results, summarised for its lead, with the privacy rules applied (pure).

What goes in (analysis/privacy.py explains why):

- individual rows only of members the lead may see: they share and have been revealed, or
  the lead imported them; their names only when they share;
- the team's figures (means, place on the map, most used modes, blind spots) over the
  results the lead knows plus the frozen totals of the cohorts of private results. A private
  result that has not entered a cohort yet is in no figure at all.

Members are any objects with the attributes of ``TeamMember``, such as storage.Member;
cohorts are ``analysis.privacy.CohortFigures``.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from questionnaire import MODES
from questionnaire.playbook import Situation, load_playbook

from .norms import Norms, load_norms
from .privacy import CohortFigures, cohort_figures
from .scoring import TOTAL, axes_position, rank_modes

__all__ = [
    "BlindSpot", "Comparison", "GroupFigures", "ModeDifference", "SharedRow", "Strength", "TeamFigures",
    "TeamReport", "BLIND_SPOT_SHARE", "DEFAULT_MIN_GROUP", "PERSON_VARIANCE", "compare_groups", "named_members",
    "situation_fit",
    "team_report",
]

DEFAULT_MIN_GROUP = 3
BLIND_SPOT_SHARE = 0.25  # a mode that fewer than a quarter of the team use at least moderately
# How much one mode's score varies from person to person, assumed rather than measured from the
# team (a variance computed from private results would be one more figure to solve for): the
# forced-choice design alone scatters a stable preference by 12 * 1/4 = 3, and people differ on
# top of that; 6 (a standard deviation of about 2.4 points) is a cautious middle.
PERSON_VARIANCE = 6.0
STRONGEST = 2  # names shown per situation


class TeamMember(Protocol):
    name: str | None
    finished: bool
    shared: bool  # the member's current decision (imports: what the lead ticked)
    revealed: bool
    cohort_id: int | None
    source: str  # "web" or "import"
    scores: Mapping[str, int] | None
    # The answers follow a pattern (analysis.patterns) or None. Optional: a member without
    # the attribute counts as not flagged.
    pattern: str | None


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
    imported: bool


@dataclass(frozen=True)
class GroupFigures:
    """A group's mean scores, as a comparison needs them."""
    count: int
    means: Mapping[str, float]
    noise_sd: float = 0.0  # standard deviation of deliberate noise in each mean (organisation)


@dataclass(frozen=True)
class TeamFigures(GroupFigures):
    position: tuple[float, float] = (0.5, 0.5)  # (assertiveness, cooperativeness) of the mean profile
    dominant: Mapping[str, int] | None = None  # mode -> members for whom it is the most used
    users: Mapping[str, int] | None = None  # mode -> members who use it at least moderately
    blind_spots: tuple[BlindSpot, ...] = ()


@dataclass(frozen=True)
class TeamReport:
    started: int
    finished: int
    sharing: int  # finished members who share with the lead (shown or held back)
    held_back: int  # of those, shown later, when that can no longer expose a colleague
    waiting: int  # private results not in the figures yet (they enter in groups)
    min_group: int
    shared: tuple[SharedRow, ...]  # named rows: sharing members the lead may see, shared imports
    visible: tuple[Mapping[str, int], ...]  # every result the lead may see on its own (dots, no names)
    figures: TeamFigures | None  # None while no result is in the figures
    strengths: tuple[Strength, ...]  # from named rows only, flagged answer patterns left out
    patterned: int = 0  # named rows left out of ``strengths``: their answers follow a pattern

    @property
    def included(self) -> int:
        return self.figures.count if self.figures else 0


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
    return sum(scores[f.mode] * f.fit for f in situation.modes)


def team_report(
    members: Iterable[TeamMember], cohorts: Iterable[CohortFigures] = (), *, min_group: int = DEFAULT_MIN_GROUP,
    lang: str = "en", norms: Norms | None = None, viewer: str = "lead",
) -> TeamReport:
    """The round as its lead sees it, or (``viewer="coach"``) as a coach the lead granted the
    team to.

    A coach's figures are over the results members share now, and nothing else: no cohort
    totals of private results, no result the lead knows for another reason. The lead's rules
    keep a cohort safe against what the *lead* knows, and the lead's knowledge only grows; a
    coach's does not follow it (a member who shared, was seen by the lead and stopped is the
    lead's knowledge, not the coach's). A cohort total that a coach saw once could then, after
    its other members share, give away the one who stopped; totals over shared results alone
    cannot give away anyone."""
    if viewer not in ("lead", "coach"):
        raise ValueError(f"unknown viewer {viewer!r}")
    members = list(members)
    cohorts = list(cohorts)
    norms = norms or load_norms()
    playbook = load_playbook(lang)
    done = [m for m in members if m.finished and m.scores is not None]
    # Members reviewing a flagged result whose old one is still in the figures (a cohort's total,
    # storage.Store.reopen) count as finished: a drop in the count would tell the lead that a
    # result inside a total was all A or all B, the flat profile, and so help take the total apart.
    reviewing = [m for m in members if not m.finished and m.cohort_id is not None]
    imported = [m for m in done if m.source == "import"]
    web = [m for m in done if m.source != "import"]
    shown = [m for m in web if m.shared and m.revealed]
    named = named_members(done)
    shared_rows = tuple(SharedRow(m.name or "", dict(m.scores), rank_modes(m.scores)[0], m.source == "import")
                        for m in named)
    # A profile from answers that follow a pattern (all A, alternating...) says little about
    # the person, so it names nobody as best suited. It is a result like any other for the
    # figures: leaving it out of them would be one more difference to solve for.
    backers = [m for m in named if not _patterned(m)]
    strengths = tuple(Strength(s, _strongest(backers, s)) for s in playbook.situations) if backers else ()
    lead_knows = viewer == "lead"
    visible = tuple(dict(m.scores) for m in (shown + imported if lead_knows else named))

    # Known results outside every cohort, then each cohort's frozen totals.
    if lead_knows:
        known = [m.scores for m in done if m.revealed and m.cohort_id is None]  # imports are revealed
        parts = ([cohort_figures(known, norms)] if known else []) + cohorts
    else:
        parts = [cohort_figures([m.scores for m in named], norms)] if named else []
    figures = _team_figures(parts, playbook) if parts else None
    waiting = sum(1 for m in web if not m.revealed and m.cohort_id is None) if lead_knows else 0
    return TeamReport(
        started=len(members), finished=len(done) + len(reviewing), sharing=sum(1 for m in web if m.shared),
        held_back=sum(1 for m in web if m.shared and not m.revealed), waiting=waiting, min_group=min_group,
        shared=shared_rows, visible=visible, figures=figures, strengths=strengths,
        patterned=len(named) - len(backers),
    )


def _patterned(member: TeamMember) -> bool:
    return getattr(member, "pattern", None) is not None


def named_members(members: Iterable[TeamMember]) -> list:
    """The finished members the lead may see by name, with their individual result: those who
    share and have been revealed, then the imports the lead marked as shared. The dashboard's
    named rows and the personal reports a lead or coach may print are exactly these."""
    done = [m for m in members if m.finished and m.scores is not None]
    return ([m for m in done if m.source != "import" and m.shared and m.revealed]
            + [m for m in done if m.source == "import" and m.shared])


def _team_figures(parts: Sequence[CohortFigures], playbook) -> TeamFigures:
    count = sum(p.size for p in parts)
    totals = {m: sum(p.total[m] for p in parts) for m in MODES}
    users = {m: sum(p.users[m] for p in parts) for m in MODES}
    dominant = {m: sum(p.top[m] for p in parts) for m in MODES}
    means = {m: totals[m] / count for m in MODES}
    # The map position is linear in the scores, so the team's is that of its mean profile.
    position = axes_position({m: means[m] * TOTAL / sum(means.values()) for m in MODES})
    blind_spots = []
    for mode in MODES:
        if users[mode] < BLIND_SPOT_SHARE * count:
            best = tuple(s for s in playbook.situations if s.fit(mode).fit == max(f.fit for f in s.modes))
            blind_spots.append(BlindSpot(mode, users[mode], best))
    return TeamFigures(count=count, means=means, position=position, dominant=dominant, users=users,
                       blind_spots=tuple(blind_spots))


def _strongest(shared: list[TeamMember], situation: Situation) -> tuple[str, ...]:
    """The STRONGEST best suited members, and anyone tied with the last of them."""
    if not shared:
        return ()
    ranked = sorted(((situation_fit(m.scores, situation), index, m) for index, m in enumerate(shared)),
                    key=lambda entry: (-entry[0], entry[1]))
    cut = ranked[min(STRONGEST, len(ranked)) - 1][0]
    return tuple(m.name or "" for fit, _, m in ranked if fit >= cut)


def compare_groups(a: GroupFigures | None, b: GroupFigures | None, *, min_group: int = DEFAULT_MIN_GROUP
                   ) -> Comparison:
    """Mean score per mode in two groups, with the difference and whether it is within noise.

    The noise is the half-width of a 95 % interval for a difference of means:
    1.96 * sqrt(PERSON_VARIANCE / n_a + PERSON_VARIANCE / n_b + sd_a² + sd_b²), where sd is the
    deliberate noise a group's means carry (the organisation's differentially private figures).
    """
    size_a, size_b = (a.count if a else 0), (b.count if b else 0)
    if size_a < max(min_group, 2) or size_b < max(min_group, 2):
        return Comparison(size_a, size_b, None)
    noise = 1.96 * math.sqrt(PERSON_VARIANCE / size_a + PERSON_VARIANCE / size_b + a.noise_sd ** 2
                             + b.noise_sd ** 2)
    modes = []
    for mode in MODES:
        mean_a, mean_b = a.means[mode], b.means[mode]
        modes.append(ModeDifference(mode, mean_a, mean_b, mean_a - mean_b, noise, abs(mean_a - mean_b) < noise))
    return Comparison(size_a, size_b, tuple(modes))
