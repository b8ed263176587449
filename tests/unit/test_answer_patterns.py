"""Answer patterns that say nothing about the person: which answer sets are flagged, and how
rarely someone answering by content is (pure)."""
from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import answers_for_order, answers_for_weights
from analysis.patterns import ALTERNATING_MIN, SAME_MIN, answer_pattern
from questionnaire import MODES, load_instrument

INSTRUMENT = load_instrument()
IDS = INSTRUMENT.ids


def _answers(letters: str) -> dict[str, str]:
    """Item id -> letter, in questionnaire order, from a string such as "ABAB..."."""
    if len(letters) != len(IDS):
        raise ValueError(f"{len(letters)} letters for {len(IDS)} items")
    return dict(zip(IDS, letters))


def _flip(letters: str, *positions: int) -> str:
    chars = list(letters)
    for p in positions:
        chars[p] = "B" if chars[p] == "A" else "A"
    return "".join(chars)


ALL_A, ALL_B, ABAB = "A" * 30, "B" * 30, "AB" * 15
GENUINE = "".join(answers_for_order(INSTRUMENT, ("collaborating", "compromising", "accommodating", "avoiding",
                                                 "competing"))[i] for i in IDS)

CASES = [
    ("all A", ALL_A, "same"),
    ("all B", ALL_B, "same"),
    ("27 of 30 A", _flip(ALL_A, 3, 14, 29), "same"),
    ("27 of 30 B", _flip(ALL_B, 0, 10, 20), "same"),
    ("26 of 30 A", _flip(ALL_A, 3, 8, 14, 29), None),
    ("ABAB", ABAB, "alternating"),
    ("BABA", "BA" * 15, "alternating"),
    # Two breaks (a repeated letter at two places) leave 27 changes of 29: still alternating.
    ("ABAB with 2 breaks", "ABABABABAB" + "BABABABABA" + "ABABABABAB", "alternating"),
    ("ABAB with 3 breaks", "ABABABAB" + "BABABABA" + "ABABABAB" + "BABABA", None),
    ("a genuine profile", GENUINE, None),
    ("AABB", "AABB" * 7 + "AA", None),
]


@pytest.mark.parametrize(("letters", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_answer_sets_are_flagged_as_the_table_says(letters, expected):
    assert answer_pattern(_answers(letters), IDS) == expected


def test_the_table_counts_what_it_says():
    """The rows above are what their names say (so the thresholds are tested at their edges)."""
    rows = {name: letters for name, letters, _ in CASES}
    assert rows["27 of 30 A"].count("A") == SAME_MIN == 27 and rows["26 of 30 A"].count("A") == 26
    changes = {name: sum(a != b for a, b in zip(rows[name], rows[name][1:]))
               for name in ("ABAB with 2 breaks", "ABAB with 3 breaks")}
    assert changes == {"ABAB with 2 breaks": ALTERNATING_MIN, "ABAB with 3 breaks": ALTERNATING_MIN - 1}


@pytest.mark.parametrize("missing", [1, 5, 30])
def test_incomplete_answers_are_never_flagged(missing):
    answers = _answers(ALL_A)
    for item_id in IDS[:missing]:
        del answers[item_id]
    assert answer_pattern(answers, IDS) is None


def test_a_score_only_import_without_answers_is_never_flagged():
    assert answer_pattern({}) is None


def test_the_default_order_is_the_item_ids_sorted():
    shuffled = dict(sorted(_answers(ABAB).items(), key=lambda _: random.Random(4).random()))
    assert answer_pattern(shuffled) == "alternating"


def test_no_strict_preference_order_is_ever_flagged():
    """All 120 orders of the five modes, answered without noise: the balanced design gives at
    most 17 answers of one letter and 20 changes of letter, far from the thresholds."""
    worst_same = worst_changes = 0
    for order in itertools.permutations(MODES):
        answers = answers_for_order(INSTRUMENT, order)
        assert answer_pattern(answers, IDS) is None, order
        letters = [answers[i] for i in IDS]
        worst_same = max(worst_same, letters.count("A"), letters.count("B"))
        worst_changes = max(worst_changes, sum(a != b for a, b in zip(letters, letters[1:])))
    assert worst_same <= 17 and worst_changes <= 20


# -- how often a respondent answering by content is flagged ----------------------------------
#
# Computed exactly rather than sampled: for a Bradley–Terry respondent (analysis.synthetic)
# each answer is A with a known probability, independently, so the number of A answers has a
# Poisson-binomial distribution and the number of changes of letter follows a two-state chain.
# Both are summed out below. Equal weights (A with probability 1/2 everywhere) give 8.4e-6 for
# "same" and 8.1e-7 for "alternating"; a search over weights found no sum above 1.1e-5.

FLAG_BOUND = 2e-5  # below 1 in 50,000, whatever the respondent's weights


def _p_a(weights) -> list[float]:
    return [weights[item.a.mode] / (weights[item.a.mode] + weights[item.b.mode]) for item in INSTRUMENT.items]


def _p_same(p_a: list[float]) -> float:
    counts = [1.0]  # counts[k]: probability of k A answers so far
    for p in p_a:
        counts = [(counts[k] * (1 - p) if k < len(counts) else 0.0) + (counts[k - 1] * p if k else 0.0)
                  for k in range(len(counts) + 1)]
    n = len(p_a)
    return sum(v for k, v in enumerate(counts) if max(k, n - k) * 30 >= SAME_MIN * n)


def _p_alternating(p_a: list[float]) -> float:
    states = {("A", 0): p_a[0], ("B", 0): 1 - p_a[0]}  # (last letter, changes so far) -> probability
    for p in p_a[1:]:
        following: dict[tuple[str, int], float] = {}
        for (last, changes), v in states.items():
            for letter, q in (("A", p), ("B", 1 - p)):
                key = (letter, changes + (letter != last))
                following[key] = following.get(key, 0.0) + v * q
        states = following
    return sum(v for (_, changes), v in states.items() if changes >= ALTERNATING_MIN)


def test_the_exact_probabilities_match_a_hand_count_for_a_coin_flipper():
    """With A at probability 1/2: P(at least 27 of 30 the same) = 2 * (C(30,27) + C(30,28) +
    C(30,29) + C(30,30)) / 2^30, and the 29 changes are themselves fair coin flips, so
    P(at least 27 changes) = (C(29,27) + C(29,28) + C(29,29)) / 2^29."""
    from math import comb
    half = [0.5] * 30
    assert _p_same(half) == pytest.approx(2 * sum(comb(30, k) for k in range(27, 31)) / 2 ** 30)
    assert _p_alternating(half) == pytest.approx(sum(comb(29, k) for k in range(27, 30)) / 2 ** 29)
    assert _p_same(half) < 1e-5 and _p_alternating(half) < 1e-5  # the module's docstring


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=1e-3, max_value=1e3), min_size=5, max_size=5))
def test_a_respondent_answering_by_content_is_almost_never_flagged(raw):
    weights = dict(zip(MODES, raw))
    p_a = _p_a(weights)
    assert _p_same(p_a) + _p_alternating(p_a) < FLAG_BOUND


@settings(derandomize=True)  # a flag is a 1-in-50,000 event: a failure must repeat, not flicker
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=5, max_size=5), st.integers(0, 2 ** 32))
def test_a_flag_on_a_synthetic_respondent_would_need_an_improbable_draw(raw, seed):
    """The same claim from the other side: answers drawn by answers_for_weights are not flagged
    (a failure here would be a 1-in-50,000 event, so it points at a bug, not at bad luck)."""
    answers = answers_for_weights(INSTRUMENT, dict(zip(MODES, raw)), random.Random(seed))
    assert answer_pattern(answers, IDS) is None
