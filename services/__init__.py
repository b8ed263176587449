"""The use-case layer: one function per screen or action, privacy applied here.

Pages (views/), the HTTP routes (server.py) and the command line (csc-admin) call these
functions and nothing below them. Plain inputs; a plain model back, or one of two errors
(services.errors): ``Refused`` with a message code, or ``Unavailable``. Never imports
Streamlit.

- ``services.agent``: the assessment, Part 2, results, sharing, deletion, leaving a shared PC
- ``services.accounts``: team leads' sign-up, sign-in, sessions and sign-out
- ``services.teams``: teams, rounds, the dashboard, comparisons, export and import
- ``services.organisation``: the organisation's differentially private reference
"""
from storage import Store, database_url

from . import accounts, agent, organisation, teams
from .errors import ERROR_CODES, Full, Refused, Unavailable

__all__ = ["ERROR_CODES", "Full", "Refused", "Store", "Unavailable", "accounts", "agent", "database_url", "open_store",
           "organisation", "reachable", "teams"]


def reachable(store: Store) -> bool:
    """Whether the database answers again after an outage (the page then reloads by itself)."""
    return store.reachable()


def open_store(url: str | None = None) -> Store:
    """The database the use cases work on: CSC_DATABASE_URL, or the embedded SQLite file.
    Opening it brings its schema up to date. Callers keep one per process (it holds a pool)."""
    return Store(url or database_url())
