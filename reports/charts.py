"""Plotly figures: the profile, the five-mode map, Part 2 beside Part 1, and a team.

Pure functions of their data and texts, so the page and a printed report draw the same
chart from one definition; no Streamlit here."""
from __future__ import annotations

import plotly.graph_objects as go

from analysis import MAX_SCORE, Norms, Profile
from questionnaire import MODES, Catalog, ModeText, mode_positions

__all__ = ["MODE_COLORS", "profile_chart", "mode_map", "position_map", "scenario_chart", "team_chart",
           "PLOTLY_CONFIG"]

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
        "barmode": "overlay", "height": 340, "margin": {"l": 10, "r": 20, "t": 10, "b": 30},
        "legend": {"orientation": "h", "y": -0.12, "x": 0},
        "xaxis": {"range": [-0.6, MAX_SCORE + 0.6], "dtick": 2, "fixedrange": True, "showgrid": False,
                  "zeroline": False},
        "yaxis": {"autorange": "reversed", "fixedrange": True},
        "yaxis2": {"overlaying": "y", "range": [len(modes) - 0.5, -0.5], "visible": False, "fixedrange": True},
    })
