"""The privacy rules (analysis.privacy), case by case, and against a lead who does the
arithmetic over any sequence of joins, imports, sharing changes, deletions and views."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import answers_for_weights, score, team_report
from analysis.norms import load_norms
from analysis.privacy import CohortState, MemberState, cohort_figures, reveal_floor, revealable, settle
from questionnaire import MODES, load_instrument
from tests.attacker import Attacker

INSTRUMENT = load_instrument()
NORMS = load_norms()


@pytest.mark.parametrize("size,revealed,waiting,floor,allowed", [
    (3, 0, 1, 2, 1),  # one of three shares: two stay unknown
    (3, 1, 1, 2, 0),  # a second would leave one: held back
    (3, 1, 2, 2, 2),  # both remaining share at once: nobody is left to expose
    (3, 0, 2, 2, 1),  # two of three at once: one may be shown, the other waits
    (3, 0, 3, 2, 3),  # the whole cohort shares
    (5, 0, 3, 2, 3),  # leaves two
    (5, 0, 4, 2, 3),  # would leave one: one waits
    (5, 2, 3, 2, 3),
    (6, 0, 4, 4, 2),  # a larger minimum group keeps more unknown (floor 4)
    (3, 3, 0, 2, 0),
])
def test_how_many_sharing_members_of_a_cohort_may_be_shown(size, revealed, waiting, floor, allowed):
    assert revealable(size, revealed, waiting, floor) == allowed
    left = size - revealed - allowed
    assert left == 0 or left >= floor or allowed == 0


def test_more_waiting_than_unknown_is_a_bug_not_a_rule():
    with pytest.raises(ValueError):
        revealable(3, 2, 2, 2)


@pytest.mark.parametrize("min_group,floor", [(2, 2), (3, 2), (4, 3), (5, 4)])
def test_the_floor_follows_the_minimum_group_but_never_drops_below_two(min_group, floor):
    assert reveal_floor(min_group) == floor


def _m(i, finished=True, share=False, revealed=False, cohort=None):
    return MemberState(i, finished, share, revealed, cohort)


@pytest.mark.parametrize("members,cohorts,reveal,new_cohort", [
    # A sharer outside every cohort is shown at once; a private one waits for company.
    ([_m(1, share=True), _m(2)], [], (1,), ()),
    ([_m(1), _m(2)], [], (), ()),
    ([_m(1), _m(2), _m(3)], [], (), (1, 2, 3)),
    ([_m(1), _m(2), _m(3), _m(4, finished=False)], [], (), (1, 2, 3)),
    # Unfinished members are in nothing; known members never enter a cohort.
    ([_m(1, share=True, revealed=True), _m(2), _m(3)], [], (), ()),
    # Inside a cohort of three: the first sharer is shown, a second is held back ...
    ([_m(1, share=True, cohort=9), _m(2, cohort=9), _m(3, cohort=9)], [CohortState(9, 3, 0)], (1,), ()),
    ([_m(1, share=True, revealed=True, cohort=9), _m(2, share=True, cohort=9), _m(3, cohort=9)],
     [CohortState(9, 3, 1)], (), ()),
    # ... until the last one shares too.
    ([_m(1, share=True, revealed=True, cohort=9), _m(2, share=True, cohort=9), _m(3, share=True, cohort=9)],
     [CohortState(9, 3, 1)], (2, 3), ()),
    # A deleted member of the cohort stays unknown: the held-back one may now be shown.
    ([_m(1, share=True, revealed=True, cohort=9), _m(2, share=True, cohort=9)], [CohortState(9, 3, 1)], (), ()),
    ([_m(2, share=True, cohort=9)], [CohortState(9, 4, 1)], (2,), ()),
])
def test_settling_a_round(members, cohorts, reveal, new_cohort):
    plan = settle(members, cohorts, 3)
    assert plan.reveal == reveal and plan.new_cohort == new_cohort


# -- a lead who does the arithmetic, over any sequence of events ---------------------------------


@dataclass
class _Member:
    id: int
    scores: dict
    finished: bool = True
    shared: bool = False
    revealed: bool = False
    cohort_id: int | None = None
    source: str = "web"
    name: str = ""


@dataclass
class _Round:
    """The storage's behaviour in memory: every event ends by settling, as storage.teams does."""
    min_group: int
    members: dict[int, _Member] = field(default_factory=dict)
    cohorts: dict[int, tuple[CohortState, object, frozenset]] = field(default_factory=dict)
    next_id: int = 1

    def _settle(self) -> None:
        states = [MemberState(m.id, m.finished, m.shared, m.revealed, m.cohort_id) for m in self.members.values()]
        plan = settle(states, [c[0] for c in self.cohorts.values()], self.min_group)
        for i in plan.reveal:
            self.members[i].revealed = True
        for cid, count in plan.revealed_in.items():
            state, figures, ids = self.cohorts[cid]
            self.cohorts[cid] = (CohortState(cid, state.size, state.revealed_count + count), figures, ids)
        if plan.new_cohort:
            cid = 100 + len(self.cohorts)
            figures = cohort_figures([self.members[i].scores for i in plan.new_cohort], NORMS)
            self.cohorts[cid] = (CohortState(cid, len(plan.new_cohort), 0), figures, frozenset(plan.new_cohort))
            for i in plan.new_cohort:
                self.members[i].cohort_id = cid

    def add(self, scores, shared=False, source="web") -> int:
        member = _Member(self.next_id, scores, shared=shared, revealed=source == "import", source=source)
        member.name = str(member.id)
        self.members[member.id] = member
        self.next_id += 1
        self._settle()
        return member.id

    def set_sharing(self, i, shared) -> None:
        self.members[i].shared = shared
        self._settle()

    def delete(self, i) -> None:
        del self.members[i]
        self._settle()

    def view(self, attacker: Attacker) -> None:
        report = team_report(list(self.members.values()), [c[1] for c in self.cohorts.values()],
                             min_group=self.min_group)
        for m in self.members.values():
            if m.revealed:  # shown once (or imported): the lead may know it for ever
                attacker.learn(m.id, m.scores)
        included = {m.id for m in self.members.values() if m.revealed and m.cohort_id is None}
        for _, _, ids in self.cohorts.values():
            included |= ids
        if report.figures is not None:
            attacker.observe(included, {mode: report.figures.means[mode] * report.figures.count for mode in MODES})
            assert report.figures.count == len(included)


def _random_scores(rng: random.Random) -> dict:
    weights = {m: rng.uniform(0.1, 5) for m in MODES}
    return dict(score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng)).scores)


EVENTS = st.lists(st.tuples(st.sampled_from(["join_private", "join_shared", "import", "share", "unshare", "delete",
                                             "view"]), st.integers(0, 10**6)), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(events=EVENTS, min_group=st.integers(2, 5), seed=st.integers(0, 10**6))
def test_no_sequence_of_events_lets_the_lead_solve_for_a_private_result(events, min_group, seed):
    rng = random.Random(seed)
    team, attacker = _Round(min_group), Attacker()
    ever_revealed: set[int] = set()
    for kind, pick in events:
        alive = sorted(team.members)
        if kind == "join_private":
            team.add(_random_scores(rng))
        elif kind == "join_shared":
            team.add(_random_scores(rng), shared=True)
        elif kind == "import":
            team.add({m: 6 for m in MODES}, source="import")  # the padding attack's made-up row
        elif kind in ("share", "unshare") and alive:
            team.set_sharing(alive[pick % len(alive)], kind == "share")
        elif kind == "delete" and alive:
            team.delete(alive[pick % len(alive)])
        team.view(attacker)  # the lead looks after every event
        ever_revealed |= {m.id for m in team.members.values() if m.revealed}
        for state, _, _ in team.cohorts.values():
            unknown = state.size - state.revealed_count
            assert unknown == 0 or unknown >= reveal_floor(min_group)
    assert attacker.recovered() <= ever_revealed


def test_the_padding_attack_finds_nothing_to_subtract():
    """The issue's attack: one private member, two made-up imported rows, 3 x mean - 6 - 6."""
    team, attacker = _Round(3), Attacker()
    private = team.add({"competing": 2, "collaborating": 10, "compromising": 7, "avoiding": 3, "accommodating": 8})
    for _ in range(2):
        team.add({m: 6 for m in MODES}, source="import")
    team.view(attacker)
    report = team_report(list(team.members.values()), [c[1] for c in team.cohorts.values()], min_group=3)
    assert report.figures.count == 2 and report.waiting == 1
    guess = {m: 3 * report.figures.means[m] - 12 for m in MODES}
    assert guess != team.members[private].scores
    assert private not in attacker.recovered()


def test_time_differencing_sees_whole_cohorts_only():
    """Look before and after each private member finishes: the figures move in groups."""
    team, attacker = _Round(3), Attacker()
    rng = random.Random(1)
    counts = []
    for _ in range(7):
        team.add(_random_scores(rng))
        team.view(attacker)
        counts.append(team_report(list(team.members.values()), [c[1] for c in team.cohorts.values()],
                                  min_group=3).included)
    assert counts == [0, 0, 3, 3, 3, 6, 6]
    assert attacker.recovered() == set()


def test_colleagues_sharing_later_cannot_expose_the_last_private_one():
    """Three private results enter the figures together; two later share; the third stays hidden."""
    team, attacker = _Round(3), Attacker()
    rng = random.Random(2)
    a, b, c = (team.add(_random_scores(rng)) for _ in range(3))
    team.view(attacker)
    team.set_sharing(a, True)
    team.set_sharing(b, True)
    team.view(attacker)
    assert team.members[a].revealed and not team.members[b].revealed  # b is held back
    assert c not in attacker.recovered() and attacker.solve(c) is None
    team.set_sharing(c, True)  # the last one shares: now both may be shown
    assert team.members[b].revealed and team.members[c].revealed
