"""Reading results from a CSV file, for teams that answered on paper (pure).

One row per person: a ``name`` column and either the 30 answers ``P01``..``P30``
(``A``/``B``) or the five mode scores (``competing`` .. ``accommodating``, 0-12, summing
to 30). Comma or semicolon; UTF-8 with or without a byte-order mark. Problems come back
as codes with values (the page words them in the user's language), each with its line
number; a file with any problem is imported not at all: the caller gets no people.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from questionnaire import MODES, Instrument

from .norms import MAX_SCORE
from .scoring import TOTAL, score

__all__ = ["ImportProblem", "ImportedRow", "ImportResult", "read_results_csv", "MAX_BYTES", "MAX_ROWS"]

MAX_BYTES = 1_000_000
_DIGITS = re.compile(r"^[0-9]{1,3}$")
MAX_ROWS = 2_000
NAME_COLUMN = "name"


@dataclass(frozen=True)
class ImportProblem:
    line: int  # 0 for the file as a whole, 1 for the header, then the file's own line numbers
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
    kind: str | None  # "answers" or "scores"

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _refuse(*problems: ImportProblem, kind: str | None = None) -> ImportResult:
    return ImportResult((), tuple(problems), kind)


def read_results_csv(data: bytes, instrument: Instrument) -> ImportResult:
    if len(data) > MAX_BYTES:
        return _refuse(ImportProblem(0, "too_big", {"limit_kb": MAX_BYTES // 1000}))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _refuse(ImportProblem(0, "encoding"))
    if not text.strip():
        return _refuse(ImportProblem(0, "empty"))
    first_line = text.lstrip().splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        records = [(reader.line_num, row) for row in reader]
    except csv.Error:  # a NUL byte, an unclosed quote at the end, a field over the size limit
        return _refuse(ImportProblem(reader.line_num, "unreadable"))
    records = [(line, row) for line, row in records if any(cell.strip() for cell in row)]
    if not records:  # only separators, quotes or blank lines
        return _refuse(ImportProblem(0, "empty"))
    header_line, header = records[0]
    columns = [cell.strip().lower() for cell in header]
    items = [i.lower() for i in instrument.ids]

    if NAME_COLUMN not in columns:
        return _refuse(ImportProblem(header_line, "no_name_column"))
    duplicate_columns = sorted({c for c in columns if columns.count(c) > 1})
    if duplicate_columns:
        return _refuse(ImportProblem(header_line, "duplicate_column", {"column": duplicate_columns[0]}))
    others = [c for c in columns if c != NAME_COLUMN]
    if set(others) == set(items):
        kind = "answers"
    elif set(others) == set(MODES):
        kind = "scores"
    else:
        unknown = [c for c in others if c not in items and c not in MODES]
        wanted = items if len(set(others) & set(items)) >= len(set(others) & set(MODES)) else list(MODES)
        missing = [c for c in wanted if c not in others]
        return _refuse(ImportProblem(header_line, "columns", {
            "unknown": ", ".join(unknown) or "-", "missing": ", ".join(c.upper() if c in items else c
                                                                        for c in missing) or "-",
        }))
    if len(records) == 1:
        return _refuse(ImportProblem(0, "no_rows"), kind=kind)
    if len(records) - 1 > MAX_ROWS:
        return _refuse(ImportProblem(0, "too_many_rows", {"limit": MAX_ROWS}), kind=kind)

    problems: list[ImportProblem] = []
    rows: list[ImportedRow] = []
    seen: dict[str, int] = {}
    for line, row in records[1:]:
        if len(row) != len(columns):
            problems.append(ImportProblem(line, "field_count", {"found": len(row), "expected": len(columns)}))
            continue
        cells = {column: cell.strip() for column, cell in zip(columns, row)}
        name = cells[NAME_COLUMN]
        if not name:
            problems.append(ImportProblem(line, "name_missing"))
            continue
        key = " ".join(name.lower().split())
        if key in seen:
            problems.append(ImportProblem(line, "duplicate_name", {"name": name, "first": seen[key]}))
            continue
        seen[key] = line
        if kind == "answers":
            answers, bad = {}, None
            for item_id in instrument.ids:
                value = cells[item_id.lower()].upper()
                if value not in ("A", "B"):
                    bad = ImportProblem(line, "bad_answer", {"item": item_id, "value": cells[item_id.lower()]})
                    break
                answers[item_id] = value
            if bad:
                problems.append(bad)
                continue
            rows.append(ImportedRow(line, name, dict(score(instrument, answers).scores), answers))
        else:
            scores, bad = {}, None
            for mode in MODES:
                value = cells[mode]
                # ASCII digits only: "²" or "٣" pass str.isdigit() but are no score.
                if not _DIGITS.match(value) or not 0 <= int(value) <= MAX_SCORE:
                    bad = ImportProblem(line, "bad_score", {"mode": mode, "value": value, "max": MAX_SCORE})
                    break
                scores[mode] = int(value)
            if bad:
                problems.append(bad)
                continue
            if sum(scores.values()) != TOTAL:
                problems.append(ImportProblem(line, "bad_sum", {"sum": sum(scores.values()), "total": TOTAL}))
                continue
            rows.append(ImportedRow(line, name, scores, None))
    if problems:
        return _refuse(*problems, kind=kind)
    return ImportResult(tuple(rows), (), kind)
