"""Where a respondent stands in the questionnaire (pure)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .instrument import Instrument

__all__ = ["Progress", "progress", "number_ranges"]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    missing: tuple[str, ...]  # item ids, in questionnaire order

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def fraction(self) -> float:
        return self.answered / self.total if self.total else 0.0

    def missing_numbers(self, instrument: Instrument) -> tuple[int, ...]:
        """1-based question numbers of the missing items, as a user counts them."""
        ids = instrument.ids
        return tuple(ids.index(item_id) + 1 for item_id in self.missing)


def progress(instrument: Instrument, answers: Mapping[str, str]) -> Progress:
    """Count valid answers; unknown ids and invalid choices do not count."""
    valid = {i for i, choice in answers.items() if choice in ("A", "B")}
    missing = tuple(item_id for item_id in instrument.ids if item_id not in valid)
    return Progress(answered=len(instrument) - len(missing), total=len(instrument), missing=missing)


def number_ranges(numbers: tuple[int, ...] | list[int]) -> str:
    """Compact question numbers for people: (1, 2, 3, 7, 9, 10) -> "1–3, 7, 9–10"."""
    parts: list[str] = []
    ordered = sorted(set(numbers))
    start = previous = None
    for number in ordered + [None]:
        if number is not None and previous is not None and number == previous + 1:
            previous = number
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = number
    return ", ".join(parts)
