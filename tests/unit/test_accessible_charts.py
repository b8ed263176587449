"""Every chart readable without seeing it and legible when seen: a text alternative in the page's
language that carries the chart's figures, and text drawn at 4.5:1 or more against the chart's
own background (the pages draw the charts with their own colours, theme=None, in light and dark)."""
from __future__ import annotations

import re

import plotly.io as pio
import pytest

from analysis import answers_for_order, load_norms, score
from analysis.scenarios import read_scenarios
from analysis.team import GroupFigures, TeamFigures, compare_groups
from analysis.trend import team_trend
from questionnaire import LANGUAGES, MODES, load_catalog, load_instrument, load_mode_texts
from questionnaire.playbook import load_playbook
from reports import alt_text
from reports.charts import (comparison_chart, item_distribution_chart, mode_map, position_map, profile_chart,
                            scenario_chart, team_chart, trend_chart)

ORDER = ("competing", "avoiding", "compromising", "accommodating", "collaborating")
MEANS_A = {"competing": 7.4, "collaborating": 5.1, "compromising": 6.9, "avoiding": 4.2, "accommodating": 6.4}
MEANS_B = {"competing": 4.1, "collaborating": 5.9, "compromising": 6.0, "avoiding": 7.3, "accommodating": 6.7}
HEX = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#7F7F7F", "#ffffff") < 4.5  # the avoiding grey: a mark's colour, never a text's


NAMED = {"white": "#ffffff", "black": "#000000"}


def _named_colours(value) -> str | None:
    value = NAMED.get(value, value)
    if isinstance(value, str) and HEX.match(value):
        return value
    match = re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)", value or "")
    if match and (match.group(4) is None or float(match.group(4)) == 1):
        return "#" + "".join(f"{int(match.group(i)):02x}" for i in (1, 2, 3))
    return None


def _text_colours(figure) -> list[tuple[str, str]]:
    """(where, colour) of every text the figure draws: its default font, axis titles and ticks,
    annotations, legend, and traces' text."""
    spec = figure.to_dict()
    layout = spec["layout"]
    template = pio.templates[layout["template"]] if isinstance(layout.get("template"), str) else figure.layout.template
    default = (layout.get("font") or {}).get("color") or template.layout.font.color or "#444444"
    found = [("font", default)]
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and axis.get("visible", True) is not False:
            if axis.get("showticklabels", True):
                found.append((f"{name} ticks", (axis.get("tickfont") or {}).get("color") or default))
            title = axis.get("title") or {}
            if title.get("text"):
                found.append((f"{name} title", (title.get("font") or {}).get("color") or default))
    for note in layout.get("annotations", []):
        found.append((f"annotation {note.get('text')!r}", (note.get("font") or {}).get("color") or default))
    if layout.get("showlegend", True) and any(t.get("showlegend", True) and t.get("name") for t in spec["data"]):
        found.append(("legend", (layout.get("legend", {}).get("font") or {}).get("color") or default))
    for trace in spec["data"]:
        if trace.get("text") is not None and "text" in (trace.get("mode") or "text") \
                and trace.get("textposition") != "none":
            colour = (trace.get("textfont") or {}).get("color") or default
            for one in colour if isinstance(colour, list) else [colour]:
                found.append((f"{trace.get('type')} text", one))
    return found


def _figures(lang: str):
    catalog, texts = load_catalog(lang), load_mode_texts(lang)
    form = load_instrument(lang)
    profile = score(form, answers_for_order(form, ORDER))
    norms = load_norms()
    playbook = load_playbook(lang)
    answers = {s.id: (s.recommended if n % 2 else "avoiding") for n, s in enumerate(playbook.scenarios)}
    reading = read_scenarios(answers, profile, lang)
    team = TeamFigures(6, MEANS_A, position=(0.62, 0.31), dominant={m: 1 for m in MODES})
    comparison = compare_groups(GroupFigures(12, MEANS_A), GroupFigures(10, MEANS_B))
    trend = team_trend([(1, GroupFigures(8, MEANS_B)), (2, GroupFigures(9, MEANS_A)), (3, GroupFigures(9, MEANS_A))])
    distributions = {m: tuple(1 / 13 for _ in range(13)) for m in MODES}
    visible = [profile.scores]
    you = catalog.t("results.you")
    return {
        "profile": (profile_chart(profile, texts, catalog, norms), alt_text.profile_text(profile, texts, catalog)),
        "map": (mode_map(profile, texts, catalog),
                alt_text.map_text((profile.assertiveness, profile.cooperativeness), you, texts, catalog)),
        "team map": (position_map(team.position, catalog.t("dashboard.team"), texts, catalog),
                     alt_text.map_text(team.position, catalog.t("dashboard.team"), texts, catalog)),
        "scenarios": (scenario_chart(reading, texts, catalog), alt_text.scenario_text(reading, texts, catalog)),
        "team": (team_chart(visible, team, texts, catalog, norms), alt_text.team_text(len(visible), team, texts, catalog)),
        "comparison": (comparison_chart(comparison, texts, catalog, "A", "B"),
                       alt_text.comparison_text(comparison, texts, catalog, "A", "B")),
        "trend": (trend_chart(trend, texts, catalog), alt_text.trend_text(trend, texts, catalog)),
        "items": (item_distribution_chart(distributions, texts, catalog),
                  alt_text.items_text(distributions, texts, catalog)),
    }, profile, texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_in_every_chart_has_at_least_4_5_to_1_contrast(lang):
    figures, _profile, _texts = _figures(lang)
    weak = []
    for name, (figure, _alt) in figures.items():
        background = _named_colours(figure.layout.paper_bgcolor or "white")
        for where, colour in _text_colours(figure):
            solid = _named_colours(colour)
            assert solid, f"{name}: {where} in a colour this test cannot read: {colour}"
            if contrast(solid, background) < 4.5:
                weak.append(f"{name}: {where} {colour} at {contrast(solid, background):.2f}:1")
    assert weak == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_has_a_text_alternative_with_its_figures(lang):
    figures, profile, texts = _figures(lang)
    catalog = load_catalog(lang)
    for name, (_figure, alt) in figures.items():
        assert alt and "{" not in alt and len(alt) < 600, (name, alt)
    profile_alt = figures["profile"][1]
    for mode in MODES:
        assert f"{texts[mode].name} {profile.scores[mode]} (" in profile_alt
    for name in ("scenarios", "team", "comparison", "trend"):
        assert all(texts[m].name in figures[name][1] for m in MODES), name
    assert catalog.number(MEANS_A["competing"], digits=1) in figures["team"][1]
    assert catalog.t("results.you") in figures["map"][1]


def test_the_map_text_names_the_nearest_mode():
    catalog, texts = load_catalog("en"), load_mode_texts("en")
    assert alt_text.nearest_mode((1.0, 0.0)) == "competing"
    assert alt_text.nearest_mode((0.5, 0.5)) == "compromising"
    assert alt_text.nearest_mode((0.0, 1.0)) == "accommodating"
    assert "closest to Competing" in alt_text.map_text((0.95, 0.1), "You", texts, catalog)


def test_the_colour_walk_finds_a_pale_label():
    import plotly.graph_objects as go

    figure = go.Figure(layout={"paper_bgcolor": "white", "annotations": [{"text": "pale", "font": {"color": "#aaaaaa"}}],
                               "xaxis": {"tickfont": {"color": "rgb(130, 130, 130)"}}})
    colours = dict(_text_colours(figure))
    assert contrast(_named_colours(colours["annotation 'pale'"]), "#ffffff") < 4.5
    assert contrast(_named_colours(colours["xaxis ticks"]), "#ffffff") < 4.5
