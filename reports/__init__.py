"""Files and figures for people: the charts (one definition for page and print) and the
exports of team data. Never imports Streamlit."""
from .export import (
    ExportMember, ExportRound, Part2Choice, Table, neutralise, team_tables, to_csv, to_excel, to_zip,
)

__all__ = ["ExportMember", "ExportRound", "Part2Choice", "Table", "neutralise", "team_tables", "to_csv", "to_excel",
           "to_zip"]
