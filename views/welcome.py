"""Stage 1: welcome, privacy note, optional name, start."""
from __future__ import annotations

import streamlit as st

from storage import NAME_MAX

from . import state
from .text import escape_markdown


@state.guarded
def _start() -> None:
    invite = state.get_store().teams.invite(state.invite_code())
    new_token = state.get_store().create_respondent(
        state.lang(), st.session_state.get("name"),
        round_id=invite.round_id if invite else None, share=bool(st.session_state.get("share")),
    )
    state.set_token(new_token)
    state.clear_invite()  # the resume link is enough from now on
    st.session_state["q_index"] = 0


def render(bad_link: bool = False) -> None:
    t = state.catalog()
    if bad_link:
        st.error(t("errors.bad_link"), icon=":material/link_off:")
    code = state.invite_code()
    invite = state.get_store().teams.invite(code) if code else None
    if code and invite is None:
        st.error(t("team.bad_invite"), icon=":material/link_off:")
    st.title(t("welcome.title"))
    if invite:
        st.info(t("team.joining", team=escape_markdown(invite.team_name), lead=escape_markdown(invite.lead_name),
                  number=invite.number), icon=":material/groups:")
    st.markdown(t("welcome.intro"))
    with st.container(border=True):
        st.markdown(f"**{t('welcome.privacy_title')}**")
        st.markdown(t("welcome.privacy"))
    st.text_input(t("welcome.name_label"), key="name", max_chars=NAME_MAX, help=t("welcome.name_help"))
    if invite:
        st.toggle(t("team.share_label", lead=escape_markdown(invite.lead_name)), key="share", value=False,
                  help=t("team.share_help"))
    st.button(t("welcome.start"), key="start", type="primary", on_click=_start, width="stretch")
