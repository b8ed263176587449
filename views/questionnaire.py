"""Part 1: the 30 pairs, one at a time, each answer saved the moment it is given."""
from __future__ import annotations

import functools

import streamlit as st

from services import agent

from . import links, pager, session

CHOICES = ("A", "B")


def _answer(token: str, item_id: str, total: int, choice: str, at: int) -> None:
    agent.answer(session.store(), token, item_id, choice)
    pager.go(session.Q_INDEX, min(at + 1, total - 1))


def _finish(token: str) -> None:
    missing = agent.finish_part1(session.store(), token)
    if missing:
        st.session_state[session.MISSING] = missing
    else:
        session.drop(session.Q_INDEX, session.MISSING)


def render(token: str, screen: agent.QuestionnaireScreen) -> None:
    t = session.catalog()
    total = len(screen.items)
    setup = pager.Pager(
        key=session.Q_INDEX, prefix="", total=total, first_open=screen.first_open,
        progress_text=lambda i: t("questionnaire.progress", number=i + 1, total=total,
                                  answered=screen.progress.answered),
        missing_text=lambda numbers: t("questionnaire.missing", numbers=numbers),
        goto_text=lambda number: t("questionnaire.goto", number=number),
        finish_label=t("questionnaire.finish"), answered=screen.progress.answered,
        complete=screen.progress.complete,
    )
    item = screen.items[pager.index(setup)]
    pager.header(setup)
    st.subheader(t("questionnaire.prompt"))
    pager.render(
        setup,
        [pager.Choice(c, item.statement(c).text) for c in CHOICES], screen.answers.get(item.id),
        on_choose=functools.partial(_answer, token, item.id, total),
        choice_key=lambda _, choice: f"choice-{item.id}-{choice.value}",
        on_finish=functools.partial(_finish, token),
    )
    with st.expander(t("questionnaire.resume_title"), icon=":material/bookmark:"):
        st.write(t("questionnaire.resume_text"))
        st.code(links.resume_url(token), language=None)
