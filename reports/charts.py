"""Plotly figures: the profile, the five-mode map, Part 2 beside Part 1, a team, a comparison of two
groups and a team's trend over its rounds.

Pure functions of their data and texts, so the page and a printed report draw the same
chart from one definition; no Streamlit here."""
from __future__ import annotations

import functools
import html
import logging
import math
import re

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

_TEXT = "#333333"  # every chart's text unless it says otherwise: 12.6:1 on white

# Static charts: no toolbar, no zoom traps on a phone.
PLOTLY_CONFIG = {"displayModeBar": False, "scrollZoom": False}


def _figure(data: list[dict], layout: dict) -> go.Figure:
    """Build a figure in one go. Plotly validates on every update, so adding traces and shapes
    one by one costs several times more than this (see bench/README.md).

    The pages draw the charts with these colours (theme=None: Streamlit's theme greys the labels
    below 4.5:1), so the axes make room for their labels themselves (``automargin``), except on
    a chart of fixed geometry (the map: ``margin.autoexpand`` false)."""
    layout = {"plot_bgcolor": "white", "paper_bgcolor": "white", "font": {"color": _TEXT}, **layout}
    if layout.get("margin", {}).get("autoexpand", True):
        for axis in [name for name in layout if name.startswith(("xaxis", "yaxis"))]:
            layout[axis] = {"automargin": True, **layout[axis]}
    return go.Figure(data=data, layout=layout)


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
    """The five-mode map with one labelled point (a person, or a team's average).

    The map has a fixed size in pixels, and each of its six labels is an annotation that
    ``_place_map_labels`` sets where it covers no other label, marker or axis title."""
    return _figure(*_position_map_spec(position, label, texts, catalog))


# The map's geometry is fixed, so that its labels can be laid out in pixels. Streamlit draws a
# chart as wide as its column and keeps the figure's height: about 266 px beside the profile on a
# computer, about 330 px on a phone. Drawn wider than high, Plotly widens the x range about its
# centre (``scaleanchor``), and the scale, so the layout, stays; drawn narrower, the points move
# closer together, so the labels are laid out to stay apart down to ``_MAP_MIN_WIDTH``.
_MAP_SIZE = 264  # the map's column on a computer is 265.6 px wide (Chromium, 1280 px window)
_MAP_MIN_WIDTH = 250  # the same column in a 700 px window
_MAP_MARGIN = {"l": 28, "r": 6, "t": 6, "b": 28}  # a square plot; the axis titles sit in l and b
_MAP_RANGE = (-0.12, 1.12)
_MAP_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"
_MAP_TITLE_SIZE = 12
_MAP_MODE_DOT, _MAP_YOU_DOT, _MAP_YOU_LINE = 14, 18, 2  # marker sizes in px
_MAP_YOU_SIZES, _MAP_MODE_SIZES = (14, 13, 12, 11, 10), (12, 11, 10)  # font sizes, tried in turn
_MAP_SAFETY = 1.15  # the browser's font may be wider than Helvetica
_MAP_PAD = 3  # px kept clear around a label's text
# Px from a marker's edge to its label's box, tried in turn: the near ones at every font size
# first, as a label far from its point seems to name another.
_MAP_GAPS = ((3, 7, 12, 18), (26, 36, 48))
_MAP_SEARCH = 20_000  # overlap tests the search for a layout may take (some 30 ms)
_LOGGER = logging.getLogger(__name__)

# Helvetica's advance widths (the same as Arial's and Liberation Sans's) in 1/1000 em for
# U+0020–U+007E and U+00A0–U+00FF, regular and bold; any other character counts as a full em.
_HELVETICA = {
    False: (
        "278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 "
        "556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 722 778 667 778 "
        "722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556 556 500 556 556 278 556 556 222 222 "
        "500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 260 334 584 278 333 556 556 556 "
        "556 260 556 333 737 370 556 584 333 737 552 400 549 333 333 333 576 537 278 333 333 365 556 834 834 "
        "834 611 667 667 667 667 667 667 1000 722 667 667 667 667 278 278 278 278 722 722 778 778 778 778 778 "
        "584 778 722 722 722 722 667 667 611 556 556 556 556 556 556 889 500 556 556 556 556 278 278 278 278 "
        "556 556 556 556 556 556 556 549 611 556 556 556 556 500 556 500"),
    True: (
        "278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 556 556 "
        "556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 722 778 667 778 "
        "722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556 611 556 611 556 333 611 611 278 278 "
        "556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 280 389 584 278 333 556 556 556 "
        "556 280 556 333 737 370 556 584 333 737 552 400 549 333 333 333 576 556 278 333 333 365 556 834 834 "
        "834 611 722 722 722 722 722 722 1000 722 667 667 667 667 278 278 278 278 722 722 778 778 778 778 778 "
        "584 778 722 722 722 722 667 667 611 556 556 556 556 556 556 889 556 556 556 556 556 278 278 278 278 "
        "611 611 611 611 611 611 611 549 611 611 611 611 611 556 611 556"),
}
_HELVETICA_WIDTHS = {
    bold: dict(zip([chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100))], map(int, widths.split())))
    for bold, widths in _HELVETICA.items()
}


def _contrast(colour: str, background: str = "#FFFFFF") -> float:
    """The WCAG contrast ratio of two "#rrggbb" (or "#rgb") colours."""
    def luminance(c: str) -> float:
        if len(c) == 4:
            c = "#" + "".join(2 * digit for digit in c[1:])
        channels = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _darkened(colour: str, ratio: float = 5.0) -> str:
    """The colour mixed with black until it reads on white (WCAG AA asks 4.5:1 of text)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    for step in range(21):
        k = 1 - step / 20
        darker = "#{:02X}{:02X}{:02X}".format(round(r * k), round(g * k), round(b * k))
        if _contrast(darker) >= ratio:
            return darker
    return "#000000"


# A mode's name in its own colour, darkened: Okabe–Ito's avoiding grey is 4.0:1 on white.
_MODE_TEXT_COLORS = {mode: _darkened(colour) for mode, colour in MODE_COLORS.items()}


def _position_map_spec(position: tuple[float, float], label: str, texts: dict[str, ModeText],
                       catalog: Catalog) -> tuple[list[dict], dict]:
    """``position_map``'s traces and layout, before Plotly checks them."""
    assertiveness, cooperativeness = position
    positions = mode_positions()
    xs, ys = [positions[m][1] for m in MODES], [positions[m][0] for m in MODES]
    modes = {
        "type": "scatter", "mode": "markers", "x": xs, "y": ys,
        "marker": {"size": _MAP_MODE_DOT, "color": [MODE_COLORS[m] for m in MODES], "opacity": 0.55},
        "hoverinfo": "skip", "cliponaxis": False,
    }
    you = {
        "type": "scatter", "mode": "markers", "x": [cooperativeness], "y": [assertiveness],
        "marker": {"size": _MAP_YOU_DOT, "color": "#111", "symbol": "diamond",
                   "line": {"width": _MAP_YOU_LINE, "color": "white"}},
        "hovertemplate": (f"{catalog.t('results.axis_cooperativeness')}: %{{x:.2f}}<br>"
                          f"{catalog.t('results.axis_assertiveness')}: %{{y:.2f}}<extra></extra>"),
        "cliponaxis": False,
    }
    titles = (catalog.t("results.axis_cooperativeness") + " →", catalog.t("results.axis_assertiveness") + " →")
    markers = (*((x, y, _MAP_MODE_DOT) for x, y in zip(xs, ys)),
               (cooperativeness, assertiveness, _MAP_YOU_DOT + 2 * _MAP_YOU_LINE))
    # The person's label first: it is the one the reader looks for.
    labels = [(f"<b>{label}</b>", (cooperativeness, assertiveness), _MAP_YOU_SIZES, "#111"),
              *((texts[m].name, (positions[m][1], positions[m][0]), _MAP_MODE_SIZES, _MODE_TEXT_COLORS[m])
                for m in MODES)]
    spots = _place_map_labels(tuple((text, point, sizes) for text, point, sizes, _ in labels), markers, titles)
    # Centred on their spot, without shifts: the PDF's renderer (reports/svg.py) draws them alike.
    annotations = [
        {"x": x, "y": y, "xref": "x", "yref": "y", "text": text, "showarrow": False,
         "xanchor": "center", "yanchor": "middle", "borderpad": 0, "borderwidth": 0,
         "bgcolor": "white", "font": {"family": _MAP_FONT, "size": size, "color": colour}}
        for (text, _, _, colour), (x, y, size) in zip(labels, spots)
    ]
    # Guides through the centre, where a respondent with no preference sits.
    guide = {"type": "line", "layer": "below", "line": {"color": "#ccc", "dash": "dot"}}
    axis = {"range": list(_MAP_RANGE), "showticklabels": False, "showgrid": False, "zeroline": False,
            "fixedrange": True, "constrain": "range"}
    title_font = {"family": _MAP_FONT, "size": _MAP_TITLE_SIZE, "color": "#444"}
    return [modes, you], {
        "separators": _separators(catalog), "annotations": annotations,
        "shapes": [{"x0": 0.5, "x1": 0.5, "y0": -0.05, "y1": 1.05, **guide},
                   {"y0": 0.5, "y1": 0.5, "x0": -0.05, "x1": 1.05, **guide}],
        "width": _MAP_SIZE, "height": _MAP_SIZE, "autosize": False,
        "margin": {**_MAP_MARGIN, "pad": 0, "autoexpand": False}, "showlegend": False,
        "font": {"family": _MAP_FONT, "size": 12, "color": "#333"},
        "xaxis": {**axis, "title": {"text": titles[0], "font": title_font}},
        "yaxis": {**axis, "title": {"text": titles[1], "font": title_font}, "scaleanchor": "x", "scaleratio": 1},
    }


def _map_text_width(text: str, size: float) -> float:
    """The width in px of a map label (bold if it has ``<b>``) by Helvetica's metrics, with the
    safety factor for a wider font in the browser."""
    bold = "<b>" in text
    widths = _HELVETICA_WIDTHS[bold]
    return sum(widths.get(ch, 1000) for ch in re.sub(r"<[^>]+>", "", text)) * size / 1000 * _MAP_SAFETY


def _map_text_box(text: str, size: float, cx: float, cy: float) -> tuple[float, float, float, float]:
    """The pixel box (left, top, right, bottom) that a map label centred at (cx, cy) may cover:
    its width, 1.2 lines high, and ``_MAP_PAD`` around."""
    half_w, half_h = _map_text_width(text, size) / 2 + _MAP_PAD, 0.6 * size + _MAP_PAD
    return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def _map_projection(width: float, height: float, margin: dict, xrange, yrange):
    """For the map drawn ``width`` × ``height`` px: data to pixels (from the top left), pixels to
    data, and the axes' (x0, x1, y0, y1) as drawn. The scales are equal (``scaleanchor``): the
    roomier axis's range is widened about its centre."""
    plot_w, plot_h = width - margin["l"] - margin["r"], height - margin["t"] - margin["b"]
    scale = min(plot_w / (xrange[1] - xrange[0]), plot_h / (yrange[1] - yrange[0]))
    mid_x, mid_y = margin["l"] + plot_w / 2, margin["t"] + plot_h / 2
    centre_x, centre_y = (xrange[0] + xrange[1]) / 2, (yrange[0] + yrange[1]) / 2

    def to_pixels(x: float, y: float) -> tuple[float, float]:
        return mid_x + (x - centre_x) * scale, mid_y - (y - centre_y) * scale

    def to_data(px: float, py: float) -> tuple[float, float]:
        return centre_x + (px - mid_x) / scale, centre_y - (py - mid_y) / scale

    ranges = (centre_x - plot_w / 2 / scale, centre_x + plot_w / 2 / scale,
              centre_y - plot_h / 2 / scale, centre_y + plot_h / 2 / scale)
    return to_pixels, to_data, ranges


def _map_title_boxes(titles: tuple[str, str], size: float, width: float, height: float, margin: dict):
    """Pixel boxes the axis titles may cover: the x title across the bottom margin, centred
    under the plot; the y title, turned, up the left margin."""
    plot_w, plot_h = width - margin["l"] - margin["r"], height - margin["t"] - margin["b"]
    mid_x, mid_y = margin["l"] + plot_w / 2, margin["t"] + plot_h / 2
    half_x, half_y = (_map_text_width(title, size) / 2 + _MAP_PAD for title in titles)
    return [(mid_x - half_x, height - margin["b"], mid_x + half_x, height),
            (0.0, mid_y - half_y, float(margin["l"]), mid_y + half_y)]


def _boxes_overlap(a, b) -> bool:
    """Whether two (left, top, right, bottom) boxes share more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _overlap_area(a, b) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _marker_box(px: float, py: float, size: float):
    return (px - size / 2, py - size / 2, px + size / 2, py + size / 2)


def _map_boxes(figure, width: float | None = None) -> dict:
    """The map's pixel boxes, read back from the figure (a ``go.Figure`` or its traces and layout
    as a dict) as drawn ``width`` px wide (by default its own width):
    ``labels``: (text without tags, box, whether Plotly shows it: an annotation whose point lies
    outside the axes' ranges is hidden); ``markers``: ((x, y), box, a square as wide as the marker
    and its outline); ``titles``: the axis titles' boxes; ``paper``: (0, 0, width, height)."""
    spec = figure if isinstance(figure, dict) else figure.to_dict()
    layout = spec["layout"]
    width, height = float(width if width is not None else layout["width"]), float(layout["height"])
    margin = {side: layout["margin"][side] for side in "lrtb"}
    to_pixels, _, ranges = _map_projection(width, height, margin, layout["xaxis"]["range"],
                                           layout["yaxis"]["range"])
    labels = []
    for note in layout.get("annotations", []):
        x0, y0, x1, y1 = _map_text_box(note["text"], note["font"]["size"], *to_pixels(note["x"], note["y"]))
        half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
        dx = {"left": half_w, "right": -half_w}.get(note.get("xanchor"), 0.0) + note.get("xshift", 0)
        dy = {"top": half_h, "bottom": -half_h}.get(note.get("yanchor"), 0.0) - note.get("yshift", 0)
        shown = ranges[0] <= note["x"] <= ranges[1] and ranges[2] <= note["y"] <= ranges[3]
        labels.append((re.sub(r"<[^>]+>", "", note["text"]), (x0 + dx, y0 + dy, x1 + dx, y1 + dy), shown))
    markers = []
    for trace in spec["data"]:
        marker = trace.get("marker", {})
        outline = marker.get("line", {}).get("width", 0)
        for i, (x, y) in enumerate(zip(trace["x"], trace["y"])):
            size = marker["size"][i] if isinstance(marker["size"], (list, tuple)) else marker["size"]
            markers.append(((x, y), _marker_box(*to_pixels(x, y), size + 2 * outline)))
    titles = (layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"])
    return {"labels": labels, "markers": markers, "paper": (0.0, 0.0, width, height),
            "titles": _map_title_boxes(titles, layout["xaxis"]["title"]["font"]["size"], width, height, margin)}


def _map_offsets(own: float, gap: float, half_w: float, half_h: float) -> list[tuple[float, float]]:
    """Where a label's centre may go from its point's, in px (y down), ``gap`` px clear of a marker
    ``2 * own`` px wide, in order: right, left, above, below; above and below reaching right and
    left from the point (Plotly's "top right" and so on); then corner to corner, half as far."""
    side, up, wide = own + gap + half_w, own + gap + half_h, half_w - own
    corner_x, corner_y = own + gap / 2 + half_w, own + gap / 2 + half_h
    return [(side, 0), (-side, 0), (0, -up), (0, up), (wide, -up), (-wide, -up), (wide, up), (-wide, up),
            (corner_x, -corner_y), (-corner_x, -corner_y), (corner_x, corner_y), (-corner_x, corner_y)]


@functools.lru_cache(maxsize=512)
def _place_map_labels(labels: tuple, markers: tuple, titles: tuple[str, str]) -> tuple[tuple[float, float, int], ...]:
    """Where each label goes: the data coordinates of its centre, and its font size. (Cached:
    Streamlit draws the page again on every click.)

    ``labels``: (text, (x, y) of its point, font sizes to try), the person's first;
    ``markers``: (x, y, size in px); ``titles``: the axis titles. A spot is free if the label's
    box there lies on the figure, its centre within the axes' ranges (Plotly hides it
    otherwise), and it covers no marker, axis title or other label: at the figure's width and
    at ``_MAP_MIN_WIDTH``, so at every width between (narrower, all points move towards each
    other at one rate, and so do the labels).

    A label's spots, in order (``_map_spots``): around its point, nearest first, at its largest
    font size, then at each smaller one; only then farther out. Most often each label in turn,
    the person's first, takes its first free spot near its point. Where that leaves a later
    label no free spot near its own, a depth-first search (``_MAP_SEARCH`` steps at most) finds
    a layout with every label near its point, preferring the person's label's first spots. A
    label that has no free spot near its point even on an empty map may go farther out. Nowhere
    free, each label in turn takes the spot that covers least, with a warning."""
    frames = []
    for width in (_MAP_SIZE, _MAP_MIN_WIDTH):
        project, _, ranges = _map_projection(width, _MAP_SIZE, _MAP_MARGIN, _MAP_RANGE, _MAP_RANGE)
        obstacles = [_marker_box(*project(x, y), size) for x, y, size in markers]
        obstacles += _map_title_boxes(titles, _MAP_TITLE_SIZE, width, _MAP_SIZE, _MAP_MARGIN)
        frames.append((project, ranges, (0.0, 0.0, float(width), float(_MAP_SIZE)), obstacles))

    def placed(text: str, spot) -> tuple[float, list[tuple]]:
        """How much the label at ``spot`` covers the figure's edges, markers and titles (0:
        nothing), and its box at each width."""
        x, y, size = spot
        total, out = 0.0, []
        for project, ranges, paper, obstacles in frames:
            if not (ranges[0] <= x <= ranges[1] and ranges[2] <= y <= ranges[3]):
                return math.inf, []
            box = _map_text_box(text, size, *project(x, y))
            total += sum(max(0.0, a - b) for a, b in ((paper[0], box[0]), (paper[1], box[1]),
                                                       (box[2], paper[2]), (box[3], paper[3])))
            total += sum(_overlap_area(box, other) for other in obstacles)
            out.append(box)
        return total, out

    def clear(spot_boxes, taken) -> bool:
        """Whether the label's boxes cover none of the placed labels'. Two labels move apart at
        one rate as the map widens, so if they overlap at some width, they do at any narrower
        one: the narrowest decides."""
        return not any(_boxes_overlap(spot_boxes[-1], other[-1]) for other in taken)

    def free(index: int, taken: list, bands=_MAP_GAPS[:1]):
        """Label ``index``'s free spots (near its point), with their boxes, in order."""
        text, point, sizes = labels[index]
        for spot in _map_spots(text, point, sizes, markers, bands):
            penalty, spot_boxes = placed(text, spot)
            if penalty == 0 and clear(spot_boxes, taken):
                yield spot, spot_boxes

    # Most often each label's first free spot leaves the next ones room.
    out, taken = [], []
    for index in range(len(labels)):
        spot, spot_boxes = next(free(index, taken), (None, None))
        if spot is None:
            break
        out.append(spot)
        taken.append(spot_boxes)
    else:
        return tuple(out)

    # If not, a layout with every label near its point (or farther, if there is no free spot near
    # it even on an empty map): a depth-first search, the person's label first, then the label
    # with the fewest free spots left; each placed label drops the spots it covers from the others'.
    steps = 0

    def search(options: list) -> dict | None:
        nonlocal steps
        left = [k for k, spots in enumerate(options) if spots is not None]
        if not left:
            return {}
        index = 0 if options[0] is not None else min(left, key=lambda k: len(options[k]))
        for spot, spot_boxes in options[index]:
            steps += sum(len(options[k]) for k in left)
            if steps > _MAP_SEARCH:
                return None
            narrowed = [None if k == index or spots is None else
                        [option for option in spots if clear(option[1], [spot_boxes])]
                        for k, spots in enumerate(options)]
            if all(narrowed[k] for k in left if k != index) and (found := search(narrowed)) is not None:
                return {index: spot, **found}
        return None

    found = search([list(free(index, [])) or list(free(index, [], _MAP_GAPS)) for index in range(len(labels))])
    if found is not None:
        return tuple(found[index] for index in range(len(labels)))
    out, taken = [], []
    for text, point, sizes in labels:
        best = None
        for spot in _map_spots(text, point, sizes, markers, _MAP_GAPS):
            penalty, spot_boxes = placed(text, spot)
            if penalty < math.inf:
                penalty += sum(_overlap_area(a, b) for other in taken for a, b in zip(spot_boxes, other))
            if best is None or penalty < best[0]:
                best = (penalty, spot, spot_boxes)
            if penalty == 0:
                break
        if best[0]:
            _LOGGER.warning("the five-mode map has no free spot for the label %r", text)
        out.append(best[1])
        taken.append(best[2])
    return tuple(out)


def _map_spots(text: str, point: tuple[float, float], sizes, markers, bands):
    """A label's spots (x, y, font size) around its point, in the order of preference: for each
    band of gaps, at each font size, each gap and each offset (``_map_offsets``). Offsets are
    laid out at ``_MAP_MIN_WIDTH``, where the points sit closest: wider, the labels move out with
    their points."""
    to_pixels, to_data, _ = _map_projection(_MAP_SIZE, _MAP_SIZE, _MAP_MARGIN, _MAP_RANGE, _MAP_RANGE)
    sides = _MAP_MARGIN["l"] + _MAP_MARGIN["r"]
    shrink = (_MAP_MIN_WIDTH - sides) / (_MAP_SIZE - sides)
    cx, cy = to_pixels(*point)
    own = max((size for x, y, size in markers if (x, y) == point), default=0) / 2
    for gaps in bands:
        for size in sizes:
            _, _, half_w, half_h = _map_text_box(text, size, 0, 0)
            for gap in gaps:
                for dx, dy in _map_offsets(own, gap, half_w, half_h):
                    x, y = to_data(cx + dx / shrink, cy + dy / shrink)
                    yield round(x, 4), round(y, 4), size


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
