"""One question at a time, with a progress bar, back and next, and a finish button: the
pager that Part 1 (30 pairs) and Part 2 (10 scenarios) share.

A choice button saves at once (the page's ``on_choose`` callback) and moves on; the index
on screen lives in session state under the page's own key, so a refresh or a resume link
starts at the first open question.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from questionnaire import number_ranges

from . import a11y, messages, session


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Pager:
    key: str  # session-state key of the index on screen (session.Q_INDEX, session.S_INDEX)
    prefix: str  # widget key prefix ("" for Part 1, "s-" for Part 2)
    total: int
    first_open: int  # where a fresh session starts
    heading_text: Callable[[int], str]  # index on screen -> the question's heading ("Question 5 of 30")
    heading_level: int  # 1 on Part 1's page, 2 under Part 2's title
    progress_text: str  # under the bar: how many are answered
    missing_text: Callable[[str], str]  # "1–3, 7" -> warning
    goto_text: Callable[[int], str]  # number -> button label
    finish_label: str
    answered: int
    complete: bool


def index(pager: Pager) -> int:
    if not isinstance(st.session_state.get(pager.key), int):
        st.session_state[pager.key] = pager.first_open
    return min(max(st.session_state[pager.key], 0), pager.total - 1)


def go(key: str, target: int) -> None:
    st.session_state[key] = target
    session.drop(session.MISSING, session.PATTERN)  # a note about the last finish is stale once the agent moves


def render(pager: Pager, choices: Sequence[Choice], chosen: str | None,
           on_choose: Callable, choice_key: Callable[[int, Choice], str], on_finish: Callable,
           focus: str | None = None) -> None:
    """The pager's controls around the page's own content (already rendered above it). The
    focus goes to the question's heading, or to ``focus`` (the page's title on its first screen)."""
    at = index(pager)
    t = session.catalog()
    for position, choice in enumerate(choices, start=1):
        picked = chosen == choice.value
        st.button(
            choice.label, key=choice_key(position, choice), type="primary" if picked else "secondary",
            icon=":material/check_circle:" if picked else ":material/radio_button_unchecked:", width="stretch",
            on_click=messages.guarded(unavailable="save_failed")(on_choose), args=(choice.value, at),
        )
    back, forward = st.columns(2)
    back.button(t("questionnaire.back"), key=f"{pager.prefix}back", icon=":material/arrow_back:", width="stretch",
                disabled=at == 0, on_click=go, args=(pager.key, at - 1))
    forward.button(t("questionnaire.next"), key=f"{pager.prefix}next", icon=":material/arrow_forward:",
                   icon_position="right", width="stretch", disabled=at == pager.total - 1,
                   on_click=go, args=(pager.key, at + 1))
    st.divider()
    # A new question takes the focus to its heading (read out: "Question 5 of 30"); a screen reader
    # hears which answer is chosen, as the eye sees the filled button.
    a11y.screen(
        f"{pager.prefix}{at}:{chosen}", focus=focus or a11y.heading(_landing(pager), pager.heading_level),
        pressed={a11y.key_selector(choice_key(position, choice), "button"): chosen == choice.value
                 for position, choice in enumerate(choices, start=1)},
    )
    missing = st.session_state.get(session.MISSING)
    if missing:
        st.warning(pager.missing_text(number_ranges(missing)), icon=":material/info:")
        st.button(pager.goto_text(missing[0]), key=f"{pager.prefix}goto-missing", on_click=go,
                  args=(pager.key, missing[0] - 1))
    st.button(pager.finish_label, key=f"{pager.prefix}finish", type="primary" if pager.complete else "secondary",
              width="stretch", on_click=messages.guarded(on_finish))


def _landing(pager: Pager) -> str:
    return f"{pager.prefix}question"


def header(pager: Pager) -> None:
    """The question's heading, where the focus lands, and the progress bar under it."""
    heading = st.title if pager.heading_level == 1 else st.header
    with a11y.landing(_landing(pager)):  # no anchor link: the next Tab goes to the first answer
        heading(pager.heading_text(index(pager)), anchor=False)
    st.progress(pager.answered / pager.total, text=pager.progress_text)
