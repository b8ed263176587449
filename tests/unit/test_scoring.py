"""Scoring: exact cases, properties over any answer set, and refusal of bad answers."""
from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import (
    answers_for_order, answers_for_weights, axes_position, profile_from_scores, rank_modes, score,
)
from questionnaire import MODES, load_instrument

INSTRUMENT = load_instrument("en")
complete_answers = st.fixed_dictionaries({item_id: st.sampled_from("AB") for item_id in INSTRUMENT.ids})


@settings(max_examples=300, deadline=None)
@given(complete_answers)
def test_any_complete_answer_set_scores_sum_to_30_each_within_0_to_12(answers):
    profile = score(INSTRUMENT, answers)
    assert sum(profile.scores.values()) == 30
    assert all(0 <= profile.scores[m] <= 12 for m in MODES)


@settings(max_examples=200, deadline=None)
@given(complete_answers)
def test_each_answer_adds_exactly_one_point_to_the_mode_of_the_chosen_statement(answers):
    # An independent count from the items, not from the scoring code.
    expected = {m: 0 for m in MODES}
    for item in INSTRUMENT.items:
        expected[(item.a if answers[item.id] == "A" else item.b).mode] += 1
    assert dict(score(INSTRUMENT, answers).scores) == expected


@settings(max_examples=200, deadline=None)
@given(complete_answers)
def test_flipping_every_answer_mirrors_each_score(answers):
    flipped = {k: "B" if v == "A" else "A" for k, v in answers.items()}
    original, mirrored = score(INSTRUMENT, answers), score(INSTRUMENT, flipped)
    assert all(original.scores[m] + mirrored.scores[m] == 12 for m in MODES)


@given(st.permutations(MODES))
def test_a_respondent_who_follows_a_fixed_order_scores_12_9_6_3_0(order):
    profile = score(INSTRUMENT, answers_for_order(INSTRUMENT, order))
    assert [profile.scores[m] for m in order] == [12, 9, 6, 3, 0]
    assert profile.ranking == tuple((m,) for m in order)


@pytest.mark.parametrize("order", list(itertools.permutations(MODES)), ids=lambda o: ">".join(m[:4] for m in o))
def test_every_strict_order_is_recovered_in_every_language(order):
    for lang in ("en", "sv", "nb", "da"):
        profile = score(load_instrument(lang), answers_for_order(INSTRUMENT, order))
        assert profile.top_modes == (order[0],) and profile.lowest_modes == (order[-1],)


def test_seeded_noisy_respondents_recover_the_generating_preferences():
    # Expected score of mode i, computed independently of the scoring code: it meets each other
    # mode j in 3 items and wins each with probability w_i / (w_i + w_j).
    rng = random.Random(20261123)
    order = ("avoiding", "accommodating", "compromising", "collaborating", "competing")
    weights = dict(zip(order, (8.0, 4.0, 2.0, 1.0, 0.5)))
    expected = {i: 3 * sum(weights[i] / (weights[i] + weights[j]) for j in MODES if j != i) for i in MODES}
    n = 400
    totals = {m: 0 for m in MODES}
    for _ in range(n):
        profile = score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng))
        for m in MODES:
            totals[m] += profile.scores[m]
    means = {m: totals[m] / n for m in MODES}
    # Standard error of each mean is below 0.08; 0.3 leaves room without hiding a scoring bug.
    assert means == pytest.approx(expected, abs=0.3)
    assert sorted(MODES, key=means.get, reverse=True) == list(order)


@pytest.mark.parametrize("answers,message", [
    ({}, "item P01 is not answered (30 missing)"),
    ({i: "A" for i in INSTRUMENT.ids[:-1]}, "item P30 is not answered (1 missing)"),
    ({**{i: "A" for i in INSTRUMENT.ids}, "P31": "A"}, "unknown item 'P31'"),
    ({**{i: "A" for i in INSTRUMENT.ids}, "P07": "C"}, "item P07: answer must be 'A' or 'B', got 'C'"),
    ({**{i: "A" for i in INSTRUMENT.ids}, "P12": "a"}, "item P12: answer must be 'A' or 'B', got 'a'"),
    ({**{i: "A" for i in INSTRUMENT.ids}, "P03": None}, "item P03: answer must be 'A' or 'B', got None"),
    ({**{i: "A" for i in INSTRUMENT.ids}, "P09": 1}, "item P09: answer must be 'A' or 'B', got 1"),
], ids=["nothing answered", "one missing", "unknown item", "invalid letter", "lower case", "none", "number"])
def test_incomplete_or_tampered_answers_are_refused_naming_the_item(answers, message):
    with pytest.raises(ValueError) as info:
        score(INSTRUMENT, answers)
    assert message in str(info.value)


def test_answers_must_be_a_mapping():
    with pytest.raises(ValueError, match="mapping"):
        score(INSTRUMENT, ["A"] * 30)


@pytest.mark.parametrize("scores,ranking", [
    ({"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3, "accommodating": 0},
     (("competing",), ("collaborating",), ("compromising",), ("avoiding",), ("accommodating",))),
    ({"competing": 8, "collaborating": 8, "compromising": 6, "avoiding": 4, "accommodating": 4},
     (("competing", "collaborating"), ("compromising",), ("avoiding", "accommodating"))),
    ({m: 6 for m in MODES}, (MODES,)),
    ({"competing": 2, "collaborating": 7, "compromising": 7, "avoiding": 7, "accommodating": 7},
     (("collaborating", "compromising", "avoiding", "accommodating"), ("competing",))),
], ids=["strict", "two ties", "all tied", "four tied on top"])
def test_ranking_keeps_ties_as_ties(scores, ranking):
    assert rank_modes(scores) == ranking


@pytest.mark.parametrize("scores,mode,rank", [
    ({"competing": 8, "collaborating": 8, "compromising": 6, "avoiding": 4, "accommodating": 4}, "competing", 1),
    ({"competing": 8, "collaborating": 8, "compromising": 6, "avoiding": 4, "accommodating": 4}, "collaborating", 1),
    ({"competing": 8, "collaborating": 8, "compromising": 6, "avoiding": 4, "accommodating": 4}, "compromising", 3),
    ({"competing": 8, "collaborating": 8, "compromising": 6, "avoiding": 4, "accommodating": 4}, "accommodating", 4),
])
def test_tied_modes_share_a_rank_and_the_next_rank_is_skipped(scores, mode, rank):
    assert profile_from_scores(scores).rank(mode) == rank


def test_all_tied_profile_has_no_lowest_modes():
    profile = profile_from_scores({m: 6 for m in MODES})
    assert profile.top_modes == MODES and profile.lowest_modes == ()


# Axis positions worked out by hand from the mode places in modes.toml:
# competing (1, 0), collaborating (1, 1), compromising (.5, .5), avoiding (0, 0), accommodating (0, 1).
@pytest.mark.parametrize("scores,expected", [
    ({m: 6 for m in MODES}, (0.5, 0.5)),
    ({"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3, "accommodating": 0}, (0.8, 0.4)),
    ({"competing": 0, "collaborating": 3, "compromising": 6, "avoiding": 9, "accommodating": 12}, (0.2, 0.6)),
    ({"competing": 6, "collaborating": 12, "compromising": 9, "avoiding": 0, "accommodating": 3}, (0.75, 0.65)),
])
def test_axis_position_matches_hand_computed_values(scores, expected):
    assert axes_position(scores) == pytest.approx(expected)


@pytest.mark.parametrize("scores,message", [
    ({"competing": 13, "collaborating": 9, "compromising": 6, "avoiding": 2, "accommodating": 0}, "0..12"),
    ({"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3, "accommodating": 1}, "sum to 30"),
    ({"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3}, "exactly the modes"),
    ({"competing": 12.0, "collaborating": 9, "compromising": 6, "avoiding": 3, "accommodating": 0}, "integer"),
])
def test_impossible_score_sets_are_refused(scores, message):
    with pytest.raises(ValueError, match=message):
        profile_from_scores(scores)
