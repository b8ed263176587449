"""Our Plotly figures drawn as SVG, for the PDF reports.

The page shows a chart with Plotly; a report draws the very same figure (reports/charts.py is
the one definition of each chart) as vector graphics, without a browser. This is not a
general Plotly renderer: it draws what our charts use (horizontal bars over a category axis,
grouped or overlaid, with a base, a width, a hatch and outside labels; scatter markers with
text, a second y axis, dotted guide lines, annotations, axis titles, a horizontal legend) and
refuses anything else, so a new chart feature fails a test instead of vanishing from print.
"""
from __future__ import annotations

import math
import re
from html import escape

import plotly.graph_objects as go

__all__ = ["figure_svg", "FONT"]

FONT = "Libertinus Serif"  # embedded in Typst, so the charts and the text share one face
_FONT_SIZE = 12.0
_CHAR_WIDTH = 0.5  # an average glyph's advance, in font sizes (for laying out labels)
_SUPPORTED = {"bar", "scatter"}
_RGBA = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")


def _paint(color: str | None, opacity: float = 1.0) -> str:
    """fill/stroke-ready colour and opacity attributes for Plotly's colour strings."""
    if not color:
        return 'fill="none"'
    match = _RGBA.fullmatch(color.strip())
    if match:
        r, g, b, a = match.groups()
        opacity *= float(a) if a is not None else 1.0
        color = "#{:02x}{:02x}{:02x}".format(*(round(float(v)) for v in (r, g, b)))
    return f'fill="{escape(color)}"' + (f' fill-opacity="{opacity:.3f}"' if opacity < 1 else "")


def _text_width(text: str, size: float) -> float:
    return len(_plain(text)) * size * _CHAR_WIDTH


def _plain(text) -> str:
    return re.sub(r"<[^>]+>", "", str(text))


def _text(x: float, y: float, text, *, size: float = _FONT_SIZE, anchor: str = "start", color: str = "#222",
          baseline: str = "middle", bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold or "<b>" in str(text) else ""
    # Typst's SVG reader ignores dominant-baseline: shift by hand (middle: a third of the size down).
    dy = {"middle": size * 0.34, "hanging": size * 0.8, "auto": 0.0}[baseline]
    return (f'<text x="{x:.1f}" y="{y + dy:.1f}" font-family="{FONT}" font-size="{size:.1f}" '
            f'text-anchor="{anchor}" fill="{color}"{weight}>{escape(_plain(text))}</text>')


class _Axis:
    """A linear map from data to page coordinates over ``range`` (start may exceed end)."""

    def __init__(self, start: float, end: float, lo: float, hi: float):
        self.start, self.end, self.lo, self.hi = start, end, lo, hi

    def __call__(self, value: float) -> float:
        return self.lo + (value - self.start) / (self.end - self.start) * (self.hi - self.lo)


def _listify(value, n: int) -> list:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value] * n


def figure_svg(figure: go.Figure, width: float | None = None) -> str:
    """The figure as a standalone SVG document, ``width`` pixels wide (its own height); by
    default 520, or as wide as it is high for a square chart (the map)."""
    spec = figure.to_dict()
    data, layout = spec["data"], spec["layout"]
    if width is None:
        width = float(layout.get("height", 360)) if layout.get("yaxis", {}).get("scaleanchor") == "x" else 520.0
    for trace in data:
        if trace.get("type", "scatter") not in _SUPPORTED:
            raise ValueError(f"the PDF charts do not draw {trace.get('type')!r} traces")
    height = float(layout.get("height", 360))
    margin = {"l": 10, "r": 10, "t": 10, "b": 10, **layout.get("margin", {})}
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    categories = _categories(data)
    legend = [t for t in data if t.get("name") and t.get("showlegend", True) is not False
              and layout.get("showlegend", True) is not False and len(data) > 1]

    # The plot area: room for category labels on the left, axis titles and a legend below.
    left = margin["l"] + (max((_text_width(c, _FONT_SIZE) for c in categories), default=0) + 8 if categories else 0)
    if yaxis.get("title", {}).get("text"):
        left += 18
    bottom = margin["b"] + (18 if xaxis.get("showticklabels", True) else 0)
    if xaxis.get("title", {}).get("text"):
        bottom += 16
    legend_height = 22 if legend else 0
    plot = (left, margin["t"], width - margin["r"], height - bottom - legend_height)
    x0, y0, x1, y1 = plot
    xr = xaxis.get("range") or [0, 1]
    xmap = _Axis(xr[0], xr[1], x0, x1)
    if categories:
        yr = yaxis.get("range") or ([len(categories) - 0.5, -0.5] if yaxis.get("autorange") == "reversed"
                                    else [-0.5, len(categories) - 0.5])
    else:
        yr = yaxis.get("range") or [0, 1]
    if yaxis.get("scaleanchor") == "x":  # equal scales: a square plot, centred
        side = min(x1 - x0, y1 - y0)
        x0, x1 = x0 + (x1 - x0 - side) / 2, x0 + (x1 - x0 + side) / 2
        xmap = _Axis(xr[0], xr[1], x0, x1)
        y1 = y0 + side
    ymap = _Axis(yr[0], yr[1], y1, y0)  # data's first value at the bottom
    y2 = layout.get("yaxis2", {})
    y2map = _Axis(*(y2.get("range") or yr), y1, y0)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}">',
           '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="white" stroke-width="2"/>'
           '</pattern></defs>',
           f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="white"/>']
    for shape in layout.get("shapes", []):
        out.append(_shape(shape, xmap, ymap))
    out += _bars(data, layout, categories, xmap, ymap)
    out += _x_axis(xaxis, xmap, x0, x1, y1)
    if categories and yaxis.get("visible", True) is not False:
        for index, label in enumerate(categories):
            out.append(_text(x0 - 6, ymap(index), label, anchor="end"))
    if title := yaxis.get("title", {}).get("text"):
        cx, cy = margin["l"] + 6, (y0 + y1) / 2
        out.append(f'<g transform="rotate(-90 {cx:.1f} {cy:.1f})">{_text(cx, cy, title, anchor="middle")}</g>')
    for trace in data:
        if trace.get("type") == "scatter":
            out += _scatter(trace, xmap, y2map if trace.get("yaxis") == "y2" else ymap, categories)
    for note in layout.get("annotations", []):
        font = note.get("font", {})
        out.append(_text(xmap(note["x"]), ymap(note["y"]), note["text"], size=font.get("size", _FONT_SIZE),
                         anchor="middle", color=font.get("color", "#222")))
    if legend:
        out += _legend(legend, margin["l"], height - margin["b"] - legend_height / 2)
    out.append("</svg>")
    return "\n".join(part for part in out if part)


def _categories(data) -> list[str]:
    for trace in data:
        values = trace.get("y") or []
        if any(isinstance(v, str) for v in values):
            return list(dict.fromkeys(v for v in values if isinstance(v, str)))
    return []


def _y_value(value, categories: list[str]) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return float(categories.index(value))
    return float(value)


def _bars(data, layout, categories, xmap, ymap) -> list[str]:
    bars = [t for t in data if t.get("type") == "bar"]
    for trace in bars:
        if trace.get("orientation") != "h":
            raise ValueError("the PDF charts draw horizontal bars only")
    grouped = layout.get("barmode") == "group"
    drawn = [t for t in bars if any(v is not None for v in t.get("x", []))]
    out = []
    for slot, trace in enumerate(drawn):
        xs, ys = list(trace["x"]), list(trace["y"])
        n = len(xs)
        bases = _listify(trace.get("base", 0), n)
        marker = trace.get("marker", {})
        colors = _listify(marker.get("color"), n)
        opacity = float(marker.get("opacity", 1.0))
        hatch = marker.get("pattern", {}).get("shape")
        texts = _listify(trace.get("text"), n)
        if grouped:
            width = 0.8 / len(drawn)
            offset = -0.4 + width * (slot + 0.5)
        else:
            width, offset = float(trace.get("width", 0.8)), 0.0
        for x, y, base, color, text in zip(xs, ys, bases, colors, texts):
            if x is None:
                continue
            centre = _y_value(y, categories) + offset
            top, bottom = ymap(centre - width / 2), ymap(centre + width / 2)
            start, end = xmap(base or 0), xmap((base or 0) + x)
            rect = (f'x="{min(start, end):.2f}" y="{min(top, bottom):.2f}" width="{abs(end - start):.2f}" '
                    f'height="{abs(bottom - top):.2f}"')
            out.append(f'<rect {rect} {_paint(color, opacity)}/>')
            if hatch:
                out.append(f'<rect {rect} fill="url(#hatch)" fill-opacity="0.6"/>')
            if text and trace.get("textposition") == "outside":
                out.append(_text(end + 4, (top + bottom) / 2, text, size=11))
    return out


def _x_axis(axis, xmap, x0, x1, y1) -> list[str]:
    out = []
    if axis.get("showticklabels", True) is not False and ("dtick" in axis or axis.get("ticksuffix")):
        start, end = sorted(axis.get("range", [0, 1]))
        step = float(axis.get("dtick") or _nice_step(end - start))
        value = math.ceil(start / step) * step
        while value <= end + 1e-9:
            label = f"{value:g}{axis.get('ticksuffix', '')}"
            out.append(_text(xmap(value), y1 + 12, label, size=11, anchor="middle", color="#444"))
            value += step
    if title := axis.get("title", {}).get("text"):
        out.append(_text((x0 + x1) / 2, y1 + 16, title, anchor="middle"))
    return out


def _nice_step(span: float) -> float:
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


_POSITIONS = {  # textposition -> (dx, dy in font sizes, anchor)
    "top center": (0, -1.1, "middle"), "bottom center": (0, 1.1, "middle"),
    "top left": (-0.5, -1.0, "end"), "top right": (0.5, -1.0, "start"),
    "bottom left": (-0.5, 1.0, "end"), "bottom right": (0.5, 1.0, "start"),
    "middle right": (0.8, 0, "start"), "middle left": (-0.8, 0, "end"),
}


def _scatter(trace, xmap, ymap, categories) -> list[str]:
    xs, ys = list(trace.get("x") or []), list(trace.get("y") or [])
    n = len(xs)
    marker = trace.get("marker", {})
    sizes = _listify(marker.get("size", 6), n)
    colors = _listify(marker.get("color", "#444"), n)
    opacity = float(marker.get("opacity", 1.0))
    symbol = marker.get("symbol", "circle")
    line = marker.get("line", {})
    texts = _listify(trace.get("text"), n)
    positions = _listify(trace.get("textposition", "top center"), n)
    font = trace.get("textfont", {})
    out = []
    for x, y, size, color, text, position in zip(xs, ys, sizes, colors, texts, positions):
        if x is None or y is None:
            continue
        cx, cy = xmap(x), ymap(_y_value(y, categories))
        out.append(_marker(symbol, cx, cy, float(size), color, opacity, line))
        if text and "text" in trace.get("mode", ""):
            dx, dy, anchor = _POSITIONS.get(position, (0, -1.1, "middle"))
            text_size = float(font.get("size", _FONT_SIZE))
            out.append(_text(cx + dx * size, cy + dy * (size / 2 + text_size * 0.6), text, size=text_size,
                             anchor=anchor, color=font.get("color", "#222")))
    return out


def _marker(symbol: str, cx: float, cy: float, size: float, color: str, opacity: float, line: dict) -> str:
    r = size / 2
    stroke = ""
    if line.get("width"):
        stroke = f' stroke="{escape(line.get("color", color))}" stroke-width="{float(line["width"]):.1f}"'
    if symbol == "diamond":
        points = f"{cx:.1f},{cy - r:.1f} {cx + r:.1f},{cy:.1f} {cx:.1f},{cy + r:.1f} {cx - r:.1f},{cy:.1f}"
        return f'<polygon points="{points}" {_paint(color, opacity)}{stroke}/>'
    if symbol == "line-ns-open":
        width = float(line.get("width", 2))
        return (f'<line x1="{cx:.1f}" y1="{cy - r:.1f}" x2="{cx:.1f}" y2="{cy + r:.1f}" '
                f'stroke="{escape(line.get("color", color))}" stroke-width="{width:.1f}"/>')
    if symbol != "circle":
        raise ValueError(f"the PDF charts do not draw {symbol!r} markers")
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" {_paint(color, opacity)}{stroke}/>'


def _shape(shape: dict, xmap, ymap) -> str:
    if shape.get("type") != "line":
        raise ValueError(f"the PDF charts do not draw {shape.get('type')!r} shapes")
    line = shape.get("line", {})
    dash = ' stroke-dasharray="2 3"' if line.get("dash") == "dot" else ""
    return (f'<line x1="{xmap(shape["x0"]):.1f}" y1="{ymap(shape["y0"]):.1f}" x2="{xmap(shape["x1"]):.1f}" '
            f'y2="{ymap(shape["y1"]):.1f}" stroke="{escape(line.get("color", "#999"))}" '
            f'stroke-width="{float(line.get("width", 1)):.1f}"{dash}/>')


def _legend(traces, x: float, y: float) -> list[str]:
    out = []
    for trace in traces:
        marker = trace.get("marker", {})
        color = marker.get("color", "#444")
        color = color[0] if isinstance(color, (list, tuple)) else color
        opacity = float(marker.get("opacity", 1.0))
        if trace.get("type") == "bar":
            out.append(f'<rect x="{x:.1f}" y="{y - 5:.1f}" width="14" height="10" {_paint(color, opacity)}/>')
            if marker.get("pattern", {}).get("shape"):
                out.append(f'<rect x="{x:.1f}" y="{y - 5:.1f}" width="14" height="10" fill="url(#hatch)" '
                           'fill-opacity="0.6"/>')
        else:
            symbol = marker.get("symbol", "circle")
            out.append(_marker(symbol, x + 7, y, 14 if symbol == "line-ns-open" else 10, color, opacity,
                               marker.get("line", {})))
        out.append(_text(x + 20, y, trace["name"], size=11))
        x += 34 + _text_width(trace["name"], 11)
    return out
