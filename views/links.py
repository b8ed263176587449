"""The address bar: query parameters and the links the app hands out.

``r`` the resume token, ``lang`` the language, ``view=part2`` while in Part 2, ``join`` a
team round's invite code, ``coach`` a lead's one-time link for a coach. Nothing else is ever put in the address (no lead session, no
name). A parameter arrives as whatever the browser sent, so readers accept only strings.
"""
from __future__ import annotations

import streamlit as st

TOKEN = "r"
LANG = "lang"
VIEW = "view"
PART2 = "part2"
JOIN = "join"
COACH = "coach"  # a lead's one-time link that gives a coach access to a team

_PAGE_PATHS = ("assessment", "lead", "about")


def param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if isinstance(value, str) and value else None


def set_param(name: str, value: str | None) -> None:
    if value:
        st.query_params[name] = value
    elif name in st.query_params:
        del st.query_params[name]


def token() -> str | None:
    return param(TOKEN)


def in_part2() -> bool:
    return param(VIEW) == PART2


def app_url() -> str:
    """The address of the app's start page, from the address of the page being shown."""
    base = (st.context.url or "").split("?")[0].rstrip("/")
    head, _, last = base.rpartition("/")
    return (head if last in _PAGE_PATHS and head.count("/") >= 2 else base) + "/"


def invite_url(code: str) -> str:
    return f"{app_url()}?{JOIN}={code}"


def coach_url(code: str) -> str:
    return f"{app_url()}lead?{COACH}={code}"


def resume_url(value: str) -> str:
    """The full link that reopens an assessment."""
    return f"{app_url()}?{TOKEN}={value}"
