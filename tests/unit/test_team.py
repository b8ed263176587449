"""Team summaries: privacy thresholds, blind spots, strengths and comparisons (pure)."""
from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import answers_for_order, answers_for_weights, compare_groups, score, team_report
from analysis.team import situation_fit
from questionnaire import MODES, load_instrument
from questionnaire.playbook import load_playbook

INSTRUMENT = load_instrument()


@dataclass
class M:
    name: str | None
    shared: bool
    finished: bool
    scores: dict | None


def _scores(order):
    return dict(score(INSTRUMENT, answers_for_order(INSTRUMENT, order)).scores)


AVOIDER = _scores(("avoiding", "accommodating", "compromising", "collaborating", "competing"))
HOLDER = _scores(("competing", "collaborating", "compromising", "avoiding", "accommodating"))
HELPER = _scores(("accommodating", "collaborating", "compromising", "avoiding", "competing"))


@pytest.mark.parametrize("finished,minimum,visible", [(0, 3, False), (2, 3, False), (3, 3, True), (4, 5, False),
                                                       (5, 5, True)])
def test_aggregates_are_hidden_below_the_minimum_group(finished, minimum, visible):
    members = [M(f"m{i}", False, True, AVOIDER) for i in range(finished)] + [M("late", True, False, None)]
    report = team_report(members, min_group=minimum)
    assert report.visible is visible
    assert (report.started, report.finished) == (finished + 1, finished)
    for aggregate in (report.spreads, report.position, report.dominant, report.blind_spots):
        assert (aggregate is not None) is visible


def test_individual_rows_and_strengths_come_only_from_members_who_share():
    members = [M("Private", False, True, HOLDER), M("Open", True, True, HELPER), M("Open too", True, True, AVOIDER),
               M("Unfinished", True, False, None)]
    report = team_report(members, min_group=3)
    assert [row.name for row in report.shared] == ["Open", "Open too"]
    named = {name for strength in report.strengths for name in strength.names}
    assert named <= {"Open", "Open too"} and "Private" not in named


def test_totals_are_hidden_while_they_would_expose_a_few_private_members():
    """With one private member, the team's mean minus the shared rows would be their result."""
    one_private = [M("Private", False, True, HOLDER), M("Open", True, True, HELPER), M("Open 2", True, True, AVOIDER)]
    report = team_report(one_private, min_group=3)
    assert (report.private, report.visible, report.hidden_reason) == (1, False, "few_private")
    assert report.spreads is None and report.position is None and report.dominant is None
    three_private = one_private + [M(f"Private {i}", False, True, HELPER) for i in range(2)]
    report = team_report(three_private, min_group=3)
    assert (report.private, report.visible, report.hidden_reason) == (3, True, None)
    assert len(report.spreads["competing"].scores) == 5  # the totals count everyone
    everyone_shares = [M(f"Open {i}", True, True, HELPER) for i in range(3)]
    assert team_report(everyone_shares, min_group=3).visible


def test_nobody_sharing_means_no_strengths_but_aggregates_still():
    report = team_report([M(f"m{i}", False, True, HOLDER) for i in range(4)], min_group=3)
    assert report.strengths == () and report.shared == () and report.visible


def test_the_strongest_member_for_a_situation_is_the_one_whose_profile_fits_it():
    playbook = load_playbook("en")
    members = [M("Holder", True, True, HOLDER), M("Helper", True, True, HELPER), M("Avoider", True, True, AVOIDER)]
    report = team_report(members, min_group=3)
    strengths = {s.situation.id: s.names for s in report.strengths}
    assert strengths["refund_abuse"][0] == "Holder"  # competing fits a suspected abuser best
    assert strengths["dissatisfied"][0] == "Helper"  # accommodating fits the let-down customer best
    assert strengths["threatening"][0] == "Avoider"  # stepping back fits a threat best
    situation = playbook.situation("rude")
    fits = sorted((situation_fit(m.scores, situation) for m in members), reverse=True)
    assert len(strengths["rude"]) == sum(1 for f in fits if f >= fits[1])


def test_a_mode_nobody_uses_is_a_blind_spot_with_the_situations_it_serves():
    report = team_report([M(f"m{i}", False, True, AVOIDER) for i in range(5)], min_group=3)
    spots = {spot.mode: spot for spot in report.blind_spots}
    assert set(spots) == {"competing", "collaborating"}  # 0 and 3 for everyone: low band
    assert {s.id for s in spots["competing"].situations} == {"rude", "refund_abuse"}
    assert spots["competing"].users == 0


def test_a_mixed_team_has_no_blind_spot():
    members = [M("a", False, True, AVOIDER), M("b", False, True, HOLDER), M("c", False, True, HELPER),
               M("d", False, True, _scores(("compromising", "collaborating", "competing", "avoiding",
                                                 "accommodating")))]
    report = team_report(members, min_group=3)
    assert report.blind_spots == ()
    assert report.dominant == {"competing": 1, "collaborating": 0, "compromising": 1, "avoiding": 1,
                               "accommodating": 1}


def test_spreads_hold_every_score_with_median_and_quartiles():
    members = [M("a", False, True, AVOIDER), M("b", False, True, HOLDER), M("c", False, True, HELPER)]
    spread = team_report(members, min_group=3).spreads["competing"]
    assert spread.scores == (0, 0, 12) and spread.median == 0 and spread.mean == 4
    assert spread.q1 <= spread.median <= spread.q3


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 12), minimum=st.integers(2, 6))
def test_no_summary_ever_leaks_a_member_who_did_not_share(seed, size, minimum):
    rng = random.Random(seed)
    members = []
    for i in range(size):
        weights = {m: rng.uniform(0.1, 5) for m in MODES}
        members.append(M(f"secret-{i}" if i % 2 else f"open-{i}", i % 2 == 0, True,
                         dict(score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng)).scores)))
    report = team_report(members, min_group=minimum)
    text = repr(report.shared) + repr(report.strengths)
    assert "secret-" not in text
    private = size // 2
    assert report.private == private
    assert report.visible is (size >= minimum and (private == 0 or private >= minimum))


def test_a_difference_inside_the_noise_is_marked_as_such():
    same = [HOLDER, HELPER, AVOIDER, HOLDER]
    comparison = compare_groups(same, list(reversed(same)), min_group=3)
    assert all(d.within_noise and d.difference == 0 for d in comparison.modes)


def test_a_clear_difference_is_not_marked_as_noise():
    comparison = compare_groups([HOLDER] * 8, [HELPER] * 8, min_group=3)
    by_mode = {d.mode: d for d in comparison.modes}
    assert by_mode["competing"].difference == 12 and not by_mode["competing"].within_noise
    assert by_mode["competing"].noise > 0


def test_small_groups_are_not_compared():
    assert compare_groups([HOLDER] * 2, [HELPER] * 5, min_group=3).modes is None
    assert compare_groups([HOLDER] * 5, [], min_group=3).modes is None
