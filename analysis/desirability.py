"""The protocol's three desirability rules over one language's ratings (questionnaire/data/
desirability/protocol.md). `csc-admin desirability` prints them and the tests hold the shipped
instrument to them, so both read the verdict from here."""
from __future__ import annotations

from dataclasses import dataclass

from questionnaire import MODES
from questionnaire.evidence import MIN_RATERS, Ratings, statement_key
from questionnaire.instrument import CHOICES, Instrument

from .scoring import score

__all__ = ["MAX_MODE_OFFSET", "MAX_NICER_SCORE", "MAX_PAIR_GAP", "DesirabilityCheck", "check_desirability"]

MAX_PAIR_GAP = 1.0  # the two statements of a pair, in rating points (1-7)
MAX_MODE_OFFSET = 0.5  # a mode's mean rating from the mean of all statements
MAX_NICER_SCORE = 9  # the highest score of a respondent who always picks the nicer-sounding statement (of 12)


@dataclass(frozen=True)
class DesirabilityCheck:
    lang: str
    fewest_raters: int
    gaps: dict[str, float]  # pair -> mean(A) - mean(B), to two decimals
    mode_means: dict[str, float]
    overall: float
    nicer_scores: dict[str, int]  # the always-nicer respondent's scores

    @property
    def widest_pair(self) -> str:
        return max(self.gaps, key=lambda item: abs(self.gaps[item]))

    @property
    def uneven_pairs(self) -> dict[str, float]:
        return {item: gap for item, gap in self.gaps.items() if abs(gap) > MAX_PAIR_GAP}

    @property
    def favoured_modes(self) -> dict[str, float]:
        """Modes whose statements sound better or worse than the rest, by more than the rule allows."""
        offsets = {mode: round(value - self.overall, 2) for mode, value in self.mode_means.items()}
        return {mode: offset for mode, offset in offsets.items() if abs(offset) > MAX_MODE_OFFSET}

    @property
    def ok(self) -> bool:
        return (self.fewest_raters >= MIN_RATERS and not self.uneven_pairs and not self.favoured_modes
                and max(self.nicer_scores.values()) <= MAX_NICER_SCORE)


def check_desirability(ratings: Ratings, form: Instrument) -> DesirabilityCheck | None:
    """The rules over the ratings of one language's statements; None while a statement has no rating."""
    keys = [statement_key(item.id, choice, form.lang) for item in form.items for choice in CHOICES]
    fewest = min(ratings.raters(key) for key in keys)
    if fewest == 0:
        return None
    means = ratings.mode_means(form)
    return DesirabilityCheck(
        lang=form.lang,
        fewest_raters=fewest,
        gaps={item.id: round(ratings.pair_gap(item.id, form.lang), 2) for item in form.items},
        mode_means={mode: means[mode] for mode in MODES},
        overall=sum(ratings.mean(key) for key in keys) / len(keys),
        nicer_scores=dict(score(form, ratings.nicer_answers(form)).scores),
    )
