"""Part 2 results: each choice beside the recommended approach, and the scenario profile."""
from __future__ import annotations

import pytest

from analysis import TOTAL, profile_from_scores, read_scenarios
from questionnaire import MODES, load_mode_texts
from questionnaire.playbook import load_playbook

PROFILE = profile_from_scores({"competing": 2, "collaborating": 9, "compromising": 7, "avoiding": 3,
                               "accommodating": 9})


def _all(mode):
    return {s.id: mode for s in load_playbook("en").scenarios}


def _recommended():
    return {s.id: s.recommended for s in load_playbook("en").scenarios}


def test_following_every_recommendation_matches_every_scenario(lang):
    reading = read_scenarios(_recommended(), PROFILE, lang)
    assert reading.matched == reading.answered == len(load_playbook(lang).scenarios)
    assert all(o.matched and o.chosen_fit.fit == max(m.fit for m in o.situation.modes) for o in reading.outcomes)


def test_always_avoiding_matches_only_where_avoiding_is_recommended():
    reading = read_scenarios(_all("avoiding"), PROFILE)
    expected = sum(1 for s in load_playbook("en").scenarios if s.recommended == "avoiding")
    assert reading.matched == expected
    assert reading.counts["avoiding"] == reading.answered and reading.most_chosen == ("avoiding",)
    assert reading.shares["avoiding"] == 1.0
    # avoiding is not this profile's top mode, so the headline names both
    assert "Avoiding" in reading.headline and "Collaborating and Accommodating" in reading.headline


def test_shares_are_comparable_with_the_part1_profile():
    reading = read_scenarios(_recommended(), PROFILE)
    assert sum(reading.shares.values()) == pytest.approx(1)
    assert sum(reading.profile_shares.values()) == pytest.approx(1)
    assert reading.profile_shares["collaborating"] == pytest.approx(9 / TOTAL)
    assert reading.counts == {m: sum(1 for s in load_playbook("en").scenarios if s.recommended == m) for m in MODES}


def test_a_headline_in_line_with_the_profile():
    choices = dict(list(_all("collaborating").items())[:6])
    reading = read_scenarios(choices, PROFILE, "sv")
    name = load_mode_texts("sv")["collaborating"].name
    assert reading.answered == 6 and name in reading.headline and "6" in reading.headline
    skipped = [o for o in reading.outcomes if o.chosen is None]
    assert len(skipped) == 4 and not any(o.matched for o in skipped)


def test_no_answers_gives_an_honest_headline():
    reading = read_scenarios({}, PROFILE)
    assert reading.answered == 0 and reading.most_chosen == () and set(reading.shares.values()) == {0.0}


@pytest.mark.parametrize("answers,message", [
    ({"S99": "avoiding"}, "unknown scenario 'S99'"),
    ({"S01": "fleeing"}, "scenario S01: unknown mode 'fleeing'"),
])
def test_tampered_answers_are_refused_naming_the_scenario(answers, message):
    with pytest.raises(ValueError, match=message):
        read_scenarios(answers, PROFILE)
