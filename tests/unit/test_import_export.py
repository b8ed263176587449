"""Reading paper results from the files leads have (every bad line reported, all or nothing) and safe exports."""
from __future__ import annotations

import codecs
import csv
import io
import re
import string
import zipfile
from datetime import date

import openpyxl
import pytest
from openpyxl.styles import PatternFill
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import Headings, answers_for_order, load_headings, read_results, read_results_csv, score, team_report
from analysis.importing import _NAME_LETTERS, MAX_ROWS, normalise_heading
from questionnaire import LANGUAGES, MODES, load_catalog, load_instrument, load_mode_texts
from reports import ExportMember, ExportRound, Part2Choice, neutralise, team_tables, to_csv, to_excel, to_zip
from test_team import M  # a minimal member, as the team summary reads it

INSTRUMENT = load_instrument()
ITEMS = list(INSTRUMENT.ids)
ANSWERS = answers_for_order(INSTRUMENT, ("collaborating", "compromising", "accommodating", "avoiding", "competing"))
EN_SCORES = ["name", *MODES]
NORDIC = ["Åsa Ødegård", "Bjørn Æbelø", "Märta Öhman"]
SIXES = ["6"] * 5


def _headings(lang: str) -> list[str]:
    """The score headings as the app's export writes them in ``lang``."""
    return [load_catalog(lang).t("export.name"), *(load_mode_texts(lang)[m].name for m in MODES)]


def _text(rows, sep=",", newline="\n") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline).writerows(rows)
    return buffer.getvalue()


def _file(rows, sep=",", encoding="utf-8", newline="\n") -> bytes:
    """Rows as a spreadsheet program saves them; "utf-16-le"/"utf-16-be" get their byte-order mark."""
    text = _text(rows, sep, newline)
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    return bom + text.encode(encoding)


def _scores(*people, header=EN_SCORES):
    """A scores table: ``people`` are names (all sixes) or (name, five scores)."""
    rows = [list(header)]
    for person in people:
        name, values = (person, SIXES) if isinstance(person, str) else person
        rows.append([name, *map(str, values.values() if isinstance(values, dict) else values)])
    return rows


def _answers(*names):
    return [["name", *ITEMS], *([name, *(ANSWERS[i] for i in ITEMS)] for name in names)]


def _xlsx(*sheets) -> bytes:
    """A workbook: ``sheets`` are (title, rows) or (title, rows, state), rows of cell values (None
    for an empty cell), state "hidden" or "veryHidden"."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, *state in sheets:
        sheet = book.create_sheet(title)
        sheet.sheet_state = state[0] if state else "visible"
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _formatted(rows, down_to: int, every_row: bool = True) -> bytes:
    """A one-sheet workbook of ``rows``, its first column filled yellow down to row ``down_to``
    (a lead who coloured the column before typing): empty rows the reader is given all the same.
    Without ``every_row`` only row ``down_to`` is: the reader fills in the rows above it."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for number in range(len(rows) + 1 if every_row else down_to, down_to + 1):
        sheet.cell(row=number, column=1).fill = PatternFill("solid", fgColor="FFFF00")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _old_export(lang: str) -> bytes:
    """The previous CSV export: a title line, the members, a blank line, then the team's figures."""
    t = load_catalog(lang).t
    sep = "," if lang == "en" else ";"
    members = [[t("export.team"), t("export.round"), *_headings(lang), t("export.top_mode")],
               ["Kundtjänst", "1", "Åsa Ødegård", "2", "10", "7", "3", "8", "x"],
               ["Kundtjänst", "1", "'=Bo", "6", "6", "6", "6", "6", "y"]]
    team = [[t("export.team"), t("export.round"), t("export.mode"), t("export.mean")], ["Kundtjänst", "1", "x", "6,2"]]
    text = (t("export.sheet_members") + "\n" + _text(members, sep) + "\n" + t("export.sheet_team") + "\n"
            + _text(team, sep))
    return "\ufeff".encode() + text.encode("utf-8")


def _new_export(lang: str) -> list[list]:
    """The members table of the current export: the name first, the app's own columns after the scores."""
    t = load_catalog(lang).t
    return [[*_headings(lang), t("export.top_mode"), t("export.finished_on"), t("export.source"), t("export.team"),
             t("export.round")],
            ["Åsa Ødegård", 2, 10, 7, 3, 8, "x", "2026-03-01", t("export.source_web"), "Kundtjänst", 1],
            ["'=Bo", 6, 6, 6, 6, 6, "y", None, t("export.source_paper"), "Kundtjänst", 1]]


ASA = ("Åsa Ødegård", {"competing": 2, "collaborating": 10, "compromising": 7, "avoiding": 3, "accommodating": 8})
SIX = dict.fromkeys(MODES, 6)

# (id, data, filename, the people read: [(name, scores)])
GOOD_FILES = [
    ("cp1252 semicolons with Swedish headings and Nordic names",
     _file(_scores(*NORDIC, header=_headings("sv")), ";", "cp1252", "\r\n"), "", [(n, SIX) for n in NORDIC]),
    ("mac_roman with CR line ends and Norwegian headings",
     _file(_scores(*NORDIC, header=_headings("nb")), ";", "mac_roman", "\r"), "", [(n, SIX) for n in NORDIC]),
    ("a lone Ö in mac_roman", _file(_scores("Bo", "Ö"), ";", "mac_roman", "\r"), "", [("Bo", SIX), ("Ö", SIX)]),
    ("a lone å in cp1252", _file(_scores("Bo", "Kåre"), ";", "cp1252"), "", [("Bo", SIX), ("Kåre", SIX)]),
    ("UTF-16 LE tabs with Danish headings (Excel's Unicode text)",
     _file(_scores(*NORDIC, header=_headings("da")), "\t", "utf-16-le", "\r\n"), "", [(n, SIX) for n in NORDIC]),
    ("UTF-16 BE tabs", _file(_scores("Märta Öhman"), "\t", "utf-16-be"), "", [("Märta Öhman", SIX)]),
    ("UTF-8 with a byte-order mark", "\ufeff".encode() + _file(_scores("Åsa")), "", [("Åsa", SIX)]),
    ("semicolons", _file(_scores(ASA), ";"), "", [ASA]),
    ("tabs", _file(_scores(ASA), "\t"), "", [ASA]),
    ("CRLF", _file(_scores(ASA), newline="\r\n"), "", [ASA]),
    ("CR alone", _file(_scores(ASA), newline="\r"), "", [ASA]),
    ("blank lines after the rows", _file(_scores(ASA)) + b"\n\n\r\n", "", [ASA]),
    ("headings in any case with stray spaces and invisible characters",
     _file([[" NAMN\u200b", "tävlande\u00a0", "\ufeffSamarbetande", "KOMPROMISS\u00adANDE", " undvikande ",
             "Anpassande"], ["Åsa", *SIXES]], ";"), "", [("Åsa", SIX)]),
    ("Excel's trailing empty columns",
     _file([[*_headings("sv"), "", ""], ["Åsa", *SIXES, "", ""], ["Bo", *SIXES, "", ""]], ";"), "",
     [("Åsa", SIX), ("Bo", SIX)]),
    ("scores written 7,0 and 7.0", _file(_scores(("Åsa", ["6,0", "6.0", "6", " 6 ", "6,00"])), ";"), "",
     [("Åsa", SIX)]),
    ("answers in any case with spaces",
     _file([["name", *ITEMS], ["Åsa", *(f" {ANSWERS[i].lower()} " for i in ITEMS)]]), "",
     [("Åsa", dict(score(INSTRUMENT, ANSWERS).scores))]),
    ("names trimmed and their spaces collapsed", _file(_scores("  Åsa \u00a0 Lind\u200b ")), "", [("Åsa Lind", SIX)]),
    ("the export's apostrophe before a formula taken off",
     _file(_scores("'=Anna", "'+46 Bo", "'-Li", "'@Kim", "O'Brien")), "",
     [("=Anna", SIX), ("+46 Bo", SIX), ("-Li", SIX), ("@Kim", SIX), ("O'Brien", SIX)]),
    ("the old export, title line and a second table, Swedish", _old_export("sv"), "", [ASA, ("=Bo", SIX)]),
    ("the old export, English", _old_export("en"), "", [ASA, ("=Bo", SIX)]),
    ("the new export as CSV, Danish", _file(_new_export("da"), ";"), "", [ASA, ("=Bo", SIX)]),
    ("a title line with Excel's trailing separators",
     _file([["Medlemmar", "", "", ""], *_scores("Åsa", header=_headings("sv"))], ";"), "", [("Åsa", SIX)]),
    ("a title line with a date beside it",
     _file([["Resultat kundservice", "2026-11-28", "", "", "", ""], *_scores("Åsa", header=_headings("sv"))], ";"),
     "", [("Åsa", SIX)]),
    ("a title with a comma above a semicolon table",
     b"Resultat, Kundservice Nord\n" + _file(_scores("Åsa", "Bo", header=_headings("sv")), ";"), "",
     [("Åsa", SIX), ("Bo", SIX)]),
    ("a title with semicolons above a comma table",
     b"Results; Customer Service; North\n\n" + _file(_scores("Åsa", "Bo")), "", [("Åsa", SIX), ("Bo", SIX)]),
    ("a title with tabs and a date above a tab table",
     b"Results\t2026-11-28\tNorth\n" + _file(_scores("Åsa"), "\t"), "", [("Åsa", SIX)]),
    ("several title lines above the header",
     _file([["Kundtjänst"], ["Omgång 2", "2026-11-28"], [], ["Skrivet på papper"], *_scores("Åsa")], ";"), "",
     [("Åsa", SIX)]),
    ("a title cell holding a line break above the header",
     b'"Results\nNorth";2026\n' + _file(_scores("Åsa"), ";"), "", [("Åsa", SIX)]),
    ("an apostrophe-quote in a name on the last line, no line end", _file(_scores("Åsa"), ";") + b'O"Brien;6;6;6;6;6',
     "", [("Åsa", SIX), ('O"Brien', SIX)]),
    ("a team column holding one team, written in other case and spacing",
     _file([[*EN_SCORES, "Team"], ["Åsa", *SIXES, "Kundtjänst"], ["Bo", *SIXES, " KUNDTJÄNST"], ["Li", *SIXES, ""]]),
     "", [("Åsa", SIX), ("Bo", SIX), ("Li", SIX)]),
    ("blank letters (Hangul fillers, Braille blank) taken out of names",
     _file(_scores("Åsa\u3164 Öberg\u2800", "\u115fBo\u1160", "Li\uffa0")), "",
     [("Åsa Öberg", SIX), ("Bo", SIX), ("Li", SIX)]),
    ("Kåre and Nordic names in mac_roman",
     _file(_scores(*NORDIC, "Kåre", header=_headings("sv")), ";", "mac_roman", "\r"), "",
     [(n, SIX) for n in [*NORDIC, "Kåre"]]),
    ("xlsx with floats, members first and another sheet after",
     _xlsx(("Medlemmer", [_headings("nb"), ["Åsa Ødegård", 2.0, 10.0, 7, 3, 8.0], ["Bo", 6, 6.0, 6, 6, 6]]),
           ("Team", [["Team", "Runde", "Stil"], ["x", 1, "y"]])), "results.xlsx", [ASA, ("Bo", SIX)]),
    ("xlsx recognised without its name", _xlsx(("Members", _new_export("en"))), "", [ASA, ("=Bo", SIX)]),
    ("xlsx whose first sheet is no results table",
     _xlsx(("Notes", [["Written on paper in March"]]), ("Completion", [["Team", "Round"], ["x", 1]]),
           ("Members", _new_export("sv"))), "x.xlsx", [ASA, ("=Bo", SIX)]),
    ("xlsx with a title row and empty rows above the header",
     _xlsx(("Members", [["Members"], [], _headings("en"), ["Bo", 6, 6, 6, 6, 6], [None]])), "", [("Bo", SIX)]),
    ("xlsx with an empty cell at the end of a row (a short row)",
     _xlsx(("Members", [[*_headings("en"), "Answered"], ["Bo", 6, 6, 6, 6, 6]])), "", [("Bo", SIX)]),
    ("xlsx with a title row and a date beside it",
     _xlsx(("Members", [["Results", "2026-11-28"], _headings("en"), ["Bo", *SIXES]])), "", [("Bo", SIX)]),
    ("xlsx with a hidden sheet of results before the visible one",
     _xlsx(("Old", _scores("Kari"), "hidden"), ("Also old", _scores("Ola"), "veryHidden"), ("Now", _scores("Bo"))),
     "", [("Bo", SIX)]),
    ("xlsx with one data row and 3000 formatted empty rows", _formatted([_headings("en"), ["Bo", *SIXES]], 3000), "",
     [("Bo", SIX)]),
    ("xlsx formatted down to the last row read", _formatted([EN_SCORES, ["Bo", *SIXES]], 50_000, every_row=False), "",
     [("Bo", SIX)]),
    ("xlsx with the most rows allowed and formatted empty rows below",
     _formatted([EN_SCORES, *([f"P{i}", *SIXES] for i in range(MAX_ROWS))], 5000), "",
     [(f"P{i}", SIX) for i in range(MAX_ROWS)]),
    ("a zip of CSV files, members not first by name",
     _zip({"__MACOSX/._team-1-Members.csv": b"\x00\x05\x16\x07", "team-0-Completion.csv": b"Team;Round\r\nx;1\r\n",
           "team-1-Members.csv": "\ufeff".encode() + _file(_new_export("sv"), ";", newline="\r\n"),
           "team-2-Team.csv": b"Team;Round;Mode\r\nx;1;y\r\n"}), "team.zip", [ASA, ("=Bo", SIX)]),
    ("a zip of one cp1252 CSV file", _zip({"a.csv": _file(_scores(*NORDIC, header=_headings("sv")), ";", "cp1252")}),
     "", [(n, SIX) for n in NORDIC]),
]


@pytest.mark.parametrize("data,filename,people", [c[1:] for c in GOOD_FILES], ids=[c[0] for c in GOOD_FILES])
def test_files_leads_have_are_read(data, filename, people):
    result = read_results(data, INSTRUMENT, filename)
    assert result.problems == ()
    assert result.ok
    assert [(row.name, row.scores) for row in result.rows] == people


def test_answers_are_scored_like_the_app_would():
    result = read_results_csv(_file(_answers("Åsa Lind", "Bo")), INSTRUMENT)
    assert result.ok and result.kind == "answers"
    assert [r.name for r in result.rows] == ["Åsa Lind", "Bo"]
    assert result.rows[0].scores == dict(score(INSTRUMENT, ANSWERS).scores)
    assert result.rows[0].answers == ANSWERS


def test_rows_keep_the_files_own_line_numbers():
    data = _file([["Members"], [], *_scores("Åsa", "Bo")], newline="\r") + b"\r\r" + b"Kari,6,6,6,6,6\r"
    assert [row.line for row in read_results(data, INSTRUMENT).rows] == [4, 5, 8]


def test_sheet_rows_keep_the_sheets_row_numbers_across_empty_rows():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B2"] = "Members"
    for column, heading in enumerate(_headings("da"), start=1):
        sheet.cell(row=4, column=column, value=heading)
    for row, name in ((5, "Åsa"), (9, "Bo")):
        sheet.cell(row=row, column=1, value=name)
        for column in range(2, 7):
            sheet.cell(row=row, column=column, value=6)
    out = io.BytesIO()
    book.save(out)
    assert [(row.line, row.name) for row in read_results(out.getvalue(), INSTRUMENT).rows] == [(5, "Åsa"), (9, "Bo")]


def _codes(result):
    return [(p.line, p.code) for p in result.problems]


def _zip_bomb() -> bytes:
    data = _zip({"xl/workbook.xml": b"\0" * 21_000_000})
    assert len(data) < 100_000  # small to upload, big to unpack
    return data


def _lying_zip() -> bytes:
    """A zip whose entry claims 1 kB but unpacks to 21 MB: zipfile stops at the claim."""
    data = bytearray(_zip({"a.csv": _file(_scores("Åsa")) + b"\n" * 21_000_000}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(signature) + offset
        data[at:at + 4] = (1000).to_bytes(4, "little")
    return bytes(data)


def _too_many_rows() -> bytes:
    return _file(_scores(*(f"P{i}" for i in range(MAX_ROWS + 1))))


# (id, data, filename, [(line, code)])
BAD_FILES = [
    ("empty file", b"", "", [(0, "empty")]),
    ("only spaces", b"  \n \n", "", [(0, "empty")]),
    ("only commas", b",,,,\n,,,\n", "", [(0, "empty")]),
    ("only quotes", b'""\n""\n', "", [(0, "empty")]),
    ("only separators", b";;;;;\n", "", [(0, "empty")]),
    ("only invisible characters", "\u200b;\u00a0\n".encode(), "", [(0, "empty")]),
    ("binary, not text", bytes(range(256)) * 4, "", [(0, "not_a_table")]),  # NUL bytes: no text file
    ("a picture", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "photo.png", [(0, "not_a_table")]),
    ("old Excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "book.xls", [(0, "old_excel")]),
    ("UTF-16 cut in the middle of a character", codecs.BOM_UTF16_LE + "name".encode("utf-16-le") + b"n", "",
     [(0, "encoding")]),
    ("upload over the limit", b"name\n" + b"x" * 1_000_000, "", [(0, "too_big")]),
    ("header only", _file(_scores()), "", [(0, "no_rows")]),
    ("a title line only", b"Members\n", "", [(1, "no_name_column")]),
    ("no name column", b"person,competing,collaborating,compromising,avoiding,accommodating\nA,6,6,6,6,6", "",
     [(1, "no_name_column")]),
    ("wrong columns", b"name,competing,collaborating,compromising,avoiding,kindness\nA,6,6,6,6,6", "",
     [(1, "columns")]),
    ("an unknown column beside the scores", _file(_scores("A", header=[*EN_SCORES, "notes"])), "", [(1, "columns")]),
    ("scores and answers mixed", _file([[*EN_SCORES, "P01"], ["A", *SIXES, "A"]]), "", [(1, "columns")]),
    ("a heading only one column", _file([["name"], ["Åsa"]]), "", [(1, "columns")]),
    ("duplicate column", b"name,competing,competing,compromising,avoiding,accommodating\nA,6,6,6,6,6", "",
     [(1, "duplicate_column")]),
    ("the same mode in two languages", _file(_scores("A", header=["name", "competing", "Tävlande", *MODES[2:]])),
     "", [(1, "duplicate_column")]),
    ("two name columns after normalising", _file([["Namn", " NAMN ", *MODES], ["A", "A", *SIXES]]), "",
     [(1, "duplicate_column")]),
    ("an empty heading with data under it", _file([["name", "", *MODES], ["A", "", *SIXES], ["B", "x", *SIXES]]),
     "", [(1, "empty_heading")]),
    ("three bad lines, all named",
     _file(_scores("Åsa", ("Bo", ["x", 6, 6, 6, 6]), "Kari", ("Ola", [6, 6, 6, 6, 7]), ("", SIXES))), "",
     [(3, "bad_score"), (5, "bad_sum"), (6, "name_missing")]),
    ("bad answer", _file(_answers("Kari")).replace(b",A,", b",C,", 1), "", [(2, "bad_answer")]),
    ("missing field", b"name,competing,collaborating,compromising,avoiding,accommodating\nA,6,6,6,6", "",
     [(2, "field_count")]),
    ("an extra field with data", _file(_scores("A")).replace(b"6\n", b"6,x\n"), "", [(2, "field_count")]),
    ("an unclosed quote on line 3 of 5", _file(_scores("Åsa")) + b'"Bo,6,6,6,6,6\nKari,6,6,6,6,6\nOla,6,6,6,6,6\n',
     "", [(3, "unclosed_quote")]),
    ("a quote closed only on the next line",
     _file(_scores("Åsa")) + b'"Bo,6,6,6,6,6\nKari",6,6,6,6,6\nOla,6,6,6,6,6\n', "", [(3, "line_break")]),
    ("an unclosed quote on the last line, no line end", _file(_scores("Åsa"), ";") + '"Kåre;7;7;6;5;5'.encode(), "",
     [(3, "unclosed_quote")]),
    ("an unclosed quote on the last line", _file(_scores("Åsa"), ";") + '"Kåre;7;7;6;5;5\r\n'.encode(), "",
     [(3, "unclosed_quote")]),
    ("an unclosed quote in the last cell of the last line", _file(_scores("Åsa"), ";") + b'Bo;6;6;6;6;"6\n', "",
     [(3, "unclosed_quote")]),
    ("a cell holding a line break (Alt+Enter)",
     _file(_scores("Åsa"), ";") + b'"Anna\nLind";6;6;6;6;6\nBo;6;6;6;6;6\n', "", [(3, "line_break")]),
    ("a cell holding a line break on the last line, no line end",
     _file(_scores("Åsa"), ";", newline="\r\n") + b'"Anna\r\nLind";6;6;6;6;6', "", [(3, "line_break")]),
    ("a line break, and a bad row below it keeps its own line number",
     _file(_scores("Åsa"), ";") + b'"Anna\nLind";6;6;6;6;6\nBo;x;6;6;6;6\n', "", [(3, "line_break"), (5, "bad_score")]),
    ("a blank line, then a row with only a name",
     "Namn;Tävlande;Samarbetande;Kompromissande;Undvikande;Anpassande\r\nÅsa;6;6;6;6;6\r\n;;;;;\r\nBjörn;;;;;\r\n"
     "Kåre;7;7;6;5;5\r\n".encode(), "", [(4, "bad_score")]),
    ("a blank line, then a row with only a name and no separators",
     _file(_scores("Åsa")) + b"\nBj\xc3\xb6rn\nK\xc3\xa5re,7,7,6,5,5\n", "", [(4, "field_count")]),
    ("a blank line, then a title that is no sheet title", _file(_scores("Åsa"), ";") + b"\nNotes\nBo;6;6;6;6;6\n", "",
     [(4, "field_count")]),
    ("xlsx: an empty row, then a row with only a name",
     _xlsx(("Members", [_headings("sv"), ["Åsa", *SIXES], [], ["Björn"], ["Kåre", 7, 7, 6, 5, 5]])), "",
     [(4, "bad_score")]),
    ("xlsx: two sheets of results", _xlsx(("Kundtjänst", _scores("Åsa")), ("Sälj", _scores("Bo"))), "",
     [(0, "several_sheets")]),
    ("xlsx: two sheets of results, one with a title above the header",
     _xlsx(("Notes", [["x"]]), ("Kundtjänst", [["Results", "2026"], *_scores("Åsa")]), ("Sälj", _answers("Bo"))), "",
     [(0, "several_sheets")]),
    ("a team column holding two teams",
     _file([[*_headings("sv"), "Team"], ["Åsa", *SIXES, "Kundtjänst"], ["Bo", *SIXES, "Sälj"]], ";"), "",
     [(0, "several_teams")]),
    ("the export's team column holding two teams, Norwegian",
     _file([*_new_export("nb"), ["Kari", *_new_export("nb")[1][1:-2], "Salg", 1]], ";"), "", [(0, "several_teams")]),
    ("xlsx: a team column holding three teams",
     _xlsx(("All", [[*EN_SCORES, "team"], ["Åsa", *SIXES, "A"], ["Bo", *SIXES, "B"], ["Li", *SIXES, "C"]])), "",
     [(0, "several_teams")]),
    ("UTF-8 lines and a line appended in Windows-1252",
     _file(_scores("Åsa", "Bjørn")) + _file([["Kåre", *SIXES]], encoding="cp1252"), "", [(0, "mixed_encoding")]),
    ("UTF-8 lines and a line appended in Mac Roman",
     _file(_scores("Märta Öhman")) + _file([["Kåre", *SIXES]], encoding="mac_roman"), "", [(0, "mixed_encoding")]),
    ("a Windows-1252 file with a line appended in UTF-8",
     _file(_scores("Åsa", header=_headings("sv")), ";", "cp1252") + _file([["Ødegård", *SIXES]], ";"), "",
     [(0, "mixed_encoding")]),
    ("a zip of a CSV file mixing encodings",
     _zip({"a.csv": _file(_scores("Åsa")) + _file([["Kåre", *SIXES]], encoding="cp1252")}), "",
     [(0, "mixed_encoding")]),
    ("an unclosed quote in the header", b'"name,competing\nA,6\n', "", [(1, "unclosed_quote")]),
    ("an unclosed quote swallowing a field over the csv size limit", _file(_scores("Åsa")) + b'"B\n' + b"x" * 200_000,
     "", [(3, "unclosed_quote")]),
    ("a line with a field over the csv size limit", _file(_scores("Åsa")) + b"x" * 200_000, "",
     [(3, "unreadable")]),
    ("nul byte in the header", b"name,competing\x00\nA,6", "", [(0, "not_a_table")]),
    ("too many rows", _too_many_rows(), "", [(0, "too_many_rows")]),
    ("an xlsx with too many rows", _xlsx(("Members", [EN_SCORES, *([f"P{i}", *[6] * 5] for i in range(MAX_ROWS + 1))])),
     "", [(0, "too_many_rows")]),
    ("an xlsx with too many rows among formatted empty ones",
     _formatted([EN_SCORES, *([f"P{i}", *SIXES] for i in range(MAX_ROWS + 1))], 5000), "", [(0, "too_many_rows")]),
    ("an xlsx formatted further down than is read", _formatted([EN_SCORES, ["Bo", *SIXES]], 50_001, every_row=False),
     "",
     [(0, "too_many_rows")]),
    ("xlsx garbage after the zip signature", b"PK\x03\x04" + bytes(range(256)) * 8, "results.xlsx",
     [(0, "unreadable_xlsx")]),
    ("garbage after the zip signature, no name", b"PK\x03\x04garbage" * 10, "", [(0, "unreadable_xlsx")]),
    ("CSV text named .xlsx", _file(_scores("Åsa")), "results.xlsx", [(0, "unreadable_xlsx")]),
    ("a zip that is no workbook", _zip({"xl/workbook.xml": b"<not a workbook/>"}), "", [(0, "unreadable_xlsx")]),
    ("a zip with no CSV file", _zip({"notes.docx": b"x"}), "results.zip", [(0, "unreadable_zip")]),
    ("garbage named .zip", b"PK\x03\x04garbage", "results.zip", [(0, "unreadable_zip")]),
    ("a zip bomb", _zip_bomb(), "", [(0, "too_big")]),
    ("a zip with too many entries", _zip({f"{i}.csv": b"" for i in range(201)}), "", [(0, "too_big")]),
    ("a zip entry that unpacks to more than it claims", _lying_zip(), "", [(0, "unreadable_zip")]),
    ("a zip member over the upload limit", _zip({"a.csv": b"name\n" + b"x" * 1_100_000}), "", [(0, "too_big")]),
    ("a zip of CSV files none of which is results", _zip({"a.csv": b"Team;Round\nx;1\n", "b.csv": b"x;y\n1;2\n"}), "",
     [(1, "no_name_column")]),
    ("xlsx row numbers are the sheet's",
     _xlsx(("Members", [["Members"], _headings("en"), ["Bo", 7.5, 6, 6, 6, 6], ["Åsa", *SIXES],
                        ["Li", None, 6, 6, 6, 6]])),
     "", [(3, "bad_score"), (5, "bad_score")]),
    ("an xlsx empty heading with data is named by its letter",
     _xlsx(("Members", [[*_headings("en"), None, "Answered"], ["Bo", *SIXES, 1, "y"]])), "", [(1, "empty_heading")]),
]

BAD_SCORES = ["7,5", "x", "-1", "13", "\u00b2", "\u0666", "\uff17", "6.5", "9" * 5000, "", "6 6"]
BAD_FILES += [(f"score {value[:8]!r}", _file(_scores(("A", [value, 6, 6, 6, 6])), ";"), "", [(2, "bad_score")])
              for value in BAD_SCORES]

# The same name twice, as a lead's typing and copying makes it: every pair is one person.
TWINS = [("case", "kari nordmann"), ("spaces", "  Kari   Nordmann "), ("zero-width space", "Kari\u200b Nordmann"),
         ("no-break space", "Kari\u00a0Nordmann"), ("soft hyphen", "Ka\u00adri Nordmann"),
         ("byte-order mark", "\ufeffKari Nordmann"), ("tab", "Kari\tNordmann"),
         ("Hangul filler", "Kari Nordmann\u3164"), ("halfwidth Hangul filler", "Kari\uffa0 Nordmann"),
         ("Hangul choseong filler", "\u115fKari Nordmann"), ("Hangul jungseong filler", "Kari \u1160Nordmann"),
         ("Braille blank", "Kari Nordmann\u2800")]
BAD_FILES += [(f"duplicate name differing by {what}", _file(_scores("Kari Nordmann", twin), ";"), "",
               [(3, "duplicate_name")]) for what, twin in TWINS]
BAD_FILES += [(f"the template's example row ({lang})", _file(_scores(load_catalog(lang).t("import.example_name"),
                                                                      "Åsa"), ";"), "", [(2, "example_row")])
              for lang in LANGUAGES]
BAD_FILES += [("a name of blank letters only", _file(_scores("Åsa", "\u3164\u2800\uffa0")), "", [(3, "name_missing")])]
BAD_FILES += [("the example row in other case and spacing", _file(_scores(" EXAMPLE  person (delete this row)")), "",
               [(2, "example_row")])]


@pytest.mark.parametrize("data,filename,expected", [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_files_report_every_problem_with_its_line_and_import_nothing(data, filename, expected):
    result = read_results(data, INSTRUMENT, filename)
    assert _codes(result) == expected
    assert result.rows == () and not result.ok


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


@pytest.mark.parametrize("data,filename", [c[1:3] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_problems_carry_exactly_what_the_message_needs_and_no_library_text(data, filename):
    catalogs = [load_catalog(lang) for lang in LANGUAGES]
    for problem in read_results(data, INSTRUMENT, filename).problems:
        for catalog in catalogs:
            assert set(problem.values) == _placeholders(catalog.texts[f"import.{problem.code}"])
            assert catalog.t(f"import.{problem.code}", **problem.values)
        for value in problem.values.values():
            assert len(str(value)) <= 200 and "Error" not in str(value)


def test_a_bad_value_is_shown_short_and_named_by_the_files_own_heading():
    data = _file(_scores(("Åsa", ["9" * 5000, 6, 6, 6, 6]), header=_headings("sv")), ";")
    problem = read_results(data, INSTRUMENT).problems[0]
    assert problem.values["mode"] == "Tävlande" and len(problem.values["value"]) <= 40


def test_a_missing_answer_column_is_named():
    header = ["name", *ITEMS[:-1]]
    data = _file([header, ["A", *["A"] * 29]])
    problem = read_results(data, INSTRUMENT).problems[0]
    assert problem.code == "columns" and problem.values["missing"] == "P30"


def test_a_duplicate_name_says_where_it_was_first():
    problem = read_results(_file(_scores("Åsa", "Bo", "åsa")), INSTRUMENT).problems[0]
    assert problem.values == {"name": "åsa", "first": 2}


def test_an_empty_heading_is_named_by_its_column_number_or_letter():
    csv_problem = read_results(_file([["name", "", *MODES], ["B", "x", *SIXES]]), INSTRUMENT).problems[0]
    xlsx = _xlsx(("M", [[*_headings("en"), None, "Answered"], ["Bo", *SIXES, 1, "y"]]))
    xlsx_problem = read_results(xlsx, INSTRUMENT).problems[0]
    assert csv_problem.values == {"column": "2"} and xlsx_problem.values == {"column": "G"}


def test_several_sheets_of_results_are_named_and_hidden_ones_left_out():
    data = _xlsx(("Kundtjänst", _scores("Åsa")), ("Gammal", _scores("Kari"), "hidden"), ("Notes", [["x"]]),
                 ("Sälj", [["Omgång 2", "2026-11-28"], *_scores("Bo")]))
    assert read_results(data, INSTRUMENT).problems[0].values == {"sheets": "Kundtjänst, Sälj"}


def test_several_teams_are_named_a_few_at_most():
    rows = [[*EN_SCORES, "Team"], *([f"P{i}", *SIXES, team] for i, team in enumerate("ABACDE"))]
    assert read_results(_file(rows), INSTRUMENT).problems[0].values == {"teams": "A, B, C, …"}


def test_the_headings_come_from_every_language():
    headings = load_headings()
    assert {"name", "namn", "navn"} <= headings.name
    assert headings.modes["tävlande"] == headings.modes["konkurrerende"] == "competing"
    assert headings.modes["imødekommende"] == headings.modes["imøtekommende"] == "accommodating"
    assert {"team", "round", "omgång", "runde", "most used mode", "mest brugte stil"} <= headings.ignored
    assert normalise_heading("Exempel Person (ta bort raden)") in headings.example_names
    assert {"members", "medlemmar", "medlemmer", "team", "deltagande", "gjennomføring", "gennemførelse", "part 2",
            "del 2"} <= headings.titles
    assert headings.team == {"team"}
    assert load_headings() is headings  # cached


def test_given_headings_replace_the_catalogs():
    headings = load_headings()
    mine = Headings(frozenset({"person"}), headings.modes, headings.ignored, frozenset())
    data = _file([["Person", *MODES], ["Åsa", *SIXES]])
    assert read_results(data, INSTRUMENT, headings=mine).ok
    assert _codes(read_results(data, INSTRUMENT)) == [(1, "no_name_column")]


@pytest.mark.parametrize("heading,normalised", [
    (" Namn\u200b", "namn"), ("NAVN\u00a0", "navn"), ("\ufeffname", "name"), ("Kompromiss\u00adande", "kompromissande"),
    ("Most\u2003used   mode", "most used mode"), ("Fin\u00adished\ton", "finished on"), ("ＮＡＭＥ", "name"),
    ("Namn\u3164", "namn"), ("\u2800Navn", "navn"), ("Na\uffa0me", "name"), ("\u115f\u1160Name", "name"),
])
def test_normalise_heading(heading, normalised):
    assert normalise_heading(heading) == normalised


# Any table of valid scores, written as any spreadsheet program would, reads back the same. Names
# are made like real ones (a capital, then small letters), with the separators and quotation
# marks a name may hold between the words.
_word = st.builds(str.__add__, st.sampled_from(string.ascii_uppercase + "ÅÄÖÆØÉ"),
                  st.text(string.ascii_lowercase + "åäöæøéü", max_size=8))
_name = st.builds(lambda words, joins: "".join(w + j for w, j in zip(words, joins)).strip(),
                  st.lists(_word, min_size=1, max_size=3),
                  st.lists(st.sampled_from([" ", "-", ", ", "; ", ' "', '" ', "\t", "'"]), min_size=3, max_size=3))
_scores_row = st.lists(st.integers(0, 12), min_size=4, max_size=4).filter(lambda s: 18 <= sum(s) <= 30).map(
    lambda s: [*s, 30 - sum(s)])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(people=st.lists(st.tuples(_name, _scores_row), min_size=1, max_size=8,
                       unique_by=lambda person: normalise_heading(person[0])),
       lang=st.sampled_from(LANGUAGES), sep=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "cp1252", "mac_roman"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
def test_any_valid_table_reads_back_the_same(people, lang, sep, encoding, newline, quoting):
    rows = [_headings(lang), *([name, *map(str, scores)] for name, scores in people)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep, lineterminator=newline, quoting=quoting).writerows(rows)
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    result = read_results(bom + buffer.getvalue().encode(encoding), INSTRUMENT)
    assert result.problems == ()
    assert [(row.name, list(row.scores.values())) for row in result.rows] == [
        (" ".join(name.split()), scores) for name, scores in people]


# A genuine single-byte file of Nordic and Western names is never taken for a file of two
# encodings: any letters, any of the punctuation names hold, in either code page.
_legacy_letters = "".join(ch for ch in sorted(_NAME_LETTERS) if all(
    ch.encode(encoding, "ignore") for encoding in ("cp1252", "mac_roman")))
_legacy_word = st.builds(str.__add__, st.sampled_from(string.ascii_uppercase + _legacy_letters.upper()),
                         st.text(string.ascii_lowercase + _legacy_letters, min_size=1, max_size=8)).flatmap(
    lambda word: st.sampled_from([word, word.upper()]))
_legacy_name = st.builds(lambda words, joins: "".join(w + j for w, j in zip(words, joins)).strip(),
                         st.lists(_legacy_word, min_size=1, max_size=3),
                         st.lists(st.sampled_from([" ", "-", "'", ". ", " (", ") ", "\u2013", "\u2019", "\u201d "]),
                                  min_size=3, max_size=3))


@settings(max_examples=300, deadline=None)
@given(names=st.lists(_legacy_name, min_size=1, max_size=8, unique_by=normalise_heading),
       encoding=st.sampled_from(["cp1252", "mac_roman"]), lang=st.sampled_from(LANGUAGES))
def test_a_single_byte_file_of_nordic_names_is_not_taken_for_mixed_encodings(names, encoding, lang):
    data = _file(_scores(*names, header=_headings(lang)), ";", encoding, "\r\n" if encoding == "cp1252" else "\r")
    assert "mixed_encoding" not in [p.code for p in read_results(data, INSTRUMENT).problems]


DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "Åsa =ok"]
TEAM = "=cmd|' /C calc'!A0"


def _tables(lang="en", part2=True):
    scores = dict(score(INSTRUMENT, ANSWERS).scores)
    members = [M(name, True, True, scores) for name in DANGEROUS] + [M(f"Private {i}", False, True, scores)
                                                                     for i in range(3)]
    report = team_report(members, min_group=3, lang=lang)
    assert report.waiting == 3  # the private ones are in no figure yet
    names = {m: t.name for m, t in load_mode_texts(lang).items()}
    rows = [ExportMember(row.name, row.scores, row.top_modes, date(2026, 11, 2), False) for row in report.shared]
    return team_tables(
        catalog=load_catalog(lang), names=names, team=TEAM, round_number=2, members=rows, figures=report.figures,
        rounds=[ExportRound(1, date(2026, 9, 1), 4, 4, False), ExportRound(2, date(2026, 11, 1), 9, 9, True)],
        part2=[Part2Choice(DANGEROUS[0], 1, "=Angry", "competing")] if part2 else [],
    )


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+46 70", "'+46 70"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Åsa", "Åsa"), ("a=b", "a=b"), (5, 5), (-5, -5), (2.5, 2.5),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_the_tables_are_members_team_completion_and_part2_one_per_file():
    assert [table.kind for table in _tables()] == ["members", "team", "completion", "part2"]
    assert [table.kind for table in _tables(part2=False)] == ["members", "team", "completion"]
    archive = zipfile.ZipFile(io.BytesIO(to_zip(_tables("sv"), "sv", "Kundtjänst-omgång-2")))
    names = archive.namelist()
    assert len(names) == 4 and all(name.startswith("Kundtjänst-omgång-2-") and name.endswith(".csv") for name in names)
    for name in names:  # each holds one table: a heading row, then rows, no blank line between tables
        lines = archive.read(name).decode("utf-8-sig").splitlines()
        assert lines and all(lines) and len({line.count(";") for line in lines}) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_export_neutralises_formulas_and_leaves_out_who_did_not_share(lang):
    for table in _tables(lang):
        data = to_csv(table, lang)
        assert data.startswith("\ufeff".encode())
        text = data.decode("utf-8-sig")
        separator = "," if lang == "en" else ";"
        cells = [cell for row in csv.reader(io.StringIO(text), delimiter=separator) for cell in row]
        assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells), table.kind
        assert "Private" not in text
    members = to_csv(_tables(lang)[0], lang).decode("utf-8-sig")
    assert "'=HYPERLINK" in members and "'=cmd|' /C calc'!A0" in members


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_members_export_reads_back_as_the_same_people(lang):
    result = read_results(to_csv(_tables(lang)[0], lang), INSTRUMENT)
    assert result.problems == ()
    cleaned = [" ".join(name.split()) for name in DANGEROUS]  # as a name is stored: no tab
    assert [row.name for row in result.rows] == cleaned  # the apostrophes are taken off again
    # Of the workbook's sheets only Members has a results header: Team, Completion and Part 2 (names
    # beside scenarios) are no second sheet of results.
    book = read_results(to_excel(_tables(lang)), INSTRUMENT, "export.xlsx")
    assert [row.name for row in book.rows] == cleaned


def test_nordic_csv_uses_semicolons_and_decimal_commas_and_iso_dates():
    team = to_csv(_tables("da")[1], "da").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(team), delimiter=";"))
    mean = rows[0].index(load_catalog("da").t("export.mean"))
    means = [row[mean] for row in rows[1:]]
    assert len(means) == 5 and all("," in cell and "." not in cell for cell in means)
    members = list(csv.reader(io.StringIO(to_csv(_tables("da")[0], "da").decode("utf-8-sig")), delimiter=";"))
    assert members[1][members[0].index(load_catalog("da").t("export.finished_on"))] == "2026-11-02"


def test_excel_export_is_tidy_with_no_formulas_and_numbers_as_numbers():
    book = openpyxl.load_workbook(io.BytesIO(to_excel(_tables())))
    assert book.sheetnames == ["Members", "Team", "Completion", "Part 2"]
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(cell.font.bold for cell in sheet[1])
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    members = book["Members"]
    assert members["A2"].value == DANGEROUS[0] and members["A2"].data_type == "s"  # text, never a formula
    assert all(isinstance(members.cell(row=2, column=c).value, int) for c in range(2, 7))
    assert members.cell(row=2, column=8).is_date and members.cell(row=2, column=8).number_format == "mm-dd-yy"  # Excel's short date, each locale's own
    assert 8 <= members.column_dimensions["A"].width <= 50
    assert members.column_dimensions["A"].width >= len(DANGEROUS[0])  # as wide as the longest name
    assert all(isinstance(row[2].value, (int, float)) for row in book["Team"].iter_rows(min_row=2))  # the means
