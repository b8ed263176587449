"""The five-mode map's labels (reports.charts.position_map): in every language, wherever the
person or the team sits, each of the six labels is on the figure with its exact text, and none
covers another label, a marker (its own point's included) or an axis title.

The boxes are read back from the figure: each annotation's position, anchor, shift, text and
font size, through the map's fixed size, margins and axis ranges (reports.charts._map_boxes), not
from the placement's own bookkeeping. The figure is checked at its own width, at the narrowest
width the page draws it (Streamlit makes a chart as wide as its column) and at a phone's width.

Plotly takes some 20 ms to check a figure, so the many positions use the traces and layout that
position_map hands to Plotly (charts._position_map_spec); the corners, the centre and the modes'
own points are checked on the real figures, and one test holds the two to be the same."""
from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

import pytest

from analysis import profile_from_scores
from questionnaire import MODES, load_catalog, load_mode_texts, mode_positions
from reports import charts
from reports.charts import mode_map, position_map
from reports.svg import figure_svg

LANGS = ("en", "sv", "nb", "da")
MAPS = {"agent": "results.you", "team": "dashboard.team"}
PHONE = 328  # Streamlit's content column on a 360 px wide phone
WIDTHS = (None, charts._MAP_MIN_WIDTH, PHONE)  # None: the figure's own width


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _positions() -> dict[str, list[tuple[float, float]]]:
    """(assertiveness, cooperativeness) by kind of case."""
    modes = list(mode_positions().values())
    beside = sorted({(_clamp(a + da), _clamp(c + dc)) for a, c in modes
                     for da, dc in itertools.product((-0.03, 0.0, 0.03), repeat=2) if (da, dc) != (0, 0)})
    rng = random.Random(20261128)
    return {
        "corners and centre": [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (0.5, 0.5)],
        "on a mode's dot": modes,
        "beside a mode's dot": beside,
        "random": [(round(rng.random(), 4), round(rng.random(), 4)) for _ in range(30)],
    }


POSITIONS = _positions()
REAL_FIGURES = ("corners and centre", "on a mode's dot")


def _violations(figure, label: str, names: list[str], width: float | None = None) -> list[str]:
    """What is wrong with the map's labels as drawn ``width`` px wide ([]: nothing)."""
    boxes = charts._map_boxes(figure, width)
    labels, paper = boxes["labels"], boxes["paper"]
    found = []
    texts = [text for text, _, _ in labels]
    if sorted(texts) != sorted([label, *names]):
        found.append(f"labels {texts}, not {[label, *names]}")
    for text, box, shown in labels:
        if not shown:
            found.append(f"{text!r} is anchored outside the axes' ranges: Plotly hides it")
        if box[0] < paper[0] or box[1] < paper[1] or box[2] > paper[2] or box[3] > paper[3]:
            found.append(f"{text!r} {_rounded(box)} is not within the figure {_rounded(paper)}")
        for point, marker in boxes["markers"]:
            if charts._boxes_overlap(box, marker):
                found.append(f"{text!r} {_rounded(box)} covers the marker at {point}")
        for title in boxes["titles"]:
            if charts._boxes_overlap(box, title):
                found.append(f"{text!r} {_rounded(box)} covers an axis title {_rounded(title)}")
    for (text, box, _), (other, other_box, _) in itertools.combinations(labels, 2):
        if charts._boxes_overlap(box, other_box):
            found.append(f"{text!r} {_rounded(box)} covers {other!r} {_rounded(other_box)}")
    return found


def _rounded(box) -> tuple:
    return tuple(round(v, 1) for v in box)


@pytest.fixture(scope="module")
def content():
    return {lang: (load_catalog(lang), load_mode_texts(lang)) for lang in LANGS}


@pytest.mark.parametrize("kind", POSITIONS)
@pytest.mark.parametrize("which", MAPS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_label_covers_another_label_a_marker_or_a_title(content, lang, which, kind):
    catalog, texts = content[lang]
    label, names = catalog.t(MAPS[which]), [texts[m].name for m in MODES]
    problems = []
    for position in POSITIONS[kind]:
        if kind in REAL_FIGURES:
            figure = position_map(position, label, texts, catalog)
        else:
            data, layout = charts._position_map_spec(position, label, texts, catalog)
            figure = {"data": data, "layout": layout}
        for width in WIDTHS:
            problems += [f"{position} at {width or 'its own'} px: {p}"
                         for p in _violations(figure, label, names, width)]
    assert not problems, "\n".join(problems)


def test_the_agents_map_from_a_profile(content):
    catalog, texts = content["da"]
    names = [texts[m].name for m in MODES]
    for scores in ({"competing": 12, "collaborating": 12, "compromising": 6, "avoiding": 0, "accommodating": 0},
                   {"competing": 0, "collaborating": 0, "compromising": 6, "avoiding": 12, "accommodating": 12},
                   {"competing": 0, "collaborating": 12, "compromising": 6, "avoiding": 12, "accommodating": 0}):
        figure = mode_map(profile_from_scores(scores), texts, catalog)
        for width in WIDTHS:
            assert not _violations(figure, catalog.t("results.you"), names, width), scores


def test_position_map_hands_plotly_the_spec_the_other_cases_check(content):
    catalog, texts = content["da"]
    for position in [(0.0, 1.0), (0.97, 0.03), POSITIONS["random"][0]]:
        figure = position_map(position, "Team", texts, catalog).to_dict()
        data, layout = charts._position_map_spec(position, "Team", texts, catalog)
        assert figure["layout"]["annotations"] == layout["annotations"]
        assert [(t["x"], t["y"], t["marker"]) for t in figure["data"]] == [(t["x"], t["y"], t["marker"]) for t in data]
        for key in ("width", "height", "margin"):
            assert figure["layout"][key] == layout[key]
        assert figure["layout"]["xaxis"]["range"] == layout["xaxis"]["range"] == figure["layout"]["yaxis"]["range"]


def test_the_map_has_a_fixed_square_size_that_fits_a_phone(content):
    catalog, texts = content["sv"]
    layout = position_map((0.3, 0.8), "Du", texts, catalog).layout
    assert layout.width == layout.height <= PHONE
    assert layout.autosize is False and layout.margin.autoexpand is False
    assert layout.width - layout.margin.l - layout.margin.r == layout.height - layout.margin.t - layout.margin.b
    assert layout.yaxis.scaleanchor == "x" and list(layout.xaxis.range) == list(layout.yaxis.range)
    assert "Arial" in layout.font.family and all("Arial" in note.font.family for note in layout.annotations)
    assert layout.xaxis.title.text == catalog.t("results.axis_cooperativeness") + " →"
    assert layout.yaxis.title.text == catalog.t("results.axis_assertiveness") + " →"
    assert layout.plot_bgcolor == layout.paper_bgcolor == "white" and len(layout.shapes) == 2


def test_the_labels_read_on_white(content):
    catalog, texts = content["nb"]
    data, layout = charts._position_map_spec((0.5, 0.5), "Du", texts, catalog)
    person, *modes = layout["annotations"]
    assert person["text"] == "<b>Du</b>" and person["font"]["color"] == "#111"
    assert [note["text"] for note in modes] == [texts[m].name for m in MODES]
    for note in layout["annotations"]:
        assert charts._contrast(note["font"]["color"]) >= 4.5, note
        assert note["font"]["size"] >= 10
    assert charts._contrast(charts.MODE_COLORS["avoiding"]) < 4.5  # why the names are darkened


def test_the_check_sees_overlapping_boxes():
    assert charts._boxes_overlap((0, 0, 10, 10), (5, 5, 15, 15))
    assert charts._boxes_overlap((0, 0, 10, 10), (2, 2, 4, 4))  # one inside the other
    assert not charts._boxes_overlap((0, 0, 10, 10), (10, 0, 20, 10))  # touching
    assert not charts._boxes_overlap((0, 0, 10, 10), (0, 11, 10, 20))


def test_the_check_fails_a_map_whose_labels_collide(content):
    """The check reads the figure: a label moved onto another, off the paper, out of the axes'
    ranges or shifted onto a marker is caught."""
    catalog, texts = content["da"]
    names = [texts[m].name for m in MODES]
    data, layout = charts._position_map_spec((0.2, 0.7), "Team", texts, catalog)
    assert not _violations({"data": data, "layout": layout}, "Team", names)

    def broken(change) -> list[str]:
        notes = [dict(note) for note in layout["annotations"]]
        change(notes)
        return _violations({"data": data, "layout": {**layout, "annotations": notes}}, "Team", names)

    def onto_another(notes):
        notes[0].update(x=notes[1]["x"], y=notes[1]["y"])

    def shifted_onto_its_marker(notes):
        notes[0].update(x=data[1]["x"][0], y=data[1]["y"][0], xanchor="left", xshift=-4)

    assert any("covers 'Konkurrerende'" in p for p in broken(onto_another))
    assert any("covers the marker" in p for p in broken(shifted_onto_its_marker))
    assert any("not within the figure" in p for p in broken(lambda notes: notes[2].update(x=1.1)))
    assert any("Plotly hides it" in p for p in broken(lambda notes: notes[3].update(y=1.2)))
    assert any("labels" in p for p in broken(lambda notes: notes[4].update(text="Undvigende ")))


def test_the_boxes_follow_anchors_and_shifts():
    layout = {"width": 200, "height": 200, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
              "xaxis": {"range": [0, 1], "title": {"text": "x", "font": {"size": 12}}},
              "yaxis": {"range": [0, 1], "title": {"text": "y", "font": {"size": 12}}},
              "annotations": [{"x": 0.5, "y": 0.5, "text": "Ab", "font": {"size": 10}, "xanchor": anchor,
                               "yanchor": "bottom", "xshift": 7, "yshift": 5} for anchor in ("left", "center", "right")]}
    (_, left, _), (_, centre, _), (_, right, _) = charts._map_boxes({"data": [], "layout": layout})["labels"]
    width = centre[2] - centre[0]
    assert left[0] == pytest.approx(100 + 7) and right[2] == pytest.approx(100 + 7)
    assert centre[0] + width / 2 == pytest.approx(100 + 7)
    assert left[3] == pytest.approx(100 - 5)  # y grows downwards; yshift moves up


def test_the_metrics_are_helveticas():
    """The width table is Helvetica's (= Arial's = Liberation Sans's); checked against the
    fonts that happen to be here."""
    checked = 0
    sample = "Kompromissøgende Imødekommende Självhävdelse ÆØÅ æøå äö Team Du Dig You"
    try:
        from reportlab.pdfbase.pdfmetrics import stringWidth
    except ImportError:
        pass
    else:
        for font, bold in (("Helvetica", False), ("Helvetica-Bold", True)):
            for word in sample.split():
                text = f"<b>{word}</b>" if bold else word
                assert charts._map_text_width(text, 12) == pytest.approx(stringWidth(word, font, 12) * 1.15)
        checked += 1
    fonts = Path("/usr/share/fonts/truetype/liberation")
    if (fonts / "LiberationSans-Regular.ttf").exists():
        from PIL import ImageFont

        for name, bold in (("LiberationSans-Regular.ttf", False), ("LiberationSans-Bold.ttf", True)):
            font = ImageFont.truetype(str(fonts / name), 1000)
            for word in sample.split():
                text = f"<b>{word}</b>" if bold else word
                ours = charts._map_text_width(text, 1000) / charts._MAP_SAFETY
                # Character by character: kerning only ever brings a word's letters closer.
                assert ours == pytest.approx(sum(font.getlength(ch) for ch in word), abs=len(word)), word
        checked += 1
    assert charts._map_text_width("→", 12) == pytest.approx(12 * charts._MAP_SAFETY)  # unknown: a full em
    if not checked:
        pytest.skip("neither ReportLab nor Liberation Sans is installed: the table is not cross-checked")


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_draws_the_same_six_labels(content, lang):
    catalog, texts = content[lang]
    svg = figure_svg(position_map((0.0, 1.0), catalog.t("dashboard.team"), texts, catalog))
    drawn = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    for text in [catalog.t("dashboard.team"), *(texts[m].name for m in MODES)]:
        assert drawn.count(text) == 1, text
    assert f'width="{charts._MAP_SIZE}"' in svg
