"""Reading paper results from CSV (every bad row reported, all or nothing) and safe exports."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from analysis import answers_for_order, read_results_csv, score, team_report
from questionnaire import MODES, load_catalog, load_instrument, load_mode_texts
from reports import neutralise, team_tables, to_csv, to_excel
from test_team import M  # a minimal member, as the team summary reads it

INSTRUMENT = load_instrument()
ITEMS = list(INSTRUMENT.ids)
ANSWERS = answers_for_order(INSTRUMENT, ("collaborating", "compromising", "accommodating", "avoiding", "competing"))


def _answers_file(rows, sep=",", header=None) -> bytes:
    header = header or ["name", *ITEMS]
    lines = [sep.join(header)] + [sep.join([name, *[ANSWERS[i] for i in ITEMS]]) for name in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _scores_file(rows, sep=",") -> bytes:
    lines = [sep.join(["name", *MODES])] + [sep.join([name, *map(str, scores)]) for name, scores in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_answers_are_scored_like_the_app_would():
    result = read_results_csv(_answers_file(["Åsa Lind", "Bo"]), INSTRUMENT)
    assert result.ok and result.kind == "answers"
    assert [r.name for r in result.rows] == ["Åsa Lind", "Bo"]
    assert result.rows[0].scores == dict(score(INSTRUMENT, ANSWERS).scores)
    assert result.rows[0].answers == ANSWERS


@pytest.mark.parametrize("data", [
    _scores_file([("Kari", (2, 10, 7, 3, 8))], sep=";"),
    "\ufeff".encode() + _scores_file([("Kari", (2, 10, 7, 3, 8))]),  # with a byte-order mark
    _scores_file([("Kari", (2, 10, 7, 3, 8))]).replace(b"\n", b"\r\n"),  # Windows line ends
    _scores_file([("Kari", (2, 10, 7, 3, 8))]).replace(b"competing", b"Competing"),  # header case
    _scores_file([("Kari", (2, 10, 7, 3, 8))]) + b"\n\n",  # trailing blank lines
], ids=["semicolon", "bom", "crlf", "header case", "blank lines"])
def test_the_usual_spreadsheet_variants_are_read(data):
    result = read_results_csv(data, INSTRUMENT)
    assert result.ok and result.kind == "scores"
    assert result.rows[0].scores == dict(zip(MODES, (2, 10, 7, 3, 8)))


def _codes(result):
    return [(p.line, p.code) for p in result.problems]


BAD_FILES = [
    ("empty file", b"", [(0, "empty")]),
    ("only spaces", b"  \n \n", [(0, "empty")]),
    ("wrong encoding", "name,competing\nÅsa,5".encode("utf-16"), [(0, "encoding")]),
    ("latin-1", "name;competing;collaborating;compromising;avoiding;accommodating\nÅsa;6;6;6;6;6".encode("latin-1"),
     [(0, "encoding")]),
    ("header only", b"name,competing,collaborating,compromising,avoiding,accommodating\n", [(0, "no_rows")]),
    ("no name column", b"person,competing,collaborating,compromising,avoiding,accommodating\nA,6,6,6,6,6",
     [(1, "no_name_column")]),
    ("wrong columns", b"name,competing,collaborating,compromising,avoiding,kindness\nA,6,6,6,6,6",
     [(1, "columns")]),
    ("duplicate column", b"name,competing,competing,compromising,avoiding,accommodating\nA,6,6,6,6,6",
     [(1, "duplicate_column")]),
    ("bad values", _scores_file([("A", (6, 6, 6, 6, 6)), ("B", ("x", 6, 6, 6, 6)), ("C", (13, 5, 4, 4, 4)),
                                 ("D", (6, 6, 6, 6, 7)), ("", (6, 6, 6, 6, 6))]),
     [(3, "bad_score"), (4, "bad_score"), (5, "bad_sum"), (6, "name_missing")]),
    ("duplicates", _scores_file([("Kari", (6, 6, 6, 6, 6)), ("kari ", (6, 6, 6, 6, 6))]), [(3, "duplicate_name")]),
    ("bad answer", _answers_file(["Kari"]).replace(b",A,", b",C,", 1), [(2, "bad_answer")]),
    ("missing field", b"name,competing,collaborating,compromising,avoiding,accommodating\nA,6,6,6,6",
     [(2, "field_count")]),
    # Files that once crashed the import: each gets a message, not a traceback.
    ("superscript digit", "name,competing,collaborating,compromising,avoiding,accommodating\nA,6,6,6,6,\u00b2"
     .encode(), [(2, "bad_score")]),
    ("arabic digit", "name,competing,collaborating,compromising,avoiding,accommodating\nA,\u0666,6,6,6,6"
     .encode(), [(2, "bad_score")]),
    ("only commas", b",,,,\n,,,\n", [(0, "empty")]),
    ("only quotes", b'""\n""\n', [(0, "empty")]),
    ("only separators", b";;;;;\n", [(0, "empty")]),
    ("nul byte", b"name,competing\x00\nA,6", [(1, "columns")]),
    ("field over the size limit", b'name,competing\n"A,6\n' + b"x" * 200_000, [(3, "unreadable")]),
    ("huge number", b"name,competing,collaborating,compromising,avoiding,accommodating\nA,6,6,6,6,"
     + b"9" * 5000, [(2, "bad_score")]),
]


@pytest.mark.parametrize("data,expected", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_files_report_every_problem_with_its_line_and_import_nothing(data, expected):
    result = read_results_csv(data, INSTRUMENT)
    assert _codes(result) == expected
    assert result.rows == () and not result.ok


def test_problems_carry_what_the_message_needs_in_every_language(lang):
    catalog = load_catalog(lang)
    for _, data, _ in BAD_FILES:
        for problem in read_results_csv(data, INSTRUMENT).problems:
            assert catalog.t(f"import.{problem.code}", **problem.values)


def test_a_missing_answer_column_is_named():
    header = ["name", *ITEMS[:-1]]
    data = "\n".join([",".join(header), ",".join(["A", *["A"] * 29])]).encode()
    problem = read_results_csv(data, INSTRUMENT).problems[0]
    assert problem.code == "columns" and problem.values["missing"] == "P30"


DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "Åsa =ok"]


def _tables(lang="en"):
    scores = dict(score(INSTRUMENT, ANSWERS).scores)
    members = [M(name, True, True, scores) for name in DANGEROUS] + [M(f"Private {i}", False, True, scores)
                                                                     for i in range(3)]
    report = team_report(members, min_group=3, lang=lang)
    assert report.waiting == 3  # the private ones are in no figure yet
    names = {m: t.name for m, t in load_mode_texts(lang).items()}
    return team_tables(report, names, load_catalog(lang), "=cmd|' /C calc'!A0", "Round 1")


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+46 70", "'+46 70"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Åsa", "Åsa"), ("a=b", "a=b"), (5, 5), (-5, -5), (2.5, 2.5),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_export_neutralises_formulas_and_leaves_out_who_did_not_share():
    data = to_csv(_tables(), "en")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'=cmd|' /C calc'!A0" in cells
    assert "Private" not in text


def test_nordic_csv_uses_semicolons_and_decimal_commas():
    text = to_csv(_tables("da"), "da").decode("utf-8-sig")
    assert text.splitlines()[1].count(";") >= 5
    team_sheet = text.split("\n\n")[1]
    means = [row[4] for row in list(csv.reader(io.StringIO(team_sheet), delimiter=";"))[2:]]
    assert means and all("," in cell and "." not in cell for cell in means)


def test_excel_export_has_no_formulas_and_keeps_numbers_as_numbers():
    book = openpyxl.load_workbook(io.BytesIO(to_excel(_tables())))
    assert book.sheetnames == ["Members", "Team"]
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    members = book["Members"]
    assert members["C2"].value == "'" + DANGEROUS[0]
    assert isinstance(members["D2"].value, int)
