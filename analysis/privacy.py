"""What a team lead may learn about their members: the rules, as pure functions.

The model (README, "Privacy model"):

- A result is **known** to the lead when the lead could see it on its own: the member shared
  it and it was shown, or the lead imported it. Once known, always known: what a lead saw
  yesterday they still know today, even if the member stops sharing (they are then no longer
  *shown*, but still count as known here).
- Every other finished result is **private**. Private results enter the team's figures only
  in **cohorts**: groups of at least ``min_group`` private results, frozen when they are
  formed. The figures are the known results plus the cohorts' totals. So every change in the
  figures adds a whole cohort, never one person, and imported rows, which the lead knows,
  never make a private result countable: the padding attack finds nothing to subtract.
- A cohort's totals stay as they were released; a member who later deletes their result
  remains inside that anonymous total (and is otherwise gone).
- A member of a cohort may start sharing later. Their result is then shown only if at least
  ``floor`` members of the cohort stay unknown (or none does): otherwise the cohort's total
  minus the shown results would be the last private member's result. Such a shared result is
  **held back** until it can be shown safely (for example when the last one shares too).

So whatever the lead has seen, at any time, each private result is only ever inside a total
over at least ``floor`` people the lead does not know.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from questionnaire import MODES

from .norms import Norms
from .scoring import rank_modes

__all__ = [
    "MemberState", "CohortState", "CohortFigures", "Settlement", "cohort_figures", "reveal_floor", "revealable",
    "settle",
]


@dataclass(frozen=True)
class MemberState:
    id: int
    finished: bool
    share: bool  # the member's current decision
    revealed: bool  # the lead could see this result on its own at some time (or imported it)
    cohort_id: int | None


@dataclass(frozen=True)
class CohortState:
    id: int
    size: int  # members when it was formed (deleted ones included)
    revealed_count: int  # members the lead has been shown since (never decreases)


@dataclass(frozen=True)
class CohortFigures:
    """What a cohort adds to its round's figures, per mode."""
    size: int
    total: Mapping[str, int]  # sum of the members' scores
    users: Mapping[str, int]  # members in the medium or high band
    top: Mapping[str, int]  # members for whom it is (one of) the most used


@dataclass(frozen=True)
class Settlement:
    """What must change so the round satisfies the rules again."""
    reveal: tuple[int, ...]  # members the lead may now see
    revealed_in: Mapping[int, int]  # cohort id -> how many of ``reveal`` belong to it
    new_cohort: tuple[int, ...]  # private members that now form a cohort (empty: none)

    @property
    def empty(self) -> bool:
        return not self.reveal and not self.new_cohort


def reveal_floor(min_group: int) -> int:
    """How many members of a cohort must stay unknown when some of it is shown (or none)."""
    return max(2, min_group - 1)


def revealable(size: int, revealed_count: int, waiting: int, floor: int) -> int:
    """How many of ``waiting`` sharing members of a cohort may be shown now.

    All of them when that leaves no unknown member or at least ``floor``; otherwise as many
    as keep ``floor`` unknown (possibly none).
    """
    unknown = size - revealed_count
    if waiting < 0 or waiting > unknown:
        raise ValueError("more members waiting than the cohort has unknown members")
    if unknown - waiting == 0 or unknown - waiting >= floor:
        return waiting
    return max(0, unknown - floor)


def settle(members: Iterable[MemberState], cohorts: Iterable[CohortState], min_group: int) -> Settlement:
    """The reveals and the new cohort that bring a round's state in line with the rules.

    Members are every current member of one round (imports are ``revealed`` already).
    Deterministic: among members waiting in a cohort, the lowest ids are shown first.
    """
    if min_group < 2:
        raise ValueError("the minimum group is at least 2")
    floor = reveal_floor(min_group)
    members = list(members)
    cohorts_by_id = {c.id: c for c in cohorts}
    reveal: list[int] = []
    revealed_in: dict[int, int] = {}

    waiting: dict[int, list[int]] = {}
    for m in members:
        if not (m.finished and m.share and not m.revealed):
            continue
        if m.cohort_id is None:
            reveal.append(m.id)  # never inside a released total: showing it exposes nobody
        else:
            waiting.setdefault(m.cohort_id, []).append(m.id)
    for cohort_id, ids in sorted(waiting.items()):
        cohort = cohorts_by_id.get(cohort_id)
        if cohort is None:
            raise ValueError(f"member of unknown cohort {cohort_id}")
        allowed = revealable(cohort.size, cohort.revealed_count, len(ids), floor)
        if allowed:
            reveal.extend(sorted(ids)[:allowed])
            revealed_in[cohort_id] = allowed

    shown = set(reveal)
    pending = [m.id for m in members
               if m.finished and not m.revealed and m.cohort_id is None and m.id not in shown]
    new_cohort = tuple(sorted(pending)) if len(pending) >= min_group else ()
    return Settlement(tuple(reveal), revealed_in, new_cohort)


def cohort_figures(rows: Iterable[Mapping[str, int]], norms: Norms) -> CohortFigures:
    """A cohort's totals as they are frozen: per mode the sum of the scores, how many use it
    at least moderately (medium or high band), and for how many it is the most used (a tie
    counts for each tied mode)."""
    rows = list(rows)
    return CohortFigures(
        size=len(rows),
        total={m: sum(r[m] for r in rows) for m in MODES},
        users={m: sum(1 for r in rows if norms.band(m, r[m]) != "low") for m in MODES},
        top={m: sum(1 for r in rows if m in rank_modes(r)[0]) for m in MODES},
    )
