"""What every page shares: the store, the user's language and the resume token.

Query parameters carry what must survive a refresh: ``r`` (the resume token),
``lang`` and ``view`` (``part2`` while the agent is in the scenarios). Everything else is re-derived from the database on each run.
"""
from __future__ import annotations

import functools
import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from questionnaire import LANGUAGE_NAMES, LANGUAGES, Catalog, load_catalog, negotiate_language
from storage import Respondent, Store, database_url

TOKEN_PARAM = "r"
LANG_PARAM = "lang"
VIEW_PARAM = "view"
PART2 = "part2"
JOIN_PARAM = "join"  # a team round's invite code
LEAD = "lead"  # the signed-in team lead (storage.Lead) in this browser session
FLASH = "flash"  # a catalog key to show as an error on the next run
NOTICE = "notice"  # a catalog key to show as a success message on the next run

log = logging.getLogger(__name__)


def guarded(callback=None, *, message: str = "errors.unavailable"):
    """Wrap a widget callback so a database failure becomes a message, not a traceback.

    The callback's own transaction either committed or rolled back, so nothing is
    half-written; the user sees ``message`` in their language and can retry.
    Use as ``@guarded`` or ``@guarded(message="errors.save_failed")``.
    """
    if callback is None:
        return functools.partial(guarded, message=message)

    @functools.wraps(callback)
    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except SQLAlchemyError:
            log.exception("database failure in %s", callback.__name__)
            st.session_state[FLASH] = message

    return wrapper


def flash(key: str, **values) -> None:
    """Show the catalog text ``key`` as an error on the next run (from a callback)."""
    st.session_state[FLASH] = (key, values)


def render_page(body) -> None:
    """Run a page's body after any pending message. A database outage becomes a translated
    message, not a traceback; what was saved stays saved, and the links still work later."""
    show_flash()
    try:
        body()
    except SQLAlchemyError:
        log.exception("database unavailable")
        st.error(catalog().t("errors.unavailable"), icon=":material/cloud_off:")


def show_flash() -> None:
    if entry := st.session_state.pop(FLASH, None):
        key, values = entry if isinstance(entry, tuple) else (entry, {})
        st.error(catalog().t(key, **values), icon=":material/error:")
    if key := st.session_state.pop(NOTICE, None):
        st.success(catalog().t(key), icon=":material/check_circle:")


@st.cache_resource(show_spinner=False)
def _store_for(url: str) -> Store:
    return Store(url)


def get_store() -> Store:
    """One Store (and connection pool) per database URL for the whole server process."""
    return _store_for(database_url())


def token() -> str | None:
    return st.query_params.get(TOKEN_PARAM)


def respondent() -> Respondent | None:
    return get_store().find(token())


def _set_param(name: str, value: str | None) -> None:
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def set_token(value: str | None) -> None:
    _set_param(TOKEN_PARAM, value)


def view() -> str | None:
    return st.query_params.get(VIEW_PARAM)


def set_view(value: str | None) -> None:
    _set_param(VIEW_PARAM, value)


def invite_code() -> str | None:
    return st.query_params.get(JOIN_PARAM)


def clear_invite() -> None:
    _set_param(JOIN_PARAM, None)


def lead():
    return st.session_state.get(LEAD)


def lang() -> str:
    return st.session_state["lang"]


def catalog() -> Catalog:
    return load_catalog(lang())


def init_language() -> None:
    """Pick the language once per session: the URL, then the saved respondent, then the browser."""
    if st.session_state.get("lang") in LANGUAGES:
        return
    chosen = st.query_params.get(LANG_PARAM)
    if chosen not in LANGUAGES:
        try:
            saved = respondent()
        except SQLAlchemyError:  # the page itself reports the outage; the browser decides here
            saved = None
        chosen = saved.lang if saved else negotiate_language(
            st.context.locale, st.context.headers.get("Accept-Language"),
        )
    st.session_state["lang"] = chosen


@guarded
def _language_changed() -> None:
    new = st.session_state["lang"]
    st.query_params[LANG_PARAM] = new
    if respondent() is not None:
        get_store().set_language(token(), new)


def language_picker() -> None:
    st.selectbox(
        catalog().t("app.language"),
        LANGUAGES,
        key="lang",
        format_func=LANGUAGE_NAMES.__getitem__,
        on_change=_language_changed,
    )


_PAGE_PATHS = ("assessment", "lead", "about")


def app_url() -> str:
    """The address of the app's start page, from the address of the page being shown."""
    base = (st.context.url or "").split("?")[0].rstrip("/")
    head, _, last = base.rpartition("/")
    return (head if last in _PAGE_PATHS and head.count("/") >= 2 else base) + "/"


def invite_url(code: str) -> str:
    return f"{app_url()}?{JOIN_PARAM}={code}"


def resume_url(value: str) -> str:
    """The full link that reopens this assessment (falls back to a relative link)."""
    base = st.context.url or ""
    return f"{base}?{TOKEN_PARAM}={value}"
