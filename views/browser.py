"""The two moments a page asks the browser itself to act: to store a lead's session in its
cookie jar after signing in, and to drop it after signing out.

Both are a same-origin POST to server.py's routes, whose responses set or clear the
HttpOnly cookie. The script carries only the one-time hand-over code (useless once used,
or after a minute); the session token itself is never in a page, a script or an address.
"""
from __future__ import annotations

import json

import streamlit as st

CLAIM_PATH = "/api/session"
END_PATH = "/api/session/end"


def _post(path: str, payload: dict) -> None:
    body = json.dumps(payload)
    st.html(
        "<script>fetch(" + json.dumps(path) + ", {method: 'POST', credentials: 'same-origin', "
        "headers: {'Content-Type': 'application/json'}, body: " + json.dumps(body) + "});</script>",
        unsafe_allow_javascript=True, width="content",
    )


def keep_session(handoff: str) -> None:
    """Have the browser trade the hand-over code for the session cookie."""
    _post(CLAIM_PATH, {"handoff": handoff})


def forget_session() -> None:
    """Have the browser drop the session cookie (the session itself has already ended)."""
    _post(END_PATH, {})
