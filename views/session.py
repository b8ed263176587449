"""Session state, declared in one place: every key a page keeps, with its default, and the
few things every page asks of the session (the store, the language, the signed-in lead).

Widget keys used by a single page stay with that page; everything that crosses pages or
runs is named here.
"""
from __future__ import annotations

import streamlit as st

from questionnaire import LANGUAGES, Catalog, load_catalog, negotiate_language
from services import Refused, Store, Unavailable, accounts, agent, database_url, open_store

from . import links

# -- keys ----------------------------------------------------------------------------------
LANG = "lang"  # the interface language (also the language picker's widget key)
FLASH = "flash"  # (code, values): an error message for the next run
NOTICE = "notice"  # a catalog key: a success message for the next run
Q_INDEX = "q_index"  # Part 1: the question on screen
S_INDEX = "s_index"  # Part 2: the scenario on screen
MISSING = "missing"  # numbers of unanswered questions or scenarios, after a refused finish
PATTERN = "pattern"  # Part 1: the answer pattern found when the agent pressed Finish (not stored yet)
HANDOVER = "handover"  # (new resume token, time) shown once after leaving a shared computer
DIALOG = "dialog"  # the confirmation dialog to open on this run ("share", "delete", "leave")
LEAD_SESSION = "lead_session"  # id of the signed-in lead's session (this tab)
HANDOFF = "handoff"  # one-time code the browser trades for the session cookie, once
FORGET_COOKIE = "forget_cookie"  # the browser should drop the session cookie, once
IMPORT_OUTCOME = "import_outcome"  # services.teams.ImportOutcome of the last import
LANDING = "landing"  # where the results page lands: PART2_DONE after Part 2 is finished, until the agent moves on
PART2_DONE = "part2-results"  # (also the key of the Part 2 results' heading container)
IMPORT_GENERATION = "import_generation"  # bumped after an import, for a fresh (empty) uploader

COOKIE = accounts.SESSION_COOKIE  # the lead's session cookie (HttpOnly; set by server.py)

# Keys that belong to one agent's assessment: all dropped when they leave a shared computer.
AGENT_KEYS = (Q_INDEX, S_INDEX, MISSING, PATTERN, DIALOG, LANDING, "name", "share")
LEAD_KEYS = (LEAD_SESSION, DIALOG, IMPORT_OUTCOME)


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    return open_store(url)


def store() -> Store:
    """One Store (and connection pool) per database URL for the whole server process."""
    return _store_for(database_url())


def lang() -> str:
    return st.session_state[LANG]


def catalog() -> Catalog:
    return load_catalog(lang())


def init_language() -> None:
    """Pick the language once per session: the address, the assessment's own, the browser."""
    if st.session_state.get(LANG) in LANGUAGES:
        return
    chosen = links.param(links.LANG)
    if chosen not in LANGUAGES and links.token():
        try:
            chosen = agent.language_of(store(), links.token())
        except Unavailable:  # the page itself reports the outage; the browser decides here
            chosen = None
    if chosen not in LANGUAGES:
        chosen = negotiate_language(st.context.locale, st.context.headers.get("Accept-Language"))
    st.session_state[LANG] = chosen


def drop(*keys: str) -> None:
    for key in keys:
        st.session_state.pop(key, None)


def cookie_token() -> str | None:
    """The session token the browser sent when this tab connected (HttpOnly: no script can
    read it, only the server sees it)."""
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) else None


def lead_id() -> int:
    """The signed-in lead's id, checked again now: every lead action asks for it, so a tab
    whose session ended elsewhere cannot act on its old page."""
    current = lead_session()
    if current is None:
        raise Refused("signed_out")
    return current.lead.id


def lead_session():
    """The signed-in lead's live session, or None. A session ended elsewhere (sign-out in
    another tab, expiry) ends here too, with a notice."""
    had = st.session_state.get(LEAD_SESSION)
    session = accounts.current_session(store(), had if isinstance(had, int) else None, cookie_token())
    if session is None:
        if had is not None:
            drop(*LEAD_KEYS)
            st.session_state[FLASH] = ("signed_out", {})
        return None
    st.session_state[LEAD_SESSION] = session.id
    return session
