"""Team summaries with the privacy rules applied: what is shown by name, what is in the
figures, blind spots, strengths and comparisons (pure)."""
from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import GroupFigures, answers_for_order, answers_for_weights, compare_groups, score, team_report
from analysis.norms import load_norms
from analysis.privacy import cohort_figures
from analysis.team import PERSON_VARIANCE, situation_fit
from questionnaire import MODES, load_instrument
from questionnaire.playbook import load_playbook

INSTRUMENT = load_instrument()


@dataclass
class M:
    """A member as analysis.team reads one (storage.Member has the same attributes)."""
    name: str | None
    shared: bool
    finished: bool
    scores: dict | None
    revealed: bool | None = None  # None: the lead has seen it exactly when it is shared
    cohort_id: int | None = None
    source: str = "web"
    pattern: str | None = None  # analysis.patterns: "same", "alternating"

    def __post_init__(self):
        if self.revealed is None:
            self.revealed = bool(self.shared and self.finished)


def _scores(order):
    return dict(score(INSTRUMENT, answers_for_order(INSTRUMENT, order)).scores)


AVOIDER = _scores(("avoiding", "accommodating", "compromising", "collaborating", "competing"))
HOLDER = _scores(("competing", "collaborating", "compromising", "avoiding", "accommodating"))
HELPER = _scores(("accommodating", "collaborating", "compromising", "avoiding", "competing"))
NORMS = load_norms()


def _cohort(*rows):
    return cohort_figures(rows, NORMS)


def test_a_private_result_outside_every_cohort_is_in_no_figure():
    members = [M("Open", True, True, HELPER), M("Open too", True, True, AVOIDER), M("Private", False, True, HOLDER)]
    report = team_report(members, min_group=3)
    assert report.finished == 3 and report.waiting == 1 and report.sharing == 2
    assert report.figures.count == 2  # the two shared results only
    assert report.figures.means["competing"] == (HELPER["competing"] + AVOIDER["competing"]) / 2
    assert [row.name for row in report.shared] == ["Open", "Open too"]
    assert sorted(tuple(v.values()) for v in report.visible) == sorted([tuple(HELPER.values()),
                                                                        tuple(AVOIDER.values())])


def test_a_cohort_enters_the_figures_as_its_frozen_total():
    members = [M(f"Private {i}", False, True, s, cohort_id=7) for i, s in enumerate((HOLDER, HELPER, AVOIDER))]
    # One of them has since deleted their result: the cohort's total is what counts.
    report = team_report(members[:2], [_cohort(HOLDER, HELPER, AVOIDER)], min_group=3)
    assert report.figures.count == 3 and report.waiting == 0
    for mode in MODES:
        assert report.figures.means[mode] == pytest.approx((HOLDER[mode] + HELPER[mode] + AVOIDER[mode]) / 3)
    assert report.shared == () and report.visible == () and report.strengths == ()


def test_known_rows_are_counted_once_even_inside_a_cohort():
    """A member revealed after their cohort formed is in the cohort's total, not twice."""
    members = [M("Later open", True, True, HOLDER, revealed=True, cohort_id=1),
               M(None, False, True, HELPER, cohort_id=1), M(None, False, True, AVOIDER, cohort_id=1),
               M("Open", True, True, HELPER)]
    report = team_report(members, [_cohort(HOLDER, HELPER, AVOIDER)], min_group=3)
    assert report.figures.count == 4
    assert [row.name for row in report.shared] == ["Later open", "Open"]


def test_a_held_back_sharer_is_neither_named_nor_a_dot():
    members = [M("Waiting", True, True, HOLDER, revealed=False, cohort_id=1),
               M(None, False, True, HELPER, cohort_id=1), M(None, False, True, AVOIDER, cohort_id=1)]
    report = team_report(members, [_cohort(HOLDER, HELPER, AVOIDER)], min_group=3)
    assert report.held_back == 1 and report.sharing == 1
    assert report.shared == () and report.visible == ()


def test_a_member_who_stops_sharing_is_no_longer_shown_but_stays_in_the_figures():
    members = [M("Was open", False, True, HOLDER, revealed=True), M("Open", True, True, HELPER)]
    report = team_report(members, min_group=3)
    assert [row.name for row in report.shared] == ["Open"] and len(report.visible) == 1
    assert report.figures.count == 2 and report.waiting == 0


def test_imports_are_known_to_the_lead_and_named_only_when_ticked():
    members = [M("Paper named", True, True, HOLDER, revealed=True, source="import"),
               M("Paper anonymous", False, True, HELPER, revealed=True, source="import"),
               M("Private", False, True, AVOIDER)]
    report = team_report(members, min_group=3)
    assert [row.name for row in report.shared] == ["Paper named"] and report.shared[0].imported
    assert len(report.visible) == 2 and report.figures.count == 2 and report.waiting == 1


def test_no_figures_while_nothing_is_in_them():
    report = team_report([M(None, False, True, HOLDER), M(None, True, False, None)], min_group=3)
    assert report.figures is None and report.included == 0 and report.started == 2 and report.finished == 1


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


FLAT = {m: 6 for m in MODES}  # all A (or all B) gives six in every mode


@pytest.mark.parametrize("viewer", ["lead", "coach"])
def test_a_shared_result_with_an_answer_pattern_names_nobody_as_best_suited(viewer):
    members = [M("Holder", True, True, HOLDER), M("All A", True, True, FLAT, pattern="same"),
               M("ABAB", True, True, HELPER, pattern="alternating"), M("Paper", True, True, AVOIDER, revealed=True,
                                                                        source="import", pattern="same")]
    report = team_report(members, min_group=3, viewer=viewer)
    named_in_strengths = {name for s in report.strengths for name in s.names}
    assert named_in_strengths == {"Holder"}
    assert report.patterned == 3
    # The rows are still shown (the lead may see them), and the figures still hold every result.
    assert [row.name for row in report.shared] == ["Holder", "All A", "ABAB", "Paper"]
    unflagged = team_report([M(m.name, m.shared, m.finished, m.scores, m.revealed, m.cohort_id, m.source)
                             for m in members], min_group=3, viewer=viewer)
    assert report.figures == unflagged.figures and unflagged.patterned == 0


def test_only_named_rows_count_as_left_out_never_a_private_or_held_back_result():
    members = [M("Holder", True, True, HOLDER), M("Private", False, True, FLAT, pattern="same"),
               M("Waiting", True, True, FLAT, revealed=False, cohort_id=1, pattern="same"),
               M(None, False, True, HELPER, cohort_id=1), M(None, False, True, AVOIDER, cohort_id=1),
               M("Paper, not ticked", False, True, FLAT, revealed=True, source="import", pattern="same")]
    report = team_report(members, [_cohort(FLAT, HELPER, AVOIDER)], min_group=3)
    assert report.patterned == 0
    assert {name for s in report.strengths for name in s.names} == {"Holder"}


def test_when_every_shared_result_follows_a_pattern_there_are_no_strengths_but_the_count_says_why():
    report = team_report([M("All A", True, True, FLAT, pattern="same"), M("All B", True, True, FLAT, pattern="same")],
                         min_group=3)
    assert report.strengths == () and report.patterned == 2 and len(report.shared) == 2


def test_a_mode_nobody_uses_is_a_blind_spot_with_the_situations_it_serves():
    report = team_report([M(None, False, True, AVOIDER, cohort_id=1)] * 5, [_cohort(*[AVOIDER] * 5)], min_group=3)
    spots = {spot.mode: spot for spot in report.figures.blind_spots}
    assert set(spots) == {"competing", "collaborating"}  # 0 and 3 for everyone: low band
    assert {s.id for s in spots["competing"].situations} == {"rude", "refund_abuse"}
    assert spots["competing"].users == 0


def test_a_mixed_team_has_no_blind_spot_and_counts_each_most_used_mode():
    compromiser = _scores(("compromising", "collaborating", "competing", "avoiding", "accommodating"))
    rows = [AVOIDER, HOLDER, HELPER, compromiser]
    report = team_report([M(None, False, True, r, cohort_id=1) for r in rows], [_cohort(*rows)], min_group=3)
    assert report.figures.blind_spots == ()
    assert report.figures.dominant == {"competing": 1, "collaborating": 0, "compromising": 1, "avoiding": 1,
                                       "accommodating": 1}


def test_the_team_sits_on_the_map_where_its_mean_profile_does():
    report = team_report([M("a", True, True, HOLDER), M("b", True, True, HELPER)], min_group=3)
    from analysis import axes_position
    a, b = axes_position(HOLDER), axes_position(HELPER)
    assert report.figures.position == pytest.approx(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 12))
def test_names_and_dots_come_only_from_results_the_lead_may_see(seed, size):
    rng = random.Random(seed)
    members = []
    for i in range(size):
        weights = {m: rng.uniform(0.1, 5) for m in MODES}
        shared = rng.random() < 0.5
        revealed = shared and rng.random() < 0.8
        members.append(M(f"open-{i}" if revealed else f"secret-{i}", shared, True,
                         dict(score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng)).scores),
                         revealed=revealed))
    report = team_report(members, min_group=3)
    text = repr(report.shared) + repr(report.strengths)
    assert "secret-" not in text
    assert len(report.visible) == sum(1 for m in members if m.shared and m.revealed)
    assert report.figures is None or report.figures.count == sum(1 for m in members if m.revealed)


def _figures(count, **means):
    return GroupFigures(count, {m: means.get(m, 6.0) for m in MODES})


def test_a_difference_inside_the_noise_is_marked_as_such():
    comparison = compare_groups(_figures(8, competing=6.5), _figures(8, competing=6.0), min_group=3)
    by_mode = {d.mode: d for d in comparison.modes}
    assert by_mode["competing"].within_noise and by_mode["competing"].difference == 0.5


def test_a_clear_difference_is_not_marked_as_noise():
    comparison = compare_groups(_figures(8, competing=12.0), _figures(8, competing=0.0), min_group=3)
    by_mode = {d.mode: d for d in comparison.modes}
    assert by_mode["competing"].difference == 12 and not by_mode["competing"].within_noise


def test_the_noise_margin_is_the_95_percent_interval_including_any_deliberate_noise():
    plain = compare_groups(_figures(10), _figures(10), min_group=3).modes[0].noise
    assert plain == pytest.approx(1.96 * (PERSON_VARIANCE / 10 * 2) ** 0.5)
    noisy = compare_groups(_figures(10), GroupFigures(10, _figures(10).means, noise_sd=1.0), min_group=3)
    assert noisy.modes[0].noise == pytest.approx(1.96 * (PERSON_VARIANCE / 10 * 2 + 1.0) ** 0.5)


def test_small_or_missing_groups_are_not_compared():
    assert compare_groups(_figures(2), _figures(5), min_group=3).modes is None
    assert compare_groups(_figures(5), None, min_group=3).modes is None
    assert compare_groups(None, _figures(5), min_group=3).size_a == 0
