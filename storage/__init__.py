"""Persistence (SQLAlchemy 2): SQLite file by default, any SQLAlchemy URL by configuration.

Never imports Streamlit.
"""
from .config import data_dir, database_url
from .store import NAME_MAX, AlreadySubmitted, NotReady, Respondent, Store, StoredResult, clean_name, make_engine
from .teams import ImportedPerson, Invite, Lead, Member, Round, SignInRefused, Team, TeamError, TeamStore

__all__ = [
    "ImportedPerson", "Invite", "Lead", "Member", "Round", "SignInRefused", "Team", "TeamError", "TeamStore",
    "AlreadySubmitted", "NAME_MAX", "NotReady", "Respondent", "Store", "StoredResult", "clean_name", "data_dir",
    "database_url", "make_engine",
]
