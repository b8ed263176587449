"""A comparison drawn as differences with their noise bands, and a team's trend over its rounds:
what a lead would read off the figures, in the lead's language."""
from __future__ import annotations

import math
import re

import pytest

from analysis.team import PERSON_VARIANCE, Comparison, GroupFigures, ModeDifference, compare_groups
from analysis.trend import MIN_ROUNDS, team_trend
from questionnaire import MODES, load_catalog, load_mode_texts
from reports.charts import MODE_COLORS, comparison_chart, trend_chart
from reports.svg import figure_svg

# Clear on competing (+3.3) and avoiding (−3.1), within the noise (about ±2.05) on the others.
THIS = GroupFigures(12, {"competing": 7.4, "collaborating": 5.1, "compromising": 6.9, "avoiding": 4.2,
                         "accommodating": 6.4})
OTHER = GroupFigures(10, {"competing": 4.1, "collaborating": 5.9, "compromising": 6.0, "avoiding": 7.3,
                          "accommodating": 6.7})
CLEAR = {"competing", "avoiding"}
DECIMAL_POINT = re.compile(r"\d\.\d")
DECIMAL_COMMA = re.compile(r"\d,\d")


def _chart(lang="en", comparison=None):
    catalog = load_catalog(lang)
    return comparison_chart(comparison or compare_groups(THIS, OTHER), load_mode_texts(lang), catalog,
                            catalog.t("dashboard.trend_round", number=4), catalog.t("dashboard.trend_round", number=1))


def _dots(figure):
    """mode name -> its dot trace (one point each)."""
    return {trace.name: trace for trace in figure.data
            if trace.type == "scatter" and trace.showlegend is False}


def _bands(figure):
    (bands,) = [trace for trace in figure.data if trace.type == "bar"]
    return bands


def _comparison(*differences: tuple[float, float]) -> Comparison:
    """A comparison with the given (difference, noise) per mode, in MODES order."""
    return Comparison(10, 10, tuple(ModeDifference(mode, 6 + d / 2, 6 - d / 2, d, noise, abs(d) < noise)
                                    for mode, (d, noise) in zip(MODES, differences)))


def test_the_example_has_clear_differences_and_ones_within_the_noise():
    modes = compare_groups(THIS, OTHER).modes
    assert {d.mode for d in modes if not d.within_noise} == CLEAR


def test_each_mode_has_one_dot_at_exactly_its_difference_top_to_bottom_in_mode_order():
    figure = _chart()
    texts = load_mode_texts("en")
    dots = _dots(figure)
    assert list(dots) == [texts[m].name for m in MODES]
    for difference in compare_groups(THIS, OTHER).modes:
        dot = dots[texts[difference.mode].name]
        assert list(dot.x) == [difference.difference]
        assert list(dot.y) == [texts[difference.mode].name]
    assert list(_bands(figure).y) == [texts[m].name for m in MODES]
    assert figure.layout.yaxis.autorange == "reversed"  # the first mode on top


def test_each_band_spans_the_noise_on_either_side_of_the_difference():
    bands = _bands(_chart())
    for difference, base, width in zip(compare_groups(THIS, OTHER).modes, bands.base, bands.x):
        assert base == pytest.approx(difference.difference - difference.noise)
        assert base + width == pytest.approx(difference.difference + difference.noise)


def test_a_difference_within_the_noise_is_drawn_quieter_than_a_clear_one():
    figure = _chart()
    texts = load_mode_texts("en")
    dots, bands = _dots(figure), _bands(figure)
    for index, mode in enumerate(MODES):
        marker = dots[texts[mode].name].marker
        if mode in CLEAR:  # filled in the mode's colour, on a bar tinted with it
            assert marker.color == MODE_COLORS[mode]
            assert bands.marker.color[index] != "rgba(0,0,0,0.07)"
        else:  # a hollow ring in the mode's colour, on a pale grey bar
            assert marker.color == "white" and marker.line.color == MODE_COLORS[mode]
            assert bands.marker.color[index] == "rgba(0,0,0,0.07)"


@pytest.mark.parametrize("differences", [
    [(0.2, 1.0)] * 5,
    [(5.5, 1.2), (-0.3, 1.2), (0.0, 1.2), (-4.0, 1.2), (1.0, 1.2)],
    [(-11.0, 3.0), (2.0, 3.0), (0.5, 3.0), (4.0, 3.0), (1.0, 3.0)],  # a far band on the left only
    [(0.0, 0.4)] * 5,
])
def test_the_range_is_symmetric_about_zero_and_holds_every_band(differences):
    figure = _chart(comparison=_comparison(*differences))
    low, high = figure.layout.xaxis.range
    assert low == -high
    for difference, noise in differences:
        assert low < difference - noise and difference + noise < high


def test_the_zero_line_runs_through_every_row():
    (zero,) = _chart().layout.shapes
    assert zero.x0 == zero.x1 == 0 and zero.y0 <= -0.5 and zero.y1 >= len(MODES) - 0.5


def test_the_axis_title_names_both_groups_in_the_leads_language():
    title = _chart("sv").layout.xaxis.title.text
    assert title == "Skillnad i poäng: Omgång 4 minus Omgång 1"


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_nordic_numbers_have_decimal_commas_and_no_decimal_points(lang):
    figure = _chart(lang)
    written = [*_bands(figure).text, *_bands(figure).hovertext,
               *(text for dot in _dots(figure).values() for text in dot.hovertext)]
    assert all(DECIMAL_COMMA.search(text) for text in written)
    assert not [text for text in written if DECIMAL_POINT.search(text)]
    assert "\u22123,1" in _bands(figure).text  # avoiding, with a true minus
    assert figure.layout.separators == ",\u00a0"  # Plotly's own ticks follow


def test_english_numbers_have_decimal_points():
    figure = _chart("en")
    assert list(_bands(figure).text) == ["+3.3", "-0.8", "+0.9", "-3.1", "-0.3"]
    assert figure.layout.separators == ".,"
    assert "Competing</b>: +3.3 ± 2.1" in _dots(figure)["Competing"].hovertext[0]


def test_the_hover_says_whether_a_difference_is_within_the_noise():
    figure = _chart("da")
    catalog = load_catalog("da")
    texts = load_mode_texts("da")
    assert catalog.t("dashboard.clear_difference") in _dots(figure)[texts["competing"].name].hovertext[0]
    assert catalog.t("dashboard.within_noise") in _dots(figure)[texts["compromising"].name].hovertext[0]


def test_the_legend_explains_filled_and_hollow_dots():
    catalog = load_catalog("nb")
    legend = [trace.name for trace in _chart("nb").data if trace.showlegend is not False]
    assert legend == [catalog.t("dashboard.legend_clear"), catalog.t("dashboard.legend_within")]


def test_groups_too_small_to_compare_are_refused_rather_than_drawn_empty():
    with pytest.raises(ValueError, match="too small"):
        _chart(comparison=Comparison(2, 10, None))


def test_the_comparison_prints_as_vectors_with_its_hollow_dots():
    svg = figure_svg(_chart("sv"))
    for mode in MODES:
        assert load_mode_texts("sv")[mode].name in svg
    assert f'fill="white" stroke="{MODE_COLORS["compromising"]}"' in svg  # a ring, not a dot
    assert "+3,3" in svg and "<svg" in svg


# The trend.

def _figures(count: int, base: float = 6.0) -> GroupFigures:
    return GroupFigures(count, {mode: base + index / 2 for index, mode in enumerate(MODES)})


def test_the_trend_keeps_only_the_rounds_with_figures_in_round_order():
    trend = team_trend([(4, _figures(8)), (1, _figures(5)), (2, None), (3, _figures(6))])
    assert [r.number for r in trend.rounds] == [1, 3, 4]
    assert [r.count for r in trend.rounds] == [5, 6, 8]


@pytest.mark.parametrize("rounds, shown", [
    ([], False),
    ([(1, _figures(5))], False),
    ([(1, _figures(5)), (2, _figures(5))], False),
    ([(1, _figures(5)), (2, None), (3, _figures(5))], False),  # three rounds, two with figures
    ([(1, _figures(5)), (2, _figures(6)), (3, _figures(7))], True),
    ([(1, _figures(5)), (2, None), (3, _figures(6)), (4, _figures(7))], True),
])
def test_the_trend_is_shown_from_three_rounds_with_figures(rounds, shown):
    assert MIN_ROUNDS == 3
    assert team_trend(rounds).shown is shown


@pytest.mark.parametrize("count, noise", [
    (6, 1.96),  # 1.96 * sqrt(6 / 6), by hand
    (24, 0.98),  # 1.96 * sqrt(6 / 24) = 1.96 / 2
    (150, 0.392),  # 1.96 * sqrt(6 / 150) = 1.96 / 5
])
def test_a_rounds_noise_is_the_95_percent_half_width_of_its_means(count, noise):
    assert PERSON_VARIANCE == 6.0  # the hand-worked values assume it
    (round_,) = team_trend([(1, _figures(count))]).rounds
    assert round_.noise == pytest.approx(noise)


def test_the_noise_narrows_as_more_results_are_in_the_figures():
    trend = team_trend([(n, _figures(count)) for n, count in enumerate([3, 5, 8, 13, 40], start=1)])
    noises = [r.noise for r in trend.rounds]
    assert noises == sorted(noises, reverse=True) and len(set(noises)) == len(noises)


def test_the_trend_keeps_each_rounds_means():
    trend = team_trend([(1, _figures(5, 4.0)), (2, _figures(6, 5.0))])
    assert [r.means["avoiding"] for r in trend.rounds] == [5.5, 6.5]


@pytest.mark.parametrize("rounds, message", [
    ([(1, _figures(5)), (1, _figures(6))], "more than once"),
    ([(1, GroupFigures(0, {m: 0.0 for m in MODES}))], "over 0 results"),
    ([(1, GroupFigures(4, {"competing": 6.0}))], "no mean for collaborating"),
])
def test_bad_rounds_are_refused_with_a_reason(rounds, message):
    with pytest.raises(ValueError, match=message):
        team_trend(rounds)


def _trend():
    return team_trend([(1, _figures(5, 4.0)), (2, None), (3, _figures(9, 5.0)), (4, _figures(14, 5.5))])


def test_the_trend_chart_has_a_line_per_mode_with_its_means_in_round_order():
    trend = _trend()
    texts = load_mode_texts("en")
    figure = trend_chart(trend, texts, load_catalog("en"))
    assert [trace.name for trace in figure.data] == [texts[m].name for m in MODES]
    for mode, trace in zip(MODES, figure.data):
        assert list(trace.y) == [r.means[mode] for r in trend.rounds]
        assert list(trace.error_y.array) == [r.noise for r in trend.rounds]
        assert trace.line.color == MODE_COLORS[mode] and "lines" in trace.mode
        # each point within its own round, a little apart from the other modes
        assert [round(x) for x in trace.x] == [1, 3, 4]
    assert figure.layout.yaxis.range == (0, 12)


def test_the_trend_chart_names_its_rounds_in_the_leads_language():
    figure = trend_chart(_trend(), load_mode_texts("da"), load_catalog("da"))
    assert list(figure.layout.xaxis.tickvals) == [1, 3, 4]
    assert list(figure.layout.xaxis.ticktext) == ["Runde 1", "Runde 3", "Runde 4"]


@pytest.mark.parametrize("lang", ["sv", "nb", "da"])
def test_the_trend_hover_has_decimal_commas(lang):
    figure = trend_chart(_trend(), load_mode_texts(lang), load_catalog(lang))
    written = [text for trace in figure.data for text in trace.hovertext]
    assert all(DECIMAL_COMMA.search(text) for text in written)
    assert not [text for text in written if DECIMAL_POINT.search(text)]
    assert figure.layout.separators == ",\u00a0"


def test_a_team_name_with_html_is_drawn_as_text_not_as_a_link():
    """The review's finding: a team called <a href='//x.se'>N</a> became a link in the axis title."""
    comparison = compare_groups(GroupFigures(6, dict.fromkeys(MODES, 6.0)), GroupFigures(6, dict.fromkeys(MODES, 5.0)))
    catalog = load_catalog("en")
    figure = comparison_chart(comparison, load_mode_texts("en"), catalog, "Round 2", "<a href='//x.se'>N</a>")
    spec = figure.to_json()
    assert "<a href" not in spec and "&lt;a href=" in spec
