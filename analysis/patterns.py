"""Answer patterns that say nothing about the person (pure).

The questionnaire is balanced: every mode is statement A in half of its pairs and B in the
other half. Someone answering by content therefore picks A about half the time, whatever
their profile. Answering A to every pair (or B to every pair) gives the flat profile of six
points in each mode; answering A, B, A, B... gives an arbitrary one. Neither says anything
about the person, so such a result is flagged: the agent is told, and offered a review of
their answers; the team page leaves it out of "who can back up whom".

Thresholds: at least 27 of 30 answers the same letter ("same"), or at least 27 of the 29
steps from one pair to the next changing letter ("alternating"). For someone answering by
content (A with probability about one half) either happens with probability below 1 in
100,000, so a flag is almost never wrong.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["PATTERNS", "SAME_MIN", "ALTERNATING_MIN", "answer_pattern"]

PATTERNS = ("same", "alternating")
SAME_MIN = 27  # answers of the same letter, of 30
ALTERNATING_MIN = 27  # changes of letter between neighbouring pairs, of 29


def answer_pattern(answers: Mapping[str, str], order: Sequence[str] | None = None) -> str | None:
    """"same", "alternating" or None for a complete set of answers (item id -> "A"/"B"),
    taken in ``order`` (the questionnaire's; by default the ids sorted, P01..P30). Fewer than
    30 answers, as with a result imported as scores, are never flagged."""
    ids = list(order) if order is not None else sorted(answers)
    letters = [answers.get(item_id) for item_id in ids]
    if len(letters) < 30 or any(letter not in ("A", "B") for letter in letters):
        return None
    if max(letters.count("A"), letters.count("B")) >= SAME_MIN * len(letters) / 30:
        return "same"
    changes = sum(1 for left, right in zip(letters, letters[1:]) if left != right)
    if changes >= ALTERNATING_MIN * (len(letters) - 1) / 29:
        return "alternating"
    return None
