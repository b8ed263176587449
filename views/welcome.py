"""The start: welcome, privacy note, optional name, and for a team link what the lead sees."""
from __future__ import annotations

import streamlit as st

from services import agent

from . import links, messages, session
from .text import plain


def _start(invite_code: str | None) -> None:
    token = agent.start(session.store(), session.lang(), st.session_state.get("name"), invite_code,
                        bool(st.session_state.get("share")))
    links.set_param(links.TOKEN, token)
    links.set_param(links.JOIN, None)  # the resume link is enough from now on
    st.session_state[session.Q_INDEX] = 0


def render(screen: agent.Welcome) -> None:
    t = session.catalog()
    if screen.bad_link:
        st.error(t("errors.bad_link"), icon=":material/link_off:")
    if screen.bad_invite:
        st.error(t("errors.bad_invite"), icon=":material/link_off:")
    invite = screen.invite
    if invite and invite.closed:  # the lead closed this round's link: an assessment of one's own only
        st.error(t("errors.invite_closed", team=plain(invite.team_name), lead=plain(invite.lead_name)),
                 icon=":material/link_off:")
        invite = None
    st.title(t("welcome.title"))
    if invite:
        st.info(t("team.joining", team=plain(invite.team_name), lead=plain(invite.lead_name), number=invite.number),
                icon=":material/groups:")
    st.markdown(t("welcome.intro"))
    # Start within reach on a phone's first screen (360 × 640); what happens to the answers right
    # under it, and said above it in one line.
    st.text_input(t("welcome.name_label"), key="name", max_chars=agent.NAME_MAX, help=t("welcome.name_help"))
    if invite:
        st.toggle(t("team.share_label", lead=plain(invite.lead_name)), key="share", value=False,
                  help=t("team.share_help"))
    st.button(t("welcome.start"), key="start", type="primary", width="stretch",
              on_click=messages.guarded(_start), args=(links.param(links.JOIN) if invite else None,))
    with st.container(border=True, key="privacy"):
        st.markdown(f"**{t('welcome.privacy_title')}**")
        st.markdown(t("welcome.privacy"))
