"""What a profile means, in the respondent's language (pure).

Returns a plain model that a page or a report renders; no formatting here
beyond the sentences themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

from questionnaire import MODES, ModeText, load_catalog, load_mode_texts

from .scoring import Profile

__all__ = ["ModeReading", "Interpretation", "interpret", "join_names"]


@dataclass(frozen=True)
class ModeReading:
    mode: str
    score: int
    band: str
    rank: int
    tied: bool  # shares its rank with another mode
    text: ModeText


@dataclass(frozen=True)
class Interpretation:
    headline: str  # "Your most used modes are Competing and Collaborating, tied."
    most_used: tuple[ModeReading, ...]  # read with the overuse questions
    least_used: tuple[ModeReading, ...]  # read with the underuse questions; empty when all tie
    ranked: tuple[ModeReading, ...]  # all five, most used first


def join_names(names: list[str], lang: str) -> str:
    """"A", "A and B", "A, B and C" in the catalog's language."""
    return load_catalog(lang).join(names)


def interpret(profile: Profile, lang: str = "en") -> Interpretation:
    texts = load_mode_texts(lang)
    catalog = load_catalog(lang)
    tied = {m for group in profile.ranking if len(group) > 1 for m in group}
    readings = {
        m: ModeReading(m, profile.scores[m], profile.bands[m], profile.rank(m), m in tied, texts[m]) for m in MODES
    }
    ranked = tuple(readings[m] for group in profile.ranking for m in group)
    top = profile.top_modes
    names = join_names([texts[m].name for m in top], lang)
    if len(top) == len(MODES):
        headline = catalog.t("interpretation.all_tied")
    elif len(top) == 1:
        headline = catalog.t("interpretation.top_one", mode=names)
    else:
        headline = catalog.t("interpretation.top_tied", modes=names)
    return Interpretation(
        headline=headline,
        most_used=tuple(readings[m] for m in top),
        least_used=tuple(readings[m] for m in profile.lowest_modes),
        ranked=ranked,
    )
