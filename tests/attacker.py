"""A team lead who does the arithmetic: the attacker the privacy tests play.

The attacker is given more than any page shows, so that passing means something: the
exact set of results behind every figure they saw (not just the count), and every result
they ever saw on its own or imported. Each figure is a total over its set, so what they can
work out is linear algebra: a private result is recovered exactly when its indicator vector
lies in the span of the sets' indicators, once the known results are taken out. ``recovered``
answers that with exact rational arithmetic.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from questionnaire import MODES


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows if any(r)]
    rank, columns = 0, len(rows[0]) if rows else 0
    for col in range(columns):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank])]
        rank += 1
    return rank


class Attacker:
    def __init__(self) -> None:
        self.known: dict[int, Mapping[str, int]] = {}
        self.views: list[tuple[frozenset[int], dict[str, float]]] = []

    def learn(self, member_id: int, scores: Mapping[str, int]) -> None:
        """A result the lead has seen on its own (shared and shown) or typed in (imported)."""
        self.known[member_id] = dict(scores)

    def observe(self, included: Iterable[int], totals: Mapping[str, float]) -> None:
        """One look at the figures: the results behind them, and their totals per mode."""
        self.views.append((frozenset(included), dict(totals)))

    def recovered(self) -> set[int]:
        """The results not known to the lead whose scores the views determine exactly."""
        unknown = sorted({m for included, _ in self.views for m in included} - set(self.known))
        if not unknown:
            return set()
        index = {m: i for i, m in enumerate(unknown)}
        matrix = []
        for included, _ in self.views:
            row = [Fraction(0)] * len(unknown)
            for m in included:
                if m in index:
                    row[index[m]] = Fraction(1)
            matrix.append(row)
        base = _rank(matrix)
        found = set()
        for m in unknown:
            unit = [Fraction(0)] * len(unknown)
            unit[index[m]] = Fraction(1)
            if _rank(matrix + [unit]) == base:
                found.add(m)
        return found

    def solve(self, member_id: int) -> dict[str, float] | None:
        """The attacker's exact answer for one result, when ``recovered`` says there is one:
        found by differencing pairs of views (enough for the attacks the tests replay)."""
        for a_set, a_totals in self.views:
            for b_set, b_totals in self.views:
                if a_set - b_set == {member_id} and b_set <= a_set:
                    return {m: a_totals[m] - b_totals[m] for m in MODES}
        for included, totals in self.views:
            rest = included - {member_id}
            if member_id in included and rest <= set(self.known):
                return {m: totals[m] - sum(self.known[r][m] for r in rest) for m in MODES}
        return None
