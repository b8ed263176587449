"""The shipped norm table is the neutral reference it claims to be."""
from __future__ import annotations

from fractions import Fraction
from math import comb

import pytest

from analysis import load_norms, neutral_reference_table, profile_from_scores
from analysis.norms import NORMS_FILE
from questionnaire import MODES


def test_the_shipped_limits_are_those_of_the_no_preference_model():
    norms = load_norms()
    low, medium, high = neutral_reference_table()
    for mode in MODES:
        assert norms.limits[mode] == {"low": low, "medium": medium, "high": high}


def test_the_tail_probabilities_written_in_the_file_are_right():
    # Hand-worked: P(X <= 4) for X ~ Binomial(12, 1/2) = (1 + 12 + 66 + 220 + 495) / 4096.
    tail = Fraction(sum(comb(12, k) for k in range(5)), 4096)
    assert tail == Fraction(794, 4096)
    assert round(float(tail) * 100, 1) == 19.4
    text = NORMS_FILE.read_text(encoding="utf-8")
    assert "794/4096" in text and "2508/4096" in text


@pytest.mark.parametrize("score,band", [(0, "low"), (4, "low"), (5, "medium"), (7, "medium"), (8, "high"), (12, "high")])
def test_band_limits(score, band):
    assert load_norms().band("avoiding", score) == band


def test_bands_reach_the_profile():
    profile = profile_from_scores({"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3,
                                   "accommodating": 0})
    assert dict(profile.bands) == {"competing": "high", "collaborating": "high", "compromising": "medium",
                                   "avoiding": "low", "accommodating": "low"}
    assert profile.norms == "Neutral reference (no-preference model)"
