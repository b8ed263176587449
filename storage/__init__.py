"""Persistence (SQLAlchemy 2): SQLite file by default, any SQLAlchemy URL by configuration.

Never imports Streamlit. Raises its own errors (storage.errors), never SQLAlchemy's.
"""
from .accounts import AccountStore, Lead, Session, normalise_email
from .config import data_dir, database_url, min_group_size, open_signup, session_hours
from .errors import AlreadyFinished, NotReady, Refused, StorageFull, StorageUnavailable
from .organisation import OrganisationStore, Snapshot
from .store import NAME_MAX, Respondent, Store, StoredResult, clean_name, make_engine
from .teams import Grant, ImportedPerson, Invite, Member, Round, StoredCohort, Team, TeamStore

__all__ = [
    "AccountStore", "AlreadyFinished", "Grant", "ImportedPerson", "Invite", "Lead", "Member", "NAME_MAX", "NotReady",
    "OrganisationStore", "Refused", "Respondent", "Round", "Session", "Snapshot", "StorageFull", "StorageUnavailable", "Store",
    "StoredCohort", "StoredResult", "Team", "TeamStore", "clean_name", "data_dir", "database_url", "make_engine", "min_group_size",
    "normalise_email", "open_signup", "session_hours",
]
