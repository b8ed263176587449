"""The printed reports, read back: what a reader of the PDF would see, in each language.

Each PDF is also rendered to PNG pages with pdftoppm into the test's tmp_path, so a failure
leaves pictures to look at (pytest keeps the last runs' tmp directories)."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date

import pdfplumber
import pytest

from questionnaire import LANGUAGES, MODES, load_catalog, load_instrument, load_mode_texts
from questionnaire.playbook import load_playbook
from reports import model, pdf
from reports.charts import _MAP_SIZE, mode_map, profile_chart
from reports.svg import figure_svg
from services import agent, reports

SCORES = {"competing": 9, "collaborating": 7, "compromising": 6, "avoiding": 4, "accommodating": 4}
NORDIC_NAME = "Åsa Ødegård-Čáhppes – Æbelø Ärlig"
MARKUP_NAME = '<b>Kim</b> **Bold** #set text(red) [link](http://x) $x$ & "quotes"'


def _report(lang: str, name: str = NORDIC_NAME, part2: bool = True, team: str = "Kundtjänst Malmö"):
    playbook = load_playbook(lang)
    choices = {s.id: MODES[i % 5] for i, s in enumerate(playbook.scenarios)} if part2 else None
    results = agent.results_for(name, SCORES, choices, lang)
    return model.individual_report(results, lang, team=team, round_label="1", finished_on=date(2026, 11, 3),
                                   printed_on=date(2026, 11, 28))


def _pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return [(page.extract_text() or "").replace("\u00ad", "") for page in document.pages]


def _pictures(data: bytes, tmp_path, stem: str) -> int:
    """Every page as a PNG beside the test (for a person to look at); the number made."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    target = tmp_path / f"{stem}.pdf"
    target.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(target), str(tmp_path / stem)], check=True)
    return len(list(tmp_path.glob(f"{stem}-*.png")))


def _outside_the_page(data: bytes) -> list[str]:
    outside = []
    with pdfplumber.open(io.BytesIO(data)) as document:
        for number, page in enumerate(document.pages, start=1):
            for char in page.chars:
                if char["x0"] < -0.5 or char["x1"] > page.width + 0.5 or char["top"] < -0.5 \
                        or char["bottom"] > page.height + 0.5:
                    outside.append(f"page {number}: {char['text']!r}")
    return outside


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_individual_report_reads_back_in_its_language(lang, tmp_path):
    report = _report(lang)
    data = pdf.individual_pdf(report)
    pages = _pages(data)
    text = "\n".join(pages)
    labels = report.labels
    assert NORDIC_NAME in pages[0]  # the name exactly as typed, letters and dash intact
    for heading in ("section_profile", "section_modes", "section_playbook", "section_part2", "section_plan",
                    "coach_notes"):
        assert labels[heading] in text, heading
    names = load_mode_texts(lang)
    ranking = next(p for p in pages if labels["ranking_title"] in p)
    for mode, value in SCORES.items():  # the five scores, each beside its mode
        assert f"{names[mode].name} {value} " in ranking.replace("\n", " ") + " ", mode
    assert 6 <= len(pages) <= 14
    assert all(labels["page_of"].split("{")[0] in page for page in pages)  # page numbers on every page
    assert _outside_the_page(data) == []
    assert _pictures(data, tmp_path, f"individual-{lang}") == len(pages)


def test_every_featured_situation_is_printed_in_full_and_the_others_condensed():
    report = _report("en")
    text = "\n".join(_pages(pdf.individual_pdf(report)))
    for card in report.featured:
        assert card.title in text and card.steps[-1][:40] in text.replace("\n", " ")
    for card in report.condensed:
        assert card.title in text
    assert len(report.featured) == agent.FEATURED_CARDS


def test_a_report_without_part2_has_no_part2_section():
    report = _report("sv", part2=False)
    text = "\n".join(_pages(pdf.individual_pdf(report)))
    assert report.part2 is None and report.labels["section_part2"] not in text


def test_a_name_with_html_and_markdown_is_printed_as_plain_text():
    report = _report("en", name=MARKUP_NAME)
    first = _pages(pdf.individual_pdf(report))[0]
    assert MARKUP_NAME in first.replace("\n", " ")


def test_a_very_long_name_without_spaces_stays_on_the_page():
    name = "Å" + "x" * 98 + "Ø"
    data = pdf.individual_pdf(_report("da", name=name, team="T" * 100))
    assert _outside_the_page(data) == []
    assert name in _pages(data)[0].replace("\n", "")
    batch = pdf.batch_pdf([_report("da", name=name), _report("sv", name="Kim")], "T" * 100, "da")
    assert _outside_the_page(batch) == []  # the contents page and every footer too
    assert name in _pages(batch)[0].replace("\n", "")


def test_letter_paper_is_letter_sized():
    with pdfplumber.open(io.BytesIO(pdf.individual_pdf(_report("en"), paper="letter"))) as document:
        assert (round(document.pages[0].width), round(document.pages[0].height)) == (612, 792)
    with pdfplumber.open(io.BytesIO(pdf.individual_pdf(_report("en")))) as document:
        assert (round(document.pages[0].width), round(document.pages[0].height)) == (595, 842)
    with pytest.raises(ValueError):
        pdf.individual_pdf(_report("en"), paper="a3")


def test_a_batch_starts_with_contents_and_gives_each_person_their_own_run_of_pages(tmp_path):
    people = [_report("sv", "Åsa Lind"), _report("nb", "Øyvind Ås"), _report("da", "Søren Ærø")]
    data = pdf.batch_pdf(people, "Kundtjänst", "sv")
    pages = _pages(data)
    catalog = load_catalog("sv")
    assert catalog.t("report.contents") in pages[0]
    assert all(person.name in pages[0] for person in people)
    owners = []  # whose page each is, from the name in its footer
    for page in pages[1:]:
        footer = page.strip().splitlines()[-1]
        found = [p.name for p in people if p.name in footer]
        assert len(found) == 1, footer
        owners.append(found[0])
    runs = [name for i, name in enumerate(owners) if i == 0 or owners[i - 1] != name]
    assert runs == [p.name for p in people]  # one run of pages per person, in order
    first_pages = [i for i, page in enumerate(pages) if i and any(page.lstrip().startswith(
        load_catalog(p.lang).t("app.title").upper()) for p in people)]
    assert len(first_pages) == len(people)  # each starts on a new page with its cover
    # each person's report is in their own language
    norwegian = pages[first_pages[1]:first_pages[2]]
    assert load_catalog("nb").t("report.section_plan") in "\n".join(norwegian)
    assert _pictures(data, tmp_path, "batch") == len(pages)


@pytest.mark.parametrize("name, suffixes, stem", [
    ("Åsa Lindqvist", (), "Åsa-Lindqvist"),
    ("Kundtjänst Malmö", (2, "workshop"), "Kundtjänst-Malmö-2-workshop"),
    ("K" * 90, (1, "workshop"), "K" * pdf.STEM_MAX + "-1-workshop"),  # the suffixes survive a long name
    ("../../etc/passwd", (), "etc-passwd"),
    ("CON", (), "CON-"), ("lpt1", (), "lpt1-"), ("Conny", (), "Conny"),  # Windows device names
    ("", (3,), "report-3"), ("<b>*</b>", (), "b-b"),
])
def test_file_names_come_from_names_and_are_safe_everywhere(name, suffixes, stem):
    assert pdf.file_stem(name, "report", *suffixes) == stem


def test_a_zip_holds_one_pdf_per_person_named_safely_and_uniquely():
    people = [_report("sv", "Åsa Lind"), _report("sv", "Åsa Lind"), _report("en", "../../etc/passwd"),
              _report("en", "")]
    with zipfile.ZipFile(io.BytesIO(pdf.batch_zip(people))) as archive:
        names = archive.namelist()
        assert names == ["Åsa-Lind.pdf", "Åsa-Lind-2.pdf", "etc-passwd.pdf",
                         f"{pdf.file_stem(people[3].display_name)}.pdf"]
        assert all("/" not in n and "\\" not in n for n in names)
        assert "Åsa Lind" in _pages(archive.read("Åsa-Lind-2.pdf"))[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_paper_form_has_all_thirty_pairs_with_their_import_columns(lang, tmp_path):
    data = reports.answer_form(lang)
    text = "\n".join(_pages(data)).replace("\n", " ")
    instrument = load_instrument(lang)
    for item in instrument.items:
        assert item.id in text
        assert item.a.text[:30] in text and item.b.text[:30] in text
    assert _outside_the_page(data) == []
    assert _pictures(data, tmp_path, f"form-{lang}") >= 2


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_import_template_is_the_import_format_with_a_byte_order_mark(lang):
    template = reports.import_template(lang)
    assert template.startswith("\ufeff".encode())
    header, example = template.decode("utf-8-sig").strip().splitlines()
    separator = "," if lang == "en" else ";"
    assert header.split(separator) == [load_catalog(lang).t("export.name"), *load_instrument().ids]
    assert example.split(separator)[0] == load_catalog(lang).t("import.example_name")


def test_the_charts_are_the_apps_figures_drawn_as_vectors():
    results = agent.results_for("Kim", SCORES, None, "sv")
    catalog = load_catalog("sv")
    svg = figure_svg(profile_chart(results.profile, results.texts, catalog, results.norms))
    for mode in MODES:
        assert results.texts[mode].name in svg
    assert svg.count('fill="#D55E00"') == 1  # competing's bar, in the app's colour
    assert "9 · " in svg and "<svg" in svg and "<image" not in svg  # vector, with the bar labels
    square = figure_svg(mode_map(results.profile, results.texts, catalog))
    assert catalog.t("results.you") in square and f'width="{_MAP_SIZE}"' in square


def test_a_chart_feature_the_pdf_cannot_draw_is_refused_not_dropped():
    import plotly.graph_objects as go

    with pytest.raises(ValueError, match="pie"):
        figure_svg(go.Figure(data=[go.Pie(values=[1, 2])]))


def test_the_model_holds_plain_text_only():
    report = _report("sv")
    strings = [report.headline, *report.about, *(s.looks_like for s in report.most_used),
               *(c.needs for c in report.featured), *report.labels.values()]
    assert not [s for s in strings if "**" in s or "<" in s]
    assert report.scores == SCORES
    assert [row.score for row in report.ranking] == sorted(SCORES.values(), reverse=True)
    assert report.ranking[-1].rank.startswith("4") and report.ranking[-2].rank.startswith("4")  # a tie


def _member(name, scores, shared=True):
    from types import SimpleNamespace

    return SimpleNamespace(name=name, finished=True, shared=shared, revealed=shared, cohort_id=None, source="web",
                           scores=dict(zip(MODES, scores)))


def test_the_workshop_model_works_on_the_situations_the_team_suits_least():
    from analysis import compare_groups, load_norms, team_report
    from analysis.team import situation_fit

    # a team that competes and avoids, and hardly collaborates or accommodates
    members = [_member(f"P{i}", s) for i, s in enumerate([(10, 2, 6, 10, 2), (11, 1, 7, 9, 2), (9, 3, 6, 10, 2)])]
    report = team_report(members, lang="sv")
    earlier = team_report([_member(f"E{i}", (6, 6, 6, 6, 6)) for i in range(3)], lang="sv")
    document = model.team_workshop_report(
        report, "Kundtjänst", "1 · 2026-11-02", "sv", norms=load_norms(), texts=load_mode_texts("sv"),
        comparison=compare_groups(report.figures, earlier.figures), comparison_label="Omgång 1",
        printed_on=date(2026, 11, 28))
    playbook = load_playbook("sv")
    fits = sorted(playbook.situations, key=lambda s: situation_fit(report.figures.means, s))
    assert [f.title for f in document.focus] == [s.title for s in fits[:model.FOCUS_SITUATIONS]]
    assert all(len(f.questions) == 3 and 3 <= len(f.steps) <= 5 for f in document.focus)
    names = load_mode_texts("sv")
    blind = {names[spot.mode].name for spot in report.figures.blind_spots}
    assert blind == {"Samarbetande", "Anpassande"}  # the modes nobody uses even moderately
    headings = [heading for heading, _ in document.mode_questions]
    assert all(any(mode in h for h in headings) for mode in blind)
    assert document.means[0][1] == "10,0"  # a decimal comma in Swedish
    assert document.comparison[0].difference == "+4,0" and document.comparison_title == "Omgång 1"
    assert document.strengths and all(name.startswith("P") for _, name in document.strengths)


def test_a_batch_in_a_terminal_shows_a_progress_bar(monkeypatch, capsys):
    from reports import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    bar = cli._Progress("Skapar rapporter")
    for done in range(1, 5):
        bar(done, 4)
    bar.close()
    assert screen.getvalue().count("\r") == 4 and "[" + "#" * 30 + "] 4/4" in screen.getvalue()
    monkeypatch.setattr("sys.stderr", io.StringIO())  # not a terminal: no bar in a log file
    quiet = cli._Progress("x")
    quiet(1, 2)
    assert not quiet.shown


@pytest.mark.parametrize("pattern", [None, "same", "alternating"])
def test_a_report_of_answers_that_follow_a_pattern_says_so_on_its_cover(pattern):
    flat = dict.fromkeys(MODES, 6)
    report = model.individual_report(agent.results_for("Kari", flat, None, "nb", pattern=pattern), "nb")
    catalog = load_catalog("nb")
    expected = catalog.t(f"report.pattern_caution_{pattern}") if pattern else ""
    assert report.caution == expected
    with pdfplumber.open(io.BytesIO(pdf.individual_pdf(report))) as document:
        cover = " ".join((document.pages[0].extract_text() or "").split())
    first_words = catalog.t("report.pattern_caution_same").split(".")[0]
    assert (first_words in cover) == bool(pattern)
