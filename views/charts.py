"""Plotly figures for the profile. Pure functions of the profile and its texts, so the
same figures can be reused by reports; no Streamlit here."""
from __future__ import annotations

import plotly.graph_objects as go

from analysis import MAX_SCORE, Norms, Profile
from questionnaire import MODES, Catalog, ModeText, mode_positions

__all__ = ["MODE_COLORS", "profile_chart", "mode_map", "pressure_chart", "PLOTLY_CONFIG"]

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


def profile_chart(profile: Profile, texts: dict[str, ModeText], catalog: Catalog, norms: Norms) -> go.Figure:
    """Horizontal bars, one per mode, over the shaded low / medium / high bands."""
    modes = list(MODES)
    names = [texts[m].name for m in modes]
    fig = go.Figure(go.Bar(
        x=[profile.scores[m] for m in modes],
        y=names,
        orientation="h",
        marker_color=[MODE_COLORS[m] for m in modes],
        text=[f"{profile.scores[m]} · {catalog.t('band.' + profile.bands[m])}" for m in modes],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    for row, mode in enumerate(modes):
        for band, (lowest, highest) in norms.limits[mode].items():
            fig.add_shape(type="rect", xref="x", yref="y", layer="below", line_width=0,
                          x0=lowest - 0.5 if lowest else 0, x1=highest + 0.5 if highest < MAX_SCORE else MAX_SCORE,
                          y0=row - 0.45, y1=row + 0.45, fillcolor=_BAND_FILL[band])
    first = norms.limits[modes[0]]
    for band, (lowest, highest) in first.items():
        fig.add_annotation(x=(lowest + highest) / 2, y=-0.75, yref="y", xref="x", showarrow=False,
                           text=catalog.t("band." + band), font={"size": 11, "color": "#555"})
    fig.update_layout(
        height=320, margin={"l": 10, "r": 60, "t": 10, "b": 30}, showlegend=False,
        xaxis={"range": [0, MAX_SCORE], "dtick": 2, "fixedrange": True, "showgrid": False},
        yaxis={"autorange": "reversed", "fixedrange": True, "range": [len(modes) - 0.5, -1.1]},
        plot_bgcolor="white", paper_bgcolor="white",
    )
    return fig


def mode_map(profile: Profile, texts: dict[str, ModeText], catalog: Catalog) -> go.Figure:
    """The five-mode map: cooperativeness across, assertiveness up, the respondent as a dot."""
    positions = mode_positions()
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=[positions[m][1] for m in MODES], y=[positions[m][0] for m in MODES],
        mode="markers+text", text=[texts[m].name for m in MODES],
        textposition=["bottom right", "bottom left", "bottom center", "top right", "top left"],
        marker={"size": 14, "color": [MODE_COLORS[m] for m in MODES], "opacity": 0.55},
        hoverinfo="skip", cliponaxis=False,
    ))
    fig.add_trace(go.Scatter(
        x=[profile.cooperativeness], y=[profile.assertiveness], mode="markers+text",
        text=[f"<b>{catalog.t('results.you')}</b>"], textposition="top center",
        textfont={"size": 14, "color": "#111"},
        marker={"size": 18, "color": "#111", "symbol": "diamond", "line": {"width": 2, "color": "white"}},
        hovertemplate=(f"{catalog.t('results.axis_cooperativeness')}: %{{x:.2f}}<br>"
                       f"{catalog.t('results.axis_assertiveness')}: %{{y:.2f}}<extra></extra>"),
        cliponaxis=False,
    ))
    # Guides through the centre, where a respondent with no preference sits.
    guide = {"type": "line", "layer": "below", "line": {"color": "#ccc", "dash": "dot"}}
    fig.add_shape(x0=0.5, x1=0.5, y0=-0.05, y1=1.05, **guide)
    fig.add_shape(y0=0.5, y1=0.5, x0=-0.05, x1=1.05, **guide)
    axis = {"range": [-0.12, 1.12], "showticklabels": False, "showgrid": False, "zeroline": False,
            "fixedrange": True}
    fig.update_layout(
        height=380, margin={"l": 30, "r": 10, "t": 10, "b": 30}, showlegend=False,
        xaxis={**axis, "title": {"text": catalog.t("results.axis_cooperativeness") + " →"}},
        yaxis={**axis, "title": {"text": catalog.t("results.axis_assertiveness") + " →"}, "scaleanchor": "x"},
        plot_bgcolor="white", paper_bgcolor="white",
    )
    return fig


def pressure_chart(reading, texts: dict[str, ModeText], catalog: Catalog) -> go.Figure:
    """Part 1 and Part 2 side by side: each mode's share of the agent's choices."""
    modes = list(MODES)
    names = [texts[m].name for m in modes]
    fig = go.Figure()
    for key, shares, opacity, pattern in (("pressure.series_profile", reading.profile_shares, 0.45, "/"),
                                          ("pressure.series_pressure", reading.shares, 1.0, "")):
        fig.add_trace(go.Bar(
            x=[round(100 * shares[m]) for m in modes], y=names, orientation="h", name=catalog.t(key),
            marker={"color": [MODE_COLORS[m] for m in modes], "opacity": opacity, "pattern": {"shape": pattern}},
            text=[f"{round(100 * shares[m])} %" for m in modes], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{x} %<extra></extra>", showlegend=False,
        ))
        # The legend shows the series in neutral grey: the colours belong to the modes.
        fig.add_trace(go.Bar(x=[None], y=[None], orientation="h", name=catalog.t(key),
                             marker={"color": "#666", "opacity": opacity, "pattern": {"shape": pattern}},
                             hoverinfo="skip"))
    top = max([*reading.shares.values(), *reading.profile_shares.values(), 0.1])
    fig.update_layout(
        barmode="group", height=360, margin={"l": 10, "r": 50, "t": 10, "b": 10},
        legend={"orientation": "h", "y": -0.08, "x": 0},
        xaxis={"range": [0, min(100, 100 * top + 15)], "ticksuffix": " %", "fixedrange": True, "showgrid": False},
        yaxis={"autorange": "reversed", "fixedrange": True},
        plot_bgcolor="white", paper_bgcolor="white",
    )
    return fig
