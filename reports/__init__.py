"""Files and figures for people: the charts (one definition for page and print) and the
exports of team data. Never imports Streamlit."""
from .export import neutralise, team_tables, to_csv, to_excel

__all__ = ["neutralise", "team_tables", "to_csv", "to_excel"]
