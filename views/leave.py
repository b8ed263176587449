"""Leaving a shared computer (a call-centre PC): afterwards nothing of the agent's can be
reached from this browser, not even through its history, while they keep their results on
their own phone.

Leaving replaces the agent's resume token: every address this browser has seen (the
history's ``?r=…``) stops working at once. The new link is shown once, as a QR code and as
text, never put in the address bar, and the screen clears itself after a few minutes in case
the agent walks away from it.
"""
from __future__ import annotations

import time

import streamlit as st

from reports.qr import qr_code
from services import agent

from . import links, messages, session

SHOWN_SECONDS = 180


def handing_over() -> bool:
    entry = st.session_state.get(session.HANDOVER)
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return False
    if time.monotonic() - entry[1] > SHOWN_SECONDS:
        session.drop(session.HANDOVER)
        return False
    return True


@messages.guarded
def _leave(token: str) -> None:
    new = agent.leave(session.store(), token)
    for name in (links.TOKEN, links.VIEW, links.JOIN):
        links.set_param(name, None)
    session.drop(*session.AGENT_KEYS)
    st.session_state[session.HANDOVER] = (new, time.monotonic())


def _done() -> None:
    session.drop(session.HANDOVER)


def _dialog(token: str) -> None:
    t = session.catalog()
    st.write(t("leave.confirm_text"))
    yes, no = st.columns(2)
    if yes.button(t("leave.confirm_button"), key="confirm-leave", type="primary", width="stretch",
                  on_click=_leave, args=(token,)):
        st.rerun()
    if no.button(t("common.cancel"), key="cancel-leave", width="stretch"):
        st.rerun()


def confirm(token: str) -> None:
    st.dialog(session.catalog().t("leave.title"))(_dialog)(token)


@st.fragment(run_every=15)
def _expiry() -> None:
    if not handing_over():
        st.rerun(scope="app")


def render_handover() -> None:
    t = session.catalog()
    new, _ = st.session_state[session.HANDOVER]
    url = links.resume_url(new)
    st.title(t("leave.done_title"))
    st.write(t("leave.done_text", minutes=SHOWN_SECONDS // 60))
    png, _ = qr_code(url)
    qr_col, text_col = st.columns([1, 2], vertical_alignment="center")
    qr_col.image(png, width=220, caption=t("leave.qr_caption"), alt=t("alt.qr_resume"))
    with text_col, st.container(key="handover-link"):
        st.code(url, language=None, wrap_lines=True)
        st.button(t("leave.clear_button"), key="handover-done", type="primary", on_click=_done, width="stretch")
    _expiry()
