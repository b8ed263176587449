"""A team's data as spreadsheet files: shared individual results and the aggregates.

Any text that a spreadsheet would run as a formula (it starts with = + - @, or a tab or
carriage return that some programs skip) is neutralised with a leading apostrophe, the
usual defence against CSV injection. Numbers stay numbers. Column headings are in the
lead's language; the CSV uses the separator and decimal mark a spreadsheet in that
language expects (semicolon and comma in Swedish, Norwegian and Danish).
"""
from __future__ import annotations

import io
from collections.abc import Mapping

import pandas as pd

from analysis.team import TeamReport
from questionnaire import MODES, Catalog

__all__ = ["neutralise", "team_tables", "to_csv", "to_excel", "CSV_FORMAT"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
CSV_FORMAT = {"en": (",", "."), "sv": (";", ","), "nb": (";", ","), "da": (";", ",")}


def neutralise(value):
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.map(neutralise)
    frame.columns = [neutralise(c) for c in frame.columns]
    return frame


def team_tables(report: TeamReport, names: Mapping[str, str], catalog: Catalog, team: str,
                round_label: str) -> dict[str, pd.DataFrame]:
    """The sheets: results the lead may see by name, and the team's figures (the same figures
    the dashboard shows, privacy applied). ``names`` are the modes' names in the lead's language."""
    t = catalog.t
    members = pd.DataFrame(
        [{t("export.team"): team, t("export.round"): round_label, t("export.name"): row.name,
          **{names[m]: row.scores[m] for m in MODES},
          t("export.top_mode"): ", ".join(names[m] for m in row.top_modes)} for row in report.shared],
        columns=[t("export.team"), t("export.round"), t("export.name"), *[names[m] for m in MODES],
                 t("export.top_mode")],
    )
    tables = {t("export.sheet_members"): members}
    figures = report.figures
    if figures is not None:
        tables[t("export.sheet_team")] = pd.DataFrame([
            {t("export.team"): team, t("export.round"): round_label, t("export.mode"): names[m],
             t("export.included"): figures.count, t("export.mean"): round(figures.means[m], 2),
             t("export.users"): figures.users[m], t("export.dominant"): figures.dominant[m]}
            for m in MODES
        ])
    return tables


def to_csv(tables: dict[str, pd.DataFrame], lang: str) -> bytes:
    """One CSV with the sheets one after another, separated by a blank line; UTF-8 with a BOM
    so that spreadsheet programs read å, ä, ö, æ and ø right."""
    separator, decimal = CSV_FORMAT.get(lang, CSV_FORMAT["en"])
    out = io.StringIO()
    for index, (title, frame) in enumerate(tables.items()):
        if index:
            out.write("\n")
        out.write(f"{neutralise(title)}\n")
        _safe(frame).to_csv(out, sep=separator, decimal=decimal, index=False, lineterminator="\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_excel(tables: dict[str, pd.DataFrame]) -> bytes:
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for title, frame in tables.items():
            _safe(frame).to_excel(writer, sheet_name=title[:31], index=False)
    return out.getvalue()
