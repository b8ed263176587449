"""Reading results from a file, for teams that answered on paper (pure).

One row per person: a name column and either the 30 answers ``P01``..``P30`` (``A``/``B``)
or the five mode scores (0-12, summing to 30). The files are the ones Nordic team leads really
have: CSV with commas, semicolons or tabs; UTF-8, UTF-16 ("Unicode text"), Windows-1252 or
Mac Roman; any line endings; headings in English, Swedish, Norwegian or Danish; the app's own
export (title lines above the header, and a second table after a blank line and a sheet title);
an Excel workbook (its one visible sheet with a results header); a zip of CSV files. A file holding
several teams, or several sheets of results, is refused rather than read into one round.

Problems come back as codes with values (the page words them in the user's language), each
with its line number (0 for the file as a whole; for a workbook, the sheet's row number). Every
bad line is named, and a file with any problem is imported not at all: the caller gets no
people. No message carries a library's own (English) text.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from questionnaire import LANGUAGES, MODES, Instrument, load_catalog, load_mode_texts

from .norms import MAX_SCORE
from .scoring import TOTAL, score

__all__ = [
    "Headings", "ImportProblem", "ImportedRow", "ImportResult", "MAX_BYTES", "MAX_ROWS", "load_headings",
    "normalise_heading", "read_results", "read_results_csv",
]

MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
# A workbook or zip is unpacked before it is read: its members may add up to this much, in at
# most this many entries (the app's own exports are a few hundred kB in a handful of entries).
MAX_UNPACKED_BYTES = 20_000_000
MAX_ENTRIES = 200
# A sheet's rows and columns are read only this far: a sheet may claim a million rows and
# 16384 columns in its dimension, and the reader would fill them all in with empty cells. Rows
# formatted but empty (a fill colour down to row 3000) are read but not counted as rows.
_MAX_SHEET_COLUMNS = 100
_MAX_SHEET_ROWS = 50_000
# The header is looked for in this many non-empty rows: above it, a few title lines at most.
_HEADER_SCAN = 10
NAME_COLUMN = "name"

# Windows Excel's "CSV (semikolonavgrenset)" is Windows-1252 and Mac Excel's "CSV (Macintosh)"
# is Mac Roman; these are the two single-byte files Nordic leads have. ISO 8859-15 and DOS
# code page 850 are left out on purpose: nothing that Nordic leads use saves CSV in them,
# ISO 8859-15 gives the Nordic letters the very bytes Windows-1252 does (so adding it can only
# make the choice harder), and cp850, like Mac Roman, decodes any byte at all, so it would turn
# every Mac file into a second plausible reading.
_LEGACY_ENCODINGS = ("cp1252", "mac_roman")
# Letters that Nordic (and most Western) names are written with. Of the plausible readings of a
# single-byte file, the one with fewest oddities wins (see _oddities): charset-normalizer's own
# ranking picks the wrong one of the two for about one short name list in ten (a lone "Ö" in Mac
# Roman reads as "…" in Windows-1252, "Kåre" as "KŒre" and, the other way, as "KÂre").
_NAME_LETTERS = frozenset("åäöæøéèêëáàâüúùûóòôíìîïñçýßðþÅÄÖÆØÉÈÊËÁÀÂÜÚÙÛÓÒÔÍÌÎÏÑÇÝÐÞ")
_SEPARATORS = (";", "\t", ",")  # on a tie the first wins: Nordic spreadsheets write semicolons
# A UTF-8 letter of Latin-1 ("å" is C3 A5) in a file that is not UTF-8 as a whole: lines saved in
# two encodings (a UTF-8 file with a line added in Windows-1252). A genuine single-byte name list
# holds no such pair: C3 reads "√" in Mac Roman and "Ã" in Windows-1252, where what follows it is
# then punctuation. (A lead byte of Latin Extended-A, C4 or C5, would read "Ä" or "Å" followed
# by a dash or a quotation mark, which an upper-case name may hold.)
_UTF8_LETTER = re.compile(rb"\xc3[\x80-\xbf]")
# Letters and marks that show as nothing and are no format character (category Cf, dropped too):
# Hangul fillers, the Braille blank and Khmer's inherent vowels. A name of them looks empty, and a
# name with one looks like the name without it.
_BLANKS = frozenset("\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
_ZIP_SIGNATURE = b"PK\x03\x04"
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,3}(?:[.,]0+)?$")  # "7", or "7.0"/"7,0" as spreadsheets write it
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what the app's exports put an apostrophe before
_SHOWN = 40  # characters of a bad value shown in a message
_IGNORED_KEYS = ("export.team", "export.round", "export.top_mode", "export.finished_on", "export.source",
                 "export.version")
_IGNORED_WORDS = ("team", "round")
_TITLE_KEYS = ("export.sheet_members", "export.sheet_team", "export.sheet_completion", "export.sheet_part2")
_TEAMS_SHOWN = 3  # distinct teams named when a file holds several
_SHEETS_SHOWN = 5


@dataclass(frozen=True)
class ImportProblem:
    line: int  # 0 for the file as a whole, then the file's own line numbers (a sheet's row numbers)
    code: str  # e.g. "bad_answer"; the page's catalog has "import.<code>"
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedRow:
    line: int
    name: str
    scores: dict[str, int]
    answers: dict[str, str] | None


@dataclass(frozen=True)
class ImportResult:
    rows: tuple[ImportedRow, ...]  # empty whenever there is a problem: all or nothing
    problems: tuple[ImportProblem, ...]
    kind: str | None  # "answers" or "scores"; None when no header was recognised

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


@dataclass(frozen=True)
class Headings:
    """The headings the reader knows, normalised (see ``normalise_heading``)."""
    name: frozenset[str]  # headings meaning the name column
    modes: Mapping[str, str]  # heading -> mode id ("competing" ...)
    ignored: frozenset[str]  # headings of columns to skip (team, round, most used mode ...)
    example_names: frozenset[str]  # names of the import template's example row
    # The export's sheet titles: a row of one of them after a blank line starts a second table.
    titles: frozenset[str] = frozenset()
    team: frozenset[str] = frozenset()  # headings of the team column (a file must hold one team)


def normalise_heading(text: str) -> str:
    """A heading or a name as compared: NFKC, no invisible or control characters, every kind of
    whitespace one space, trimmed, case folded ("Namn\\u200b", " NAMN" and "namn" are one)."""
    return " ".join(_visible(unicodedata.normalize("NFKC", text)).split()).casefold()


@lru_cache(maxsize=1)
def load_headings() -> Headings:
    """The headings in all four languages: the name and mode headings of the import template and
    of the app's own export, and the other columns that export writes."""
    name = {NAME_COLUMN}
    modes = {mode: mode for mode in MODES}
    ignored = set(_IGNORED_WORDS)
    example_names, titles, team = set(), set(), {"team"}
    for lang in LANGUAGES:
        catalog = load_catalog(lang)
        name.add(normalise_heading(catalog.t("export.name")))
        ignored.update(normalise_heading(catalog.t(key)) for key in _IGNORED_KEYS)
        titles.update(normalise_heading(catalog.t(key)) for key in _TITLE_KEYS)
        team.add(normalise_heading(catalog.t("export.team")))
        example_names.add(normalise_heading(catalog.t("import.example_name")))
        for mode, text in load_mode_texts(lang).items():
            heading = normalise_heading(text.name)
            if modes.setdefault(heading, mode) != mode:
                raise ValueError(f"the mode name {text.name!r} ({lang}) means both {modes[heading]} and {mode}")
    for role, words in (("name", name), ("ignored", ignored)):
        clash = sorted(words & set(modes))
        if clash:
            raise ValueError(f"the headings {clash} are both {role} and mode headings")
    if name & ignored:
        raise ValueError(f"the headings {sorted(name & ignored)} are both name and ignored headings")
    return Headings(frozenset(name), MappingProxyType(modes), frozenset(ignored), frozenset(example_names),
                    frozenset(titles), frozenset(team))


def read_results(data: bytes, instrument: Instrument, filename: str = "",
                 headings: Headings | None = None) -> ImportResult:
    """The people in an uploaded file: all of them, or none and every problem found."""
    if len(data) > MAX_BYTES:
        return _refuse(ImportProblem(0, "too_big", {"limit_kb": MAX_BYTES // 1000}))
    headings = headings or load_headings()
    suffix = filename.casefold().rpartition(".")[2] if "." in filename else ""
    if data.startswith(_ZIP_SIGNATURE) or suffix in ("xlsx", "xlsm", "zip"):
        return _read_archive(data, suffix, instrument, headings)
    if data.startswith(_OLD_EXCEL):
        return _refuse(ImportProblem(0, "old_excel"))
    if data.startswith(_NOT_TABLES) or b"\x00" in data[:4096] and not data.startswith(_UTF16_BOMS):
        return _refuse(ImportProblem(0, "not_a_table"))
    text = _decode(data)
    if isinstance(text, ImportProblem):
        return _refuse(text)
    return _read_table(_csv_records(text, headings, _item_keys(instrument)), instrument, headings)


read_results_csv = read_results  # the name the callers have used since CSV was all there was

_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .xls (and old .doc)
# Files a lead may pick by mistake: PNG, JPEG, GIF, PDF, HEIC/MP4 boxes, WebP/RIFF, gzip, 7z.
_NOT_TABLES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"RIFF", b"\x1f\x8b", b"7z\xbc\xaf",
               b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x1cftyp", b"\x00\x00\x00\x20ftyp")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


# --- text -------------------------------------------------------------------------------


def _visible(text: str, dropped=("Cf", "Cc")) -> str:
    """Whitespace kept, invisible format characters (zero-width space, BOM, soft hyphen ...), blank
    letters (Hangul filler ...) and control characters dropped."""
    return "".join(ch for ch in text if ch.isspace() or (
        ch not in _BLANKS and unicodedata.category(ch) not in dropped))


def _clean(text: str) -> str:
    """A cell as shown back to the user: composed, no invisible characters, whitespace collapsed.
    Other control characters stay: storage drops them, and a terminal shows them as codes
    (reports.cli), so that the user sees what is wrong in the file."""
    return " ".join(_visible(unicodedata.normalize("NFC", text), dropped=("Cf",)).split())


def _shown(text: str) -> str:
    text = _clean(text)
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _decode(data: bytes) -> str | ImportProblem:
    """The file's text, or the problem when no plausible encoding reads it. Strict UTF-8 first (it
    is never wrong when it succeeds), UTF-16 only with its byte-order mark (as Excel writes it)."""
    unreadable = ImportProblem(0, "encoding")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return unreadable
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Any single-byte reading would garble the UTF-8 lines ("Åsa" as "√Ösa"), the UTF-8 one the others.
    if any(match.group().decode("utf-8").isalpha() for match in _UTF8_LETTER.finditer(data)):
        return ImportProblem(0, "mixed_encoding")
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    readings = []
    for match in from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS)):
        if match.encoding not in _LEGACY_ENCODINGS:
            continue
        try:
            text = data.decode(match.encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            readings.append((_oddities(text), match.chaos, _LEGACY_ENCODINGS.index(match.encoding), text))
    return min(readings)[3] if readings else unreadable


def _oddities(text: str) -> int:
    """Characters a name list would not hold: non-ASCII ones that are no name letter, and an
    accented capital right after a small letter (the wrong code page reads "å" as "Â")."""
    return sum(1 for before, ch in zip(" " + text, text) if ord(ch) > 127 and (
        ch not in _NAME_LETTERS or (ch.isupper() and before.islower())))


def _plausible(text: str) -> bool:
    """No control characters but tab and line ends: Mac Roman reads any byte, a binary file too."""
    return not any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in text)


def _separator(text: str) -> str:
    """The separator most frequent outside quotes on the first line that has any (a title line
    above the header has none). Only a guess, for a file in which no separator finds a header."""
    for line in text.splitlines():
        if not any(separator in line for separator in _SEPARATORS):
            continue
        counts = dict.fromkeys(_SEPARATORS, 0)
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        best = max(_SEPARATORS, key=lambda s: counts[s])
        if counts[best]:
            return best
    return ","


# --- records: (line, cells) from a CSV text or a sheet ------------------------------------


class _Record(NamedTuple):  # a tuple, not a dataclass: a file may have a million blank lines
    line: int
    cells: tuple[str, ...]
    # "unclosed_quote", "line_break" or "unreadable": the cells are not to be trusted
    problem: str | None = None


def _item_keys(instrument: Instrument) -> frozenset[str]:
    return frozenset(item_id.casefold() for item_id in instrument.ids)


def _is_header(cells: Iterable[str], headings: Headings, items: frozenset[str]) -> bool:
    """A name heading and at least one mode or item heading: a results header, not a title line
    (which may have a date beside it) nor another table (the export's Part 2 has names, no modes)."""
    keys = {normalise_heading(cell) for cell in cells}
    return not keys.isdisjoint(headings.name) and not (keys.isdisjoint(headings.modes) and keys.isdisjoint(items))


def _header_index(records: list[_Record], headings: Headings, items: frozenset[str]) -> int | None:
    """Where the results header is among the first non-empty rows, or None."""
    seen = 0
    for index, record in enumerate(records):
        if record.problem in ("unclosed_quote", "unreadable"):  # the header may be in what it swallowed
            return None
        if not _filled(record):
            continue
        if not record.problem and _is_header(record.cells, headings, items):
            return index
        seen += 1
        if seen == _HEADER_SCAN:
            return None
    return None


def _csv_records(text: str, headings: Headings, items: frozenset[str]) -> list[_Record]:
    """The records, split by the separator with which a results header is found: the earliest
    header, then the one of most columns. A title line above the header may hold any separator
    ("Results, Customer Service North"), so counting separators on the first lines can mislead."""
    text = text.removeprefix("\ufeff")
    # newline="" keeps "\r" alone as a line end (Mac Excel's "CSV (Macintosh)"), so the csv
    # module's line numbers are the file's own, whatever its line ends.
    lines = io.StringIO(text, newline="").readlines()
    found = []
    for rank, separator in enumerate(_SEPARATORS):
        records = _parse(lines, separator, limit=_HEADER_SCAN)
        index = _header_index(records, headings, items)
        if index is not None:
            found.append((records[index].line, -_filled(records[index]), rank, separator))
    return _parse(lines, min(found)[3] if found else _separator(text))


def _parse(lines: list[str], separator: str, limit: int | None = None) -> list[_Record]:
    """The records of ``lines`` (physical lines, ends kept), up to ``limit`` non-empty ones."""
    reader = csv.reader(lines, delimiter=separator)
    records: list[_Record] = []
    filled = 0
    while limit is None or filled < limit:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a field over the csv module's size limit; reading further is guesswork
            records.append(_Record(start, (), "unclosed_quote" if reader.line_num > start else "unreadable"))
            break
        problem = None
        if reader.line_num == len(lines) and _left_open(lines[start - 1:], separator):
            # A quotation mark never closed: the csv module quietly took all the rest of the file.
            problem = "unclosed_quote"
        elif reader.line_num > start:
            # A record over several lines whose quotes close: a cell holding a line break (Alt+Enter),
            # or a quotation mark closed on a later line; neither is a name or a score.
            problem = "line_break"
        records.append(_Record(start, tuple(cells), problem))
        if limit is not None and any(map(normalise_heading, cells)):
            filled += 1
    return records


def _left_open(last: list[str], separator: str) -> bool:
    """Whether the file's last record (its physical lines) leaves a quotation mark open: only
    then does the csv module read a line after it into that record."""
    try:
        return list(csv.reader([*last, "#"], delimiter=separator))[-1] != ["#"]
    except csv.Error:
        return True


def _sheet_records(sheet) -> list[_Record] | None:
    """The sheet's non-empty rows numbered as the sheet numbers them (a run of empty rows kept as
    one empty row, where a second table may start), or None when it has too many rows to read."""
    records: list[_Record] = []
    gap = None  # the first of the empty rows since the last non-empty one
    for number, values in enumerate(sheet.iter_rows(max_col=_MAX_SHEET_COLUMNS, values_only=True), start=1):
        if number > _MAX_SHEET_ROWS:
            return None
        if all(value is None for value in values):  # most often: many of them, and only formatted
            gap = gap or number
            continue
        cells = [_cell_text(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()
        if gap and records:
            records.append(_Record(gap, ()))
        gap = None
        records.append(_Record(number, tuple(cells)))
    return records


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a score typed as 7 is stored as 7.0
    return str(value)


# --- archives: an Excel workbook or a zip of CSV files -------------------------------------


def _read_archive(data: bytes, suffix: str, instrument: Instrument, headings: Headings) -> ImportResult:
    unreadable = ImportProblem(0, "unreadable_zip" if suffix == "zip" else "unreadable_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except Exception:  # not a zip, or a broken one: whatever zipfile raises, the answer is the same
        return _refuse(unreadable)
    # zipfile never unpacks more than an entry declares (it checks the CRC), so the declared
    # sizes bound what openpyxl or we can be made to unpack.
    if len(entries) > MAX_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        return _refuse(ImportProblem(0, "too_big", {"limit_kb": MAX_UNPACKED_BYTES // 1000}))
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" in names or suffix in ("xlsx", "xlsm"):
        return _read_workbook(data, instrument, headings)
    members = sorted(entry.filename for entry in entries if _is_csv_member(entry))
    if not members:
        return _refuse(unreadable)
    try:
        return _first_table(_member_tables(archive, members, headings, _item_keys(instrument)), instrument,
                            headings)
    except Exception:  # a member that does not unpack (bad CRC, encrypted, unknown compression)
        return _refuse(ImportProblem(0, "unreadable_zip"))


def _is_csv_member(entry: zipfile.ZipInfo) -> bool:
    base = entry.filename.rpartition("/")[2]
    # Finder's zips carry "__MACOSX/._name.csv" twins holding no text.
    return (not entry.is_dir() and not entry.filename.startswith("__MACOSX/") and not base.startswith("._")
            and base.casefold().endswith((".csv", ".txt")))


def _member_tables(archive: zipfile.ZipFile, members: list[str], headings: Headings,
                   items: frozenset[str]) -> Iterator[list[_Record] | ImportProblem]:
    for name in members:
        if archive.getinfo(name).file_size > MAX_BYTES:
            yield ImportProblem(0, "too_big", {"limit_kb": MAX_BYTES // 1000})
            continue
        text = _decode(archive.read(name))
        yield text if isinstance(text, ImportProblem) else _csv_records(text, headings, items)


def _read_workbook(data: bytes, instrument: Instrument, headings: Headings) -> ImportResult:
    import openpyxl  # only for workbooks; uses defusedxml, when installed, against XML entity attacks

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            # A hidden sheet is one the lead does not see: it is no part of what they import.
            sheets = {sheet.title: _sheet_records(sheet) for sheet in workbook.worksheets
                      if sheet.sheet_state == "visible"}
        finally:
            workbook.close()
    except Exception:  # openpyxl raises a zoo of errors on a broken workbook, and its texts are English
        return _refuse(ImportProblem(0, "unreadable_xlsx"))
    items = _item_keys(instrument)
    # The app's export has one sheet of results (its Team, Completion and Part 2 sheets have no
    # mode heading beside a name heading); a workbook with several, one per team or per round,
    # is not one round's results, and which sheet was meant is for the lead to say.
    results = [title for title, records in sheets.items()
               if records is not None and _header_index(records, headings, items) is not None]
    if len(results) > 1:
        shown = [_shown(title) for title in results[:_SHEETS_SHOWN]] + ["…"] * (len(results) > _SHEETS_SHOWN)
        return _refuse(ImportProblem(0, "several_sheets", {"sheets": ", ".join(shown)}))
    if results:
        return _read_table(sheets[results[0]], instrument, headings, sheet=True)
    return _first_table(sheets.values(), instrument, headings, sheet=True)


def _first_table(tables: Iterable[list[_Record] | ImportProblem | None], instrument: Instrument,
                 headings: Headings, sheet: bool = False) -> ImportResult:
    """The first table whose header is recognised (the app's export puts the members first and
    other tables after), or else the problems of the first table that is not empty."""
    first = None
    for table in tables:
        if table is None:
            result = _refuse(ImportProblem(0, "too_many_rows", {"limit": MAX_ROWS}))
        elif isinstance(table, ImportProblem):
            result = _refuse(table)
        else:
            result = _read_table(table, instrument, headings, sheet)
        if result.kind is not None:
            return result
        if first is None and [p.code for p in result.problems] != ["empty"]:
            first = result
    return first or _refuse(ImportProblem(0, "empty"))


# --- one table ----------------------------------------------------------------------------


def _filled(record: _Record) -> int:
    return sum(1 for cell in record.cells if normalise_heading(cell))


def _read_table(records: list[_Record], instrument: Instrument, headings: Headings,
                sheet: bool = False) -> ImportResult:
    """One table's people or problems. A ``sheet``'s rows end at their last filled cell (so a short
    row is no problem there) and its columns are named by letter."""
    items = {item_id.casefold(): item_id for item_id in instrument.ids}
    known = headings.name | headings.modes.keys() | items.keys()

    # Above the header: blank lines and title lines (a title, perhaps a date beside it), skipped.
    header = _header_index(records, headings, frozenset(items))
    if header is None:
        # No results header: the first row that is not a one-cell title is taken for the header,
        # and what is wrong with it is reported.
        for index, record in enumerate(records):
            if record.problem:  # the header may be somewhere in what an open quotation mark swallowed
                return _refuse(ImportProblem(record.line, record.problem))
            filled = [cell for cell in record.cells if normalise_heading(cell)]
            if not filled:
                continue
            if header is None:
                header = index  # a file of title lines only: the first one is taken for the header
            if len(filled) == 1 and normalise_heading(filled[0]) not in known:
                continue
            header = index
            break
    if header is None:
        return _refuse(ImportProblem(0, "empty"))
    header_line, header_cells = records[header].line, records[header].cells

    # Below it, the rows, up to the end or to a blank line and a sheet title (the old export's
    # second table). Any other row after a blank line is a row like the others.
    body: list[_Record] = []
    blank_before = False
    for record in records[header + 1:]:
        filled = _filled(record)
        if not filled and not record.problem:
            blank_before = True
            continue
        if (blank_before and body and filled == 1 and not record.problem
                and normalise_heading("".join(record.cells)) in headings.titles):
            break
        blank_before = False
        body.append(record)

    width = len(header_cells)
    columns: dict[str, int] = {}  # "name", a mode id or an item id -> its position
    dropped: set[int] = set()
    unknown, duplicates, empty_headings = [], [], []
    for position, heading in enumerate(header_cells):
        key = normalise_heading(heading)
        target = (NAME_COLUMN if key in headings.name else headings.modes.get(key) or items.get(key))
        if target is None:
            if not key:
                holds_data = any(position < len(r.cells) and normalise_heading(r.cells[position])
                                 for r in body if not r.problem)
                if holds_data:
                    empty_headings.append(_column_label(position, sheet))
                else:  # Excel's trailing ";;": a column nobody filled in
                    dropped.add(position)
            elif key not in headings.ignored:
                unknown.append(_clean(heading))
        elif target in columns:
            duplicates.append(_clean(heading))
        else:
            columns[target] = position
    if NAME_COLUMN not in columns:
        return _refuse(ImportProblem(header_line, "no_name_column"))
    if duplicates:
        return _refuse(*(ImportProblem(header_line, "duplicate_column", {"column": c}) for c in duplicates))
    present_items = [i for i in instrument.ids if i in columns]
    present_modes = [m for m in MODES if m in columns]
    if len(present_items) == len(instrument.ids) and not present_modes and not unknown:
        kind = "answers"
    elif len(present_modes) == len(MODES) and not present_items and not unknown:
        kind = "scores"
    else:
        answers_meant = len(present_items) >= len(present_modes)
        strays = [header_cells[columns[c]] for c in (present_modes if answers_meant else present_items)]
        missing = [c for c in (instrument.ids if answers_meant else MODES) if c not in columns]
        return _refuse(ImportProblem(header_line, "columns", {
            "unknown": ", ".join([*unknown, *map(_clean, strays)]) or "-", "missing": ", ".join(missing) or "-",
        }))
    labels = {target: _clean(header_cells[position]) for target, position in columns.items()}
    if empty_headings:
        return _refuse(*(ImportProblem(header_line, "empty_heading", {"column": c}) for c in empty_headings))
    if not body:
        return _refuse(ImportProblem(0, "no_rows"), kind=kind)
    if len(body) > MAX_ROWS:
        return _refuse(ImportProblem(0, "too_many_rows", {"limit": MAX_ROWS}), kind=kind)
    teams = _teams(header_cells, body, headings)
    if len(teams) > 1:  # a master sheet of several teams: one round is one team's
        shown = teams[:_TEAMS_SHOWN] + ["…"] * (len(teams) > _TEAMS_SHOWN)
        return _refuse(ImportProblem(0, "several_teams", {"teams": ", ".join(shown)}), kind=kind)

    problems: list[ImportProblem] = []
    rows: list[ImportedRow] = []
    seen: dict[str, int] = {}
    for record in body:
        if record.problem:
            problems.append(ImportProblem(record.line, record.problem))
            continue
        cells = list(record.cells)
        if sheet or all(p in dropped for p in range(len(cells), width)):
            cells += [""] * (width - len(cells))
        if len(cells) < width or any(normalise_heading(cell) for cell in cells[width:]):
            problems.append(ImportProblem(record.line, "field_count", {"found": len(record.cells), "expected": width}))
            continue
        row = _read_row(record.line, cells, columns, labels, kind, instrument, headings, seen)
        if isinstance(row, ImportProblem):
            problems.append(row)
        else:
            rows.append(row)
    if problems:
        return _refuse(*problems, kind=kind)
    return ImportResult(tuple(rows), (), kind)


def _teams(header_cells: tuple[str, ...], body: list[_Record], headings: Headings) -> list[str]:
    """The distinct teams in the team column, if there is one, as the file writes them."""
    positions = [p for p, heading in enumerate(header_cells) if normalise_heading(heading) in headings.team]
    teams: dict[str, str] = {}
    for record in body:
        for position in positions:
            if position < len(record.cells) and not record.problem:
                value = record.cells[position]
                teams.setdefault(normalise_heading(value), _shown(value))
    teams.pop("", None)
    return list(teams.values())


def _read_row(line: int, cells: list[str], columns: dict[str, int], labels: dict[str, str], kind: str,
              instrument: Instrument, headings: Headings, seen: dict[str, int]) -> ImportedRow | ImportProblem:
    raw = cells[columns[NAME_COLUMN]].strip()
    if raw.startswith("'") and raw[1:].startswith(_FORMULA_STARTS):
        raw = raw[1:]  # the apostrophe the app's own export put before a formula-like name
    name = _clean(raw)
    key = normalise_heading(name)
    if not key:
        return ImportProblem(line, "name_missing")
    if key in headings.example_names:
        return ImportProblem(line, "example_row")
    if key in seen:
        return ImportProblem(line, "duplicate_name", {"name": name, "first": seen[key]})
    seen[key] = line
    if kind == "answers":
        answers = {}
        for item_id in instrument.ids:
            value = cells[columns[item_id]]
            answer = _clean(value).upper()
            if answer not in ("A", "B"):
                return ImportProblem(line, "bad_answer", {"item": item_id, "value": _shown(value)})
            answers[item_id] = answer
        return ImportedRow(line, name, dict(score(instrument, answers).scores), answers)
    scores = {}
    for mode in MODES:
        value = cells[columns[mode]]
        number = _whole_number(value)
        if number is None or not 0 <= number <= MAX_SCORE:
            # The mode as the file's heading names it, which is what the user looks for.
            return ImportProblem(line, "bad_score", {"mode": labels[mode], "value": _shown(value), "max": MAX_SCORE})
        scores[mode] = number
    if sum(scores.values()) != TOTAL:
        return ImportProblem(line, "bad_sum", {"sum": sum(scores.values()), "total": TOTAL})
    return ImportedRow(line, name, scores, None)


def _whole_number(text: str) -> int | None:
    """7 from "7", "7.0" or "7,0"; None from anything else. ASCII digits only: "²" or "٣" pass
    str.isdigit() but are no score."""
    text = _clean(text)  # not NFKC, which reads "²" as 2
    return int(re.split("[.,]", text)[0]) if _WHOLE_NUMBER.match(text) else None


def _column_label(position: int, letters: bool) -> str:
    """How the user finds a column: its letter in a sheet, its number in a CSV file."""
    if not letters:
        return str(position + 1)
    label = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _refuse(*problems: ImportProblem, kind: str | None = None) -> ImportResult:
    return ImportResult((), tuple(problems), kind)
