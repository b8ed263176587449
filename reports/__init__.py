"""Files for people: exports of team data (and, later, the printed reports). Never imports Streamlit."""
from .export import neutralise, team_tables, to_csv, to_excel

__all__ = ["neutralise", "team_tables", "to_csv", "to_excel"]
