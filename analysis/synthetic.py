"""Seeded synthetic respondents, for tests, benchmarks and demos.

A respondent is described by a preference order or by weights per mode; on each
item they pick the statement of the mode they prefer, with optional noise. With
no noise, a strict order reproduces exactly: the first mode wins all 12 of its
items, the second 9, then 6, 3 and 0.
"""
from __future__ import annotations

import random
from typing import Mapping, Sequence

from questionnaire import MODES, Instrument

__all__ = ["answers_for_order", "answers_for_weights"]


def answers_for_order(instrument: Instrument, order: Sequence[str]) -> dict[str, str]:
    """Always pick the mode that comes first in ``order``."""
    if sorted(order) != sorted(MODES):
        raise ValueError(f"order must be a permutation of {', '.join(MODES)}")
    rank = {mode: position for position, mode in enumerate(order)}
    return {item.id: "A" if rank[item.a.mode] < rank[item.b.mode] else "B" for item in instrument.items}


def answers_for_weights(instrument: Instrument, weights: Mapping[str, float], rng: random.Random) -> dict[str, str]:
    """Pick A with probability w(A) / (w(A) + w(B)) (a Bradley–Terry respondent)."""
    answers = {}
    for item in instrument.items:
        wa, wb = weights[item.a.mode], weights[item.b.mode]
        answers[item.id] = "A" if rng.random() < wa / (wa + wb) else "B"
    return answers
