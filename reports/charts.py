"""Plotly figures: the profile, the five-mode map, Part 2 beside Part 1, a team, a comparison of two
groups and a team's trend over its rounds.

Pure functions of their data and texts, so the page and a printed report draw the same
chart from one definition; no Streamlit here."""
from __future__ import annotations

import html
import math

import plotly.graph_objects as go

from analysis import MAX_SCORE, Comparison, Norms, Profile
from analysis.trend import Trend
from questionnaire import MODES, Catalog, ModeText, mode_positions

__all__ = ["MODE_COLORS", "profile_chart", "mode_map", "position_map", "scenario_chart", "team_chart",
           "comparison_chart", "trend_chart", "item_distribution_chart", "PLOTLY_CONFIG"]

# One colour per mode, used in every chart (colour-blind-safe Okabe–Ito palette).
MODE_COLORS = {
    "competing": "#D55E00",
    "collaborating": "#0072B2",
    "compromising": "#009E73",
    "avoiding": "#7F7F7F",
    "accommodating": "#CC79A7",
}
_BAND_FILL = {"low": "rgba(0,0,0,0.02)", "medium": "rgba(0,0,0,0.06)", "high": "rgba(0,0,0,0.11)"}

# Static charts: no toolbar, no zoom traps on a phone.
PLOTLY_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """Build a figure in one go. Plotly validates on every update, so adding traces and shapes
    one by one costs several times more than this (see bench/README.md)."""
    return go.Figure(data=data, layout={"plot_bgcolor": "white", "paper_bgcolor": "white", **layout})


def profile_chart(profile: Profile, texts: dict[str, ModeText], catalog: Catalog, norms: Norms) -> go.Figure:
    """Horizontal bars, one per mode, over the shaded low / medium / high bands."""
    modes = list(MODES)
    bars = {
        "type": "bar", "orientation": "h",
        "x": [profile.scores[m] for m in modes], "y": [texts[m].name for m in modes],
        "marker": {"color": [MODE_COLORS[m] for m in modes]},
        "text": [f"{profile.scores[m]} · {catalog.t('band.' + profile.bands[m])}" for m in modes],
        "textposition": "outside", "cliponaxis": False, "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    # The bands behind the bars, as bar traces: much cheaper for Plotly than 15 shapes.
    bands = []
    for band in _BAND_FILL:
        spans = [norms.limits[m][band] for m in modes]
        starts = [lowest - 0.5 if lowest else 0 for lowest, _ in spans]
        ends = [highest + 0.5 if highest < MAX_SCORE else MAX_SCORE for _, highest in spans]
        bands.append({
            "type": "bar", "orientation": "h", "y": bars["y"], "base": starts,
            "x": [end - start for start, end in zip(starts, ends)], "width": 0.9,
            "marker": {"color": _BAND_FILL[band], "line": {"width": 0}}, "hoverinfo": "skip",
        })
    annotations = [
        {"x": (lowest + highest) / 2, "y": -0.75, "yref": "y", "xref": "x", "showarrow": False,
         "text": catalog.t("band." + band), "font": {"size": 11, "color": "#555"}}
        for band, (lowest, highest) in norms.limits[modes[0]].items()
    ]
    return _figure([*bands, {**bars, "width": 0.62}], {
        "barmode": "overlay", "annotations": annotations,
        "height": 320, "margin": {"l": 10, "r": 60, "t": 10, "b": 30}, "showlegend": False,
        "xaxis": {"range": [0, MAX_SCORE], "dtick": 2, "fixedrange": True, "showgrid": False},
        "yaxis": {"autorange": "reversed", "fixedrange": True, "range": [len(modes) - 0.5, -1.1]},
    })


def mode_map(profile: Profile, texts: dict[str, ModeText], catalog: Catalog) -> go.Figure:
    """The five-mode map: cooperativeness across, assertiveness up, the respondent as a dot."""
    return position_map((profile.assertiveness, profile.cooperativeness), catalog.t("results.you"), texts, catalog)


def position_map(position: tuple[float, float], label: str, texts: dict[str, ModeText],
                 catalog: Catalog) -> go.Figure:
    """The five-mode map with one labelled point (a person, or a team's average)."""
    assertiveness, cooperativeness = position
    positions = mode_positions()
    modes = {
        "type": "scatter", "mode": "markers+text",
        "x": [positions[m][1] for m in MODES], "y": [positions[m][0] for m in MODES],
        "text": [texts[m].name for m in MODES],
        "textposition": ["bottom right", "bottom left", "bottom center", "top right", "top left"],
        "marker": {"size": 14, "color": [MODE_COLORS[m] for m in MODES], "opacity": 0.55},
        "hoverinfo": "skip", "cliponaxis": False,
    }
    you = {
        "type": "scatter", "mode": "markers+text",
        "x": [cooperativeness], "y": [assertiveness],
        "text": [f"<b>{label}</b>"], "textposition": "top center",
        "textfont": {"size": 14, "color": "#111"},
        "marker": {"size": 18, "color": "#111", "symbol": "diamond", "line": {"width": 2, "color": "white"}},
        "hovertemplate": (f"{catalog.t('results.axis_cooperativeness')}: %{{x:.2f}}<br>"
                          f"{catalog.t('results.axis_assertiveness')}: %{{y:.2f}}<extra></extra>"),
        "cliponaxis": False,
    }
    # Guides through the centre, where a respondent with no preference sits.
    guide = {"type": "line", "layer": "below", "line": {"color": "#ccc", "dash": "dot"}}
    axis = {"range": [-0.12, 1.12], "showticklabels": False, "showgrid": False, "zeroline": False,
            "fixedrange": True}
    return _figure([modes, you], {
        "separators": _separators(catalog),
        "shapes": [{"x0": 0.5, "x1": 0.5, "y0": -0.05, "y1": 1.05, **guide},
                   {"y0": 0.5, "y1": 0.5, "x0": -0.05, "x1": 1.05, **guide}],
        "height": 380, "margin": {"l": 30, "r": 10, "t": 10, "b": 30}, "showlegend": False,
        "xaxis": {**axis, "title": {"text": catalog.t("results.axis_cooperativeness") + " →"}},
        "yaxis": {**axis, "title": {"text": catalog.t("results.axis_assertiveness") + " →"}, "scaleanchor": "x"},
    })


def scenario_chart(reading, texts: dict[str, ModeText], catalog: Catalog) -> go.Figure:
    """Part 1 and Part 2 side by side: each mode's share of the agent's choices."""
    modes = list(MODES)
    names = [texts[m].name for m in modes]
    data = []
    for key, shares, opacity, pattern in (("scenario_results.series_profile", reading.profile_shares, 0.45, "/"),
                                          ("scenario_results.series_scenarios", reading.shares, 1.0, "")):
        percent = [round(100 * shares[m]) for m in modes]
        data.append({
            "type": "bar", "orientation": "h", "x": percent, "y": names, "name": catalog.t(key),
            "marker": {"color": [MODE_COLORS[m] for m in modes], "opacity": opacity, "pattern": {"shape": pattern}},
            "text": [f"{p} %" for p in percent], "textposition": "outside", "cliponaxis": False,
            "hovertemplate": "%{y}: %{x} %<extra></extra>", "showlegend": False,
        })
        # The legend shows the series in neutral grey: the colours belong to the modes.
        data.append({"type": "bar", "orientation": "h", "x": [None], "y": [None], "name": catalog.t(key),
                     "marker": {"color": "#666", "opacity": opacity, "pattern": {"shape": pattern}},
                     "hoverinfo": "skip"})
    top = max([*reading.shares.values(), *reading.profile_shares.values(), 0.1])
    return _figure(data, {
        "barmode": "group", "height": 360, "margin": {"l": 10, "r": 50, "t": 10, "b": 10},
        "legend": {"orientation": "h", "y": -0.08, "x": 0},
        "xaxis": {"range": [0, min(100, 100 * top + 15)], "ticksuffix": " %", "fixedrange": True,
                  "showgrid": False},
        "yaxis": {"autorange": "reversed", "fixedrange": True},
    })


_SPREAD = (0.0, -0.16, 0.16, -0.32, 0.32, -0.08, 0.08, -0.24, 0.24)  # where equal scores sit in a row


def team_chart(visible, figures, texts: dict[str, ModeText], catalog: Catalog, norms: Norms) -> go.Figure:
    """Over the bands: a dot per mode for each result the lead may see on its own (no names),
    and a bar at the team's mean, which includes the private results (analysis.team).
    ``visible``: score mappings; ``figures``: analysis.TeamFigures or None."""
    modes = list(MODES)
    names = [texts[m].name for m in modes]
    bands = []
    for band in _BAND_FILL:
        spans = [norms.limits[m][band] for m in modes]
        starts = [lowest - 0.5 if lowest else 0 for lowest, _ in spans]
        ends = [highest + 0.5 if highest < MAX_SCORE else MAX_SCORE for _, highest in spans]
        bands.append({"type": "bar", "orientation": "h", "y": names, "base": starts,
                      "x": [end - start for start, end in zip(starts, ends)], "width": 0.9,
                      "marker": {"color": _BAND_FILL[band], "line": {"width": 0}}, "hoverinfo": "skip",
                      "showlegend": False})
    # Results with the same score sit side by side rather than on top of each other.
    xs, ys, colours = [], [], []
    for row, mode in enumerate(modes):
        seen: dict[int, int] = {}
        for value in sorted(scores[mode] for scores in visible):
            k = seen.get(value, 0)
            seen[value] = k + 1
            xs.append(value)
            ys.append(row + _SPREAD[k % len(_SPREAD)])
            colours.append(MODE_COLORS[mode])
    data = [*bands]
    if xs:
        data.append({"type": "scatter", "mode": "markers", "x": xs, "y": ys, "yaxis": "y2", "cliponaxis": False,
                     "name": catalog.t("dashboard.dots_legend"),
                     "marker": {"size": 9, "color": colours, "opacity": 0.8, "line": {"width": 1, "color": "white"}},
                     "hoverinfo": "x"})
    if figures is not None:
        data.append({"type": "scatter", "mode": "markers", "x": [round(figures.means[m], 2) for m in modes],
                     "y": list(range(len(modes))), "yaxis": "y2", "name": catalog.t("dashboard.mean_legend"),
                     "marker": {"symbol": "line-ns-open", "size": 30, "color": "#111",
                                "line": {"width": 3, "color": "#111"}},
                     "hovertemplate": "%{x:.1f}<extra></extra>"})
    return _figure(data, {
        "separators": _separators(catalog), "barmode": "overlay", "height": 340, "margin": {"l": 10, "r": 20, "t": 10, "b": 30},
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
        "xaxis": {"range": [-0.6, MAX_SCORE + 0.6], "dtick": 2, "fixedrange": True, "showgrid": False,
                  "zeroline": False},
        "yaxis": {"autorange": "reversed", "fixedrange": True},
        "yaxis2": {"overlaying": "y", "range": [len(modes) - 0.5, -0.5], "visible": False, "fixedrange": True},
    })


def _separators(catalog: Catalog) -> str:
    """Plotly's decimal and thousands separators for the catalog's language, so its own tick
    and hover numbers read like ``Catalog.number``: "1.5" in English, "1,5" in the Nordic ones."""
    return ".," if catalog.lang == "en" else ",\u00a0"


def _step(limit: float) -> float:
    """A whole-number tick step giving three to five ticks each side of zero (the PDF labels
    ticks as whole numbers)."""
    return next(step for step in (1, 2, 5, 10, 20) if limit / step <= 5)


def comparison_chart(comparison: Comparison, texts: dict[str, ModeText], catalog: Catalog, this_label: str,
                     other_label: str) -> go.Figure:
    """Per mode, a dot at the difference in mean score (this minus other) on a bar as wide as the
    measurement noise (``ModeDifference.noise`` each side), against a line at zero. A difference
    within the noise (its bar crosses zero) is a hollow dot on a grey bar: quieter than a clear
    one, in the mode's colour. Short labels ("Round 1") keep the axis title on a phone."""
    # The labels may hold a team's name as its lead typed it; Plotly draws a little HTML (links,
    # bold, styles) in its texts, so they go in escaped.
    this_label, other_label = html.escape(this_label), html.escape(other_label)
    if comparison.modes is None:
        raise ValueError("the groups are too small to compare: there is no difference to draw")
    rows = {d.mode: d for d in comparison.modes}
    missing = [m for m in MODES if m not in rows]
    if missing:
        raise ValueError(f"the comparison has no difference for {', '.join(missing)}")
    rows = [rows[m] for m in MODES]
    names = [texts[d.mode].name for d in rows]
    hover = [
        f"<b>{names[i]}</b>: {catalog.number(d.difference, sign=True)} ± {catalog.number(d.noise)}<br>"
        f"{catalog.t('dashboard.within_noise') if d.within_noise else catalog.t('dashboard.clear_difference')}<br>"
        f"{this_label}: {catalog.number(d.mean_a)} · {other_label}: {catalog.number(d.mean_b)}"
        for i, d in enumerate(rows)
    ]
    # Avoiding's own colour is a grey: a within-noise bar is paler still, and its dot hollow.
    band_colours = ["rgba(0,0,0,0.07)" if d.within_noise else _tint(MODE_COLORS[d.mode], 0.38) for d in rows]
    bands = {
        "type": "bar", "orientation": "h", "y": names, "base": [d.difference - d.noise for d in rows],
        "x": [2 * d.noise for d in rows], "width": 0.34,
        "marker": {"color": band_colours, "line": {"width": 0}},
        "text": [catalog.number(d.difference, sign=True) for d in rows], "textposition": "outside",
        "textfont": {"size": 11, "color": "#444"}, "cliponaxis": False,
        "hovertext": hover, "hoverinfo": "text", "showlegend": False,
    }
    # One dot per mode, each its own trace: a hollow dot is white inside a ring in the mode's
    # colour, and the PDF renderer takes one ring colour per trace.
    dots = [{
        "type": "scatter", "mode": "markers", "x": [d.difference], "y": [names[i]], "name": names[i],
        "marker": ({"size": 12, "color": "white", "line": {"width": 2, "color": MODE_COLORS[d.mode]}}
                   if d.within_noise else
                   {"size": 13, "color": MODE_COLORS[d.mode], "line": {"width": 1.5, "color": "white"}}),
        "hovertext": [hover[i]], "hoverinfo": "text", "cliponaxis": False, "showlegend": False,
    } for i, d in enumerate(rows)]
    # What filled and hollow mean, in neutral grey: the colours belong to the modes.
    legend = [
        {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "hoverinfo": "skip",
         "name": catalog.t("dashboard.legend_clear"),
         "marker": {"size": 11, "color": "#555", "line": {"width": 1.5, "color": "white"}}},
        {"type": "scatter", "mode": "markers", "x": [None], "y": [None], "hoverinfo": "skip",
         "name": catalog.t("dashboard.legend_within"),
         "marker": {"size": 10, "color": "white", "line": {"width": 2, "color": "#555"}}},
    ]
    # Symmetric about zero, so left and right read alike, and wide enough for every bar and its label.
    extent = max(abs(d.difference) + d.noise for d in rows)
    limit = max(1.0, math.ceil(extent * 1.12 + 0.3))
    zero = {"type": "line", "layer": "between", "x0": 0, "x1": 0, "y0": -0.5, "y1": len(rows) - 0.5,
            "line": {"color": "#444", "width": 1}}
    return _figure([bands, *dots, *legend], {
        "barmode": "overlay", "height": 330, "margin": {"l": 10, "r": 40, "t": 10, "b": 10},
        "separators": _separators(catalog), "shapes": [zero],
        "legend": {"orientation": "h", "y": -0.3, "yanchor": "top", "x": 0},
        "xaxis": {"range": [-limit, limit], "dtick": _step(limit), "fixedrange": True, "zeroline": False,
                  "showgrid": True, "gridcolor": "#eee",
                  "title": {"text": catalog.t("dashboard.compare_axis", this=this_label, other=other_label),
                            "font": {"size": 12}}},
        "yaxis": {"autorange": "reversed", "fixedrange": True},
    })


def trend_chart(trend: Trend, texts: dict[str, ModeText], catalog: Catalog) -> go.Figure:
    """The team's mean score per mode over its rounds with figures: a line per mode in its
    colour, with the measurement noise of each round's mean as a whisker. The modes sit a
    little apart within a round, so that whiskers of close means do not hide each other."""
    numbers = [r.number for r in trend.rounds]
    spread = 0.06 if len(numbers) < 2 else 0.06 * min(b - a for a, b in zip(numbers, numbers[1:]))
    data = []
    for k, mode in enumerate(MODES):
        offset = (k - (len(MODES) - 1) / 2) * spread
        name = texts[mode].name
        data.append({
            "type": "scatter", "mode": "lines+markers", "name": name,
            "x": [r.number + offset for r in trend.rounds], "y": [r.means[mode] for r in trend.rounds],
            "line": {"color": MODE_COLORS[mode], "width": 2.5},
            "marker": {"size": 8, "color": MODE_COLORS[mode]},
            "error_y": {"type": "data", "array": [r.noise for r in trend.rounds], "visible": True,
                        "color": _tint(MODE_COLORS[mode], 0.45), "thickness": 1.5, "width": 3},
            "hovertext": [f"<b>{name}</b>, {catalog.t('dashboard.trend_round', number=r.number)}: "
                          f"{catalog.number(r.means[mode])} ± {catalog.number(r.noise)}<br>"
                          f"{catalog.t('dashboard.included_all', count=r.count)}" for r in trend.rounds],
            "hoverinfo": "text",
        })
    ends = [numbers[0] - 0.5, numbers[-1] + 0.5] if numbers else [0.5, 1.5]
    return _figure(data, {
        "height": 360, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "separators": _separators(catalog),
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0},
        "xaxis": {"tickmode": "array", "tickvals": numbers,
                  "ticktext": [catalog.t("dashboard.trend_round", number=n) for n in numbers],
                  "range": ends, "fixedrange": True, "showgrid": False, "zeroline": False},
        "yaxis": {"range": [0, MAX_SCORE], "dtick": 2, "fixedrange": True, "gridcolor": "#eee", "zeroline": False,
                  "title": {"text": catalog.t("dashboard.trend_axis"), "font": {"size": 12}}},
    })


def _tint(colour: str, alpha: float) -> str:
    """A "#rrggbb" colour as rgba with the given opacity."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def item_distribution_chart(distributions, texts: dict[str, ModeText], catalog: Catalog) -> go.Figure:
    """The item report's score spread: per mode, the share of agents with each score 0..12, as
    small bars side by side (one trace per mode, in its colour)."""
    data = []
    for mode in MODES:
        shares = distributions.get(mode, ())
        name = texts[mode].name
        data.append({
            "type": "bar", "name": name, "x": list(range(len(shares))), "y": [100 * s for s in shares],
            "marker": {"color": MODE_COLORS[mode]},
            "hovertext": [f"<b>{html.escape(name)}</b>, {catalog.t('items.score_axis')} {score}: "
                          f"{catalog.number(100 * s, digits=0)} %" for score, s in enumerate(shares)],
            "hoverinfo": "text",
        })
    return _figure(data, {
        "height": 340, "barmode": "group", "bargap": 0.15, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "separators": _separators(catalog),
        # Above the bars: below them the legend would run into the axis title on a phone.
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "xaxis": {"dtick": 1, "range": [-0.5, MAX_SCORE + 0.5], "fixedrange": True, "showgrid": False,
                  "title": {"text": catalog.t("items.score_axis"), "font": {"size": 12}}},
        "yaxis": {"fixedrange": True, "gridcolor": "#eee", "ticksuffix": " %", "rangemode": "tozero",
                  "title": {"text": catalog.t("items.share_axis"), "font": {"size": 12}}},
    })
