"""The language switch: any time, on any page, without losing answers."""
from __future__ import annotations

import streamlit as st

from questionnaire import LANGUAGE_NAMES, LANGUAGES
from services import agent

from . import links, messages, session


@messages.guarded
def _changed() -> None:
    new = st.session_state[session.LANG]
    if new not in LANGUAGES:  # not one of the options: a tampered message, not a person
        st.session_state[session.LANG] = links.param(links.LANG) if links.param(links.LANG) in LANGUAGES else "en"
        return
    links.set_param(links.LANG, new)
    agent.set_language(session.store(), links.token(), new)


def picker() -> None:
    if st.session_state.get(session.LANG) not in LANGUAGES:  # tampered with: back to a real one
        st.session_state[session.LANG] = LANGUAGES[0]
    # The label is the field's name for a screen reader; on screen the language names say enough.
    st.selectbox(session.catalog().t("app.language"), LANGUAGES, key=session.LANG, label_visibility="collapsed",
                 width=150, format_func=LANGUAGE_NAMES.get, on_change=_changed)
