"""Persistence (SQLAlchemy 2): SQLite file by default, any SQLAlchemy URL by configuration.

Never imports Streamlit.
"""
from .config import data_dir, database_url, min_group_size
from .store import NAME_MAX, AlreadySubmitted, NotReady, Respondent, Store, StoredResult, clean_name, make_engine
from .passwords import MIN_LENGTH as MIN_PASSWORD_LENGTH
from .teams import ImportedPerson, Invite, Lead, Member, Round, SignInRefused, Team, TeamError, TeamStore

__all__ = [
    "MIN_PASSWORD_LENGTH", "ImportedPerson", "Invite", "Lead", "Member", "Round", "SignInRefused", "Team", "TeamError", "TeamStore",
    "AlreadySubmitted", "NAME_MAX", "NotReady", "Respondent", "Store", "StoredResult", "clean_name", "data_dir",
    "database_url", "make_engine", "min_group_size",
]
