"""A text alternative for every chart: one or two sentences, in the chart's language, saying
what the chart shows (the figures it draws, not more). The page gives them to a screen reader
as the chart's name (views/a11y.py) and prints them under the chart.

Pure functions of the same data the charts draw (reports/charts.py)."""
from __future__ import annotations

import math

from analysis import Comparison, Profile
from analysis.trend import Trend
from questionnaire import MODES, Catalog, ModeText, mode_positions

__all__ = ["comparison_text", "items_text", "map_text", "profile_text", "scenario_text", "team_text", "trend_text"]


def _modes(parts: list[str]) -> str:
    """One part per mode ("Competing 3 (low)"), in one sentence."""
    return "; ".join(parts)


def profile_text(profile: Profile, texts: dict[str, ModeText], catalog: Catalog) -> str:
    scores = [f"{texts[m].name} {profile.scores[m]} ({catalog.t('band.' + profile.bands[m])})" for m in MODES]
    return catalog.t("alt.profile", scores=_modes(scores))


def nearest_mode(position: tuple[float, float]) -> str:
    """The mode whose place on the map is nearest (assertiveness, cooperativeness)."""
    places = mode_positions()
    return min(MODES, key=lambda m: math.dist(places[m], position))


def map_text(position: tuple[float, float], label: str, texts: dict[str, ModeText], catalog: Catalog) -> str:
    assertiveness, cooperativeness = position
    return catalog.t(
        "alt.map", label=label, mode=texts[nearest_mode(position)].name,
        axis_assertiveness=catalog.t("results.axis_assertiveness"),
        axis_cooperativeness=catalog.t("results.axis_cooperativeness"),
        assertiveness=catalog.number(assertiveness, digits=2), cooperativeness=catalog.number(cooperativeness, digits=2),
    )


def scenario_text(reading, texts: dict[str, ModeText], catalog: Catalog) -> str:
    shares = [catalog.t("alt.share_item", mode=texts[m].name, profile=round(100 * reading.profile_shares[m]),
                        scenarios=round(100 * reading.shares[m])) for m in MODES]
    return catalog.t("alt.scenarios", shares=_modes(shares))


def team_text(visible_count: int, figures, texts: dict[str, ModeText], catalog: Catalog) -> str:
    """The team chart: the means it draws (they include private results, as the chart's bar does)
    and how many results it shows as dots."""
    if figures is None:
        return catalog.t("alt.team_none", count=visible_count)
    means = [f"{texts[m].name} {catalog.number(figures.means[m], digits=1)}" for m in MODES]
    return catalog.t("alt.team", means=_modes(means), count=visible_count)


def comparison_text(comparison: Comparison, texts: dict[str, ModeText], catalog: Catalog, this_label: str,
                    other_label: str) -> str:
    if comparison.modes is None:
        return catalog.t("alt.comparison_none", this=this_label, other=other_label)
    parts = [catalog.t("alt.difference_item", mode=texts[d.mode].name, a=catalog.number(d.mean_a, digits=1),
                       b=catalog.number(d.mean_b, digits=1))
             + (f" ({catalog.t('alt.within_noise')})" if d.within_noise else "")
             for d in comparison.modes]
    return catalog.t("alt.comparison", this=this_label, other=other_label, differences=_modes(parts))


def trend_text(trend: Trend, texts: dict[str, ModeText], catalog: Catalog) -> str:
    first, last = trend.rounds[0], trend.rounds[-1]
    lines = [catalog.t("alt.trend_item", mode=texts[m].name, start=catalog.number(first.means[m], digits=1),
                       end=catalog.number(last.means[m], digits=1)) for m in MODES]
    return catalog.t("alt.trend", first=first.number, last=last.number, lines=_modes(lines))


def items_text(distributions, texts: dict[str, ModeText], catalog: Catalog) -> str:
    common = []
    for m in MODES:
        shares = distributions.get(m, ())
        if shares and max(shares) > 0:
            common.append(f"{texts[m].name} {max(range(len(shares)), key=lambda s: shares[s])}")
    return catalog.t("alt.items", common=_modes(common))
