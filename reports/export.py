"""A team round as spreadsheet files: one tidy table per file (or per sheet).

The tables: the members the viewer may see by name (their scores, most used mode, when they
finished, online or on paper), the team's figures per mode (privacy applied upstream), the
completion of every round of the team, and the Part 2 choices of members who share them.
Headings are in the lead's language, and the members table imports back as it is (the
import reader knows these headings in every language and skips the columns it does not need).

CSV: one table per file, in the separator and decimal mark a spreadsheet in that language
expects (semicolon and comma in Swedish, Norwegian and Danish), UTF-8 with a byte-order mark
so that Excel reads å, ä, ö, æ and ø; several tables go into one zip. Excel: one sheet per
table, a frozen heading row, columns as wide as their contents, numbers and dates as such.

In CSV, any text a spreadsheet would run as a formula (it starts with = + - @, or a tab or
carriage return that some programs skip) is neutralised with a leading apostrophe, the usual
defence against CSV injection; the import reader takes the apostrophe off again. In Excel,
text is stored as text cells, which no spreadsheet runs.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from questionnaire import MODES, Catalog

__all__ = [
    "CSV_FORMAT", "ExportMember", "ExportRound", "Part2Choice", "Table", "neutralise", "team_tables", "to_csv",
    "to_excel", "to_zip",
]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CSV_FORMAT = {"en": (",", "."), "sv": (";", ","), "nb": (";", ","), "da": (";", ",")}
_WIDTH_MIN, _WIDTH_MAX = 8, 50  # Excel column widths, in characters
# Excel's built-in short date (format 14): each spreadsheet shows it the way its own language
# writes dates (2026-11-28 in Sweden, 28-11-2026 in Denmark, 28.11.2026 in Norway).
DATE_FORMAT = "mm-dd-yy"


@dataclass(frozen=True)
class ExportMember:
    """A member the viewer may see by name (analysis.team.named_members)."""
    name: str
    scores: Mapping[str, int]
    top_modes: tuple[str, ...]
    finished_on: date | None
    imported: bool
    version: str = ""  # the questionnaire version the result was answered on


@dataclass(frozen=True)
class ExportRound:
    """One round of the team, as the completion table lists it."""
    number: int
    created: date
    started: int
    finished: int
    link_open: bool


@dataclass(frozen=True)
class Part2Choice:
    name: str
    scenario: int  # the scenario's number, as the agent saw it
    situation: str  # the situation's title
    mode: str  # the mode of the response the member chose


@dataclass(frozen=True)
class Table:
    kind: str  # "members", "team", "completion" or "part2"
    title: str  # the sheet's name in the lead's language
    frame: pd.DataFrame


def neutralise(value):
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.map(neutralise)
    frame.columns = [neutralise(c) for c in frame.columns]
    return frame


def team_tables(*, catalog: Catalog, names: Mapping[str, str], team: str, round_number: int,
                members: Sequence[ExportMember], figures, rounds: Sequence[ExportRound],
                part2: Sequence[Part2Choice]) -> tuple[Table, ...]:
    """The round's tables. ``names``: the modes' names in the lead's language; ``figures``:
    the team's figures as the dashboard shows them (analysis.TeamFigures, None while hidden)."""
    t = catalog.t
    where = {t("export.team"): team, t("export.round"): round_number}
    member_rows = [{
        t("export.name"): m.name, **{names[mode]: m.scores[mode] for mode in MODES},
        t("export.top_mode"): catalog.join(names[mode] for mode in m.top_modes),
        t("export.finished_on"): m.finished_on,
        t("export.source"): t("export.source_paper") if m.imported else t("export.source_web"),
        t("export.version"): m.version, **where,
    } for m in members]
    member_columns = [t("export.name"), *[names[m] for m in MODES], t("export.top_mode"), t("export.finished_on"),
                      t("export.source"), t("export.version"), *where]
    tables = [Table("members", t("export.sheet_members"), pd.DataFrame(member_rows, columns=member_columns))]
    if figures is not None:
        tables.append(Table("team", t("export.sheet_team"), pd.DataFrame([{
            t("export.mode"): names[m], t("export.included"): figures.count, t("export.mean"): round(figures.means[m], 2),
            t("export.users"): figures.users[m], t("export.dominant"): figures.dominant[m], **where,
        } for m in MODES])))
    tables.append(Table("completion", t("export.sheet_completion"), pd.DataFrame([{
        t("export.team"): team, t("export.round"): r.number, t("export.created"): r.created,
        t("dashboard.started"): r.started, t("dashboard.finished"): r.finished,
        t("export.link"): t("export.link_open") if r.link_open else t("export.link_closed"),
    } for r in rounds])))
    if part2:
        tables.append(Table("part2", t("export.sheet_part2"), pd.DataFrame([{
            t("export.name"): c.name, t("export.scenario"): c.scenario, t("export.situation"): c.situation,
            t("export.chosen"): names[c.mode], **where,
        } for c in part2])))
    return tuple(tables)


def _cell(value):
    """Dates as ISO dates in CSV (every Nordic spreadsheet reads 2026-11-28 as a date)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    return value


def to_csv(table: Table, lang: str) -> bytes:
    """One table as a CSV file."""
    separator, decimal = CSV_FORMAT.get(lang, CSV_FORMAT["en"])
    out = io.StringIO()
    _safe(table.frame.map(_cell)).to_csv(out, sep=separator, decimal=decimal, index=False, lineterminator="\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_zip(tables: Sequence[Table], lang: str, stem: str) -> bytes:
    """Every table as its own CSV file, in one zip: ``<stem>-<sheet name>.csv``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(tables, start=1):
            title = "".join(ch if ch.isalnum() else "-" for ch in table.title).strip("-")
            archive.writestr(f"{stem}-{number}-{title}.csv", to_csv(table, lang))
    return out.getvalue()


def to_excel(tables: Sequence[Table]) -> bytes:
    """One sheet per table: the heading row frozen and bold, sensible widths, numbers as numbers,
    dates as dates. Text is stored as text cells: a workbook runs a formula only from a formula
    cell, so text starting with = (which openpyxl would make one) is typed back to text, and
    no apostrophe shows before a name such as "+Björn"."""
    from openpyxl.styles import Font

    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for table in tables:
            frame = table.frame
            sheet_name = table.title[:31]
            frame.to_excel(writer, sheet_name=sheet_name, index=False)
            sheet = writer.sheets[sheet_name]
            sheet.freeze_panes = "A2"
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for index, column in enumerate(frame.columns, start=1):
                values = [str(column), *(str(_cell(v)) for v in frame[column] if v is not None)]
                letter = sheet.cell(row=1, column=index).column_letter
                sheet.column_dimensions[letter].width = max(_WIDTH_MIN, min(_WIDTH_MAX, 2 + max(map(len, values))))
                for cell in sheet[letter][1:]:
                    if isinstance(cell.value, (date, datetime)):
                        cell.number_format = DATE_FORMAT
    return out.getvalue()
