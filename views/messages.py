"""Messages in the user's language, and the guards that turn any failure into one.

A page's body runs inside ``page``; a widget callback is wrapped with ``guarded``. Either
way a refused request shows its catalog text, a database outage says so, and anything
unexpected is logged on the server and shown as a plain apology: never a traceback, a
server path or a message in another language. What was saved stays saved: every write is
one transaction that either happened or did not.
"""
from __future__ import annotations

import functools
import logging

import streamlit as st

import services
from questionnaire import DEFAULT_LANGUAGE, LANGUAGES, load_catalog
from services import Full, Refused, Unavailable

from . import session
from .text import plain

log = logging.getLogger(__name__)


def text(code: str, values: dict | None = None) -> str:
    """An error's text; its values may be user text (an address, a name): shown as typed."""
    return session.catalog().t(f"errors.{code}", **{k: plain(str(v)) for k, v in (values or {}).items()})


def flash(code: str, **values) -> None:
    """Show ``errors.<code>`` as an error on the next run (from a callback)."""
    st.session_state[session.FLASH] = (code, values)


def notice(key: str, **values) -> None:
    """Show the catalog text ``key`` as a success message on the next run; the values are
    user text, shown as plain text."""
    st.session_state[session.NOTICE] = (key, {name: plain(str(value)) for name, value in values.items()})


def show_pending() -> None:
    """The message a callback left: at the top of the page, and as a toast, which is seen
    wherever the page is scrolled (the agent may have clicked at its bottom)."""
    entry = st.session_state.pop(session.FLASH, None)
    if isinstance(entry, tuple) and len(entry) == 2:
        message = text(*entry)
        st.error(message, icon=":material/error:")
        st.toast(message, icon=":material/error:")
    if entry := st.session_state.pop(session.NOTICE, None):
        key, values = entry if isinstance(entry, tuple) else (entry, {})
        message = session.catalog().t(key, **values)
        st.success(message, icon=":material/check_circle:")
        st.toast(message, icon=":material/check_circle:")


def _describe(error: BaseException) -> tuple[str, dict]:
    if isinstance(error, Refused):
        return error.code, error.values
    if isinstance(error, Full):
        return "storage_full", {}
    if isinstance(error, Unavailable):
        return "unavailable", {}
    return "unexpected", {}


def on_script_error(error: Exception) -> bool:
    """The last net, for what fails before a page's own code runs (Streamlit reading a widget
    value of the wrong type sent over the websocket, say): a message in the user's language
    instead of Streamlit's own. Registered by server.py; returns True to say it was shown."""
    try:
        log.warning("uncaught failure: %s", type(error).__name__)
        lang = st.session_state.get(session.LANG)
        st.error(load_catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).t("errors.unexpected"),
                 icon=":material/error:")
        return True
    except Exception:  # noqa: BLE001 - then Streamlit's generic message (no details: config.toml)
        return False


RETRY_SECONDS = 5  # how often a page waiting for the database asks whether it is back


@st.fragment(run_every=RETRY_SECONDS)
def _wait_for_database() -> None:
    """Asks quietly every few seconds; once the database answers, the whole page runs again."""
    try:
        back = services.reachable(session.store())
    except Unavailable:  # the store could not even be opened yet
        back = False
    if back:
        st.rerun(scope="app")


def _outage() -> None:
    """Under the outage message: a button to try at once, and the page heals by itself."""
    st.button(session.catalog().t("errors.retry"), key="retry", icon=":material/refresh:")
    _wait_for_database()


def page(body) -> None:
    """Run a page's body after any pending message; a failure becomes a message."""
    show_pending()
    try:
        body()
    except (Refused, Unavailable) as error:
        log.info("page refused: %r", error)
        code, values = _describe(error)
        st.error(text(code, values), icon=":material/error:")
        if code == "unavailable":
            _outage()
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
        log.exception("unexpected failure on a page")
        st.error(text("unexpected"), icon=":material/error:")


def guarded(callback=None, *, unavailable: str = "unavailable"):
    """Wrap a widget callback so any failure becomes a message on the next run.

    Use as ``@guarded`` or ``@guarded(unavailable="save_failed")`` (the message for a
    database outage while saving an answer).
    """
    if callback is None:
        return functools.partial(guarded, unavailable=unavailable)

    name = getattr(callback, "__name__", None) or getattr(getattr(callback, "func", None), "__name__", "callback")

    def wrapper(*args, **kwargs):
        try:
            return callback(*args, **kwargs)
        except Refused as error:
            flash(error.code, **error.values)
        except Full:
            log.error("database disk full in %s", name)
            flash("storage_full")
        except Unavailable:
            log.warning("database unavailable in %s", name)
            flash(unavailable)
        except Exception:  # noqa: BLE001
            log.exception("unexpected failure in %s", name)
            flash("unexpected")

    return wrapper
