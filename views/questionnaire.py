"""Part 1: the 30 pairs, one at a time, each answer saved the moment it is given."""
from __future__ import annotations

import functools

import streamlit as st

from services import agent

from . import links, messages, pager, session

CHOICES = ("A", "B")


def _answer(token: str, item_id: str, total: int, choice: str, at: int) -> None:
    agent.answer(session.store(), token, item_id, choice)
    pager.go(session.Q_INDEX, min(at + 1, total - 1))


def _finish(token: str, confirm_pattern: bool = False) -> None:
    outcome = agent.finish_part1(session.store(), token, confirm_pattern=confirm_pattern)
    if isinstance(outcome, agent.PatternFound):  # not stored yet: the agent decides below
        st.session_state[session.PATTERN] = outcome.pattern
    elif outcome:
        st.session_state[session.MISSING] = outcome
    else:
        session.drop(session.Q_INDEX, session.MISSING, session.PATTERN)


def _review() -> None:
    """Back to the first question; every answer stays as it is, and can be changed."""
    pager.go(session.Q_INDEX, 0)


def _pattern_note(token: str, pattern: str) -> None:
    """The answers follow a pattern: say so kindly, and let the agent review or finish anyway."""
    t = session.catalog()
    with st.container(border=True, key="pattern-note"):
        st.markdown(f"**{t('questionnaire.pattern_title')}**")
        st.info(t("questionnaire.pattern_note", pattern=t(f"pattern.{pattern}")), icon=":material/lightbulb:")
        review, anyway = st.columns(2)
        review.button(t("questionnaire.pattern_review"), key="pattern-review", type="primary", width="stretch",
                      icon=":material/edit:", on_click=messages.guarded(_review))
        anyway.button(t("questionnaire.pattern_finish"), key="pattern-finish", width="stretch",
                      on_click=messages.guarded(functools.partial(_finish, token, True)))


def render(token: str, screen: agent.QuestionnaireScreen) -> None:
    t = session.catalog()
    total = len(screen.items)
    setup = pager.Pager(
        key=session.Q_INDEX, prefix="", total=total, first_open=screen.first_open,
        heading_text=lambda i: t("questionnaire.heading", number=i + 1, total=total), heading_level=1,
        progress_text=t("questionnaire.answered", answered=screen.progress.answered, total=total),
        missing_text=lambda numbers: t("questionnaire.missing", numbers=numbers),
        goto_text=lambda number: t("questionnaire.goto", number=number),
        finish_label=t("questionnaire.finish"), answered=screen.progress.answered,
        complete=screen.progress.complete,
    )
    item = screen.items[pager.index(setup)]
    pager.header(setup)
    st.header(t("questionnaire.prompt"), anchor=False)
    pager.render(
        setup,
        [pager.Choice(c, item.statement(c).text) for c in CHOICES], screen.answers.get(item.id),
        on_choose=functools.partial(_answer, token, item.id, total),
        choice_key=lambda _, choice: f"choice-{item.id}-{choice.value}",
        on_finish=functools.partial(_finish, token),
    )
    pattern = st.session_state.get(session.PATTERN)
    if pattern:
        _pattern_note(token, pattern)
    with st.expander(t("questionnaire.resume_title"), icon=":material/bookmark:"):
        st.write(t("questionnaire.resume_text"))
        st.code(links.resume_url(token), language=None, wrap_lines=True)
