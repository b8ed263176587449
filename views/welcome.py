"""Stage 1: welcome, privacy note, optional name, start."""
from __future__ import annotations

import streamlit as st

from storage import NAME_MAX

from . import state


@state.guarded
def _start() -> None:
    new_token = state.get_store().create_respondent(state.lang(), st.session_state.get("name"))
    state.set_token(new_token)
    st.session_state["q_index"] = 0


def render(bad_link: bool = False) -> None:
    t = state.catalog()
    if bad_link:
        st.error(t("errors.bad_link"), icon=":material/link_off:")
    st.title(t("welcome.title"))
    st.markdown(t("welcome.intro"))
    with st.container(border=True):
        st.markdown(f"**{t('welcome.privacy_title')}**")
        st.markdown(t("welcome.privacy"))
    st.text_input(t("welcome.name_label"), key="name", max_chars=NAME_MAX, help=t("welcome.name_help"))
    st.button(t("welcome.start"), key="start", type="primary", on_click=_start, width="stretch")
