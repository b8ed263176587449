"""Part 2: the scenarios, one at a time, each choice saved the moment it is made."""
from __future__ import annotations

import functools

import streamlit as st

from services import Refused, agent

from . import a11y, links, messages, pager, session


def start() -> None:
    links.set_param(links.VIEW, links.PART2)
    session.drop(session.LANDING)


def leave() -> None:
    """Back to the results; the answers given so far stay saved."""
    links.set_param(links.VIEW, None)
    session.drop(session.S_INDEX, session.MISSING)


def _pick(token: str, scenario_id: str, total: int, mode: str, at: int) -> None:
    try:
        agent.pick(session.store(), token, scenario_id, mode)
    except Refused as refused:  # finished in another tab, or Part 1 not finished
        leave()
        raise refused
    pager.go(session.S_INDEX, min(at + 1, total - 1))


def _finish(token: str) -> None:
    missing = agent.finish_part2(session.store(), token)
    if missing:
        st.session_state[session.MISSING] = missing
    else:
        leave()
        st.session_state[session.LANDING] = session.PART2_DONE


def render(token: str, screen: agent.ScenarioScreen) -> None:
    t = session.catalog()
    total = len(screen.scenarios)
    setup = pager.Pager(
        key=session.S_INDEX, prefix="s-", total=total, first_open=screen.first_open,
        heading_text=lambda i: t("scenarios.heading", number=i + 1, total=total), heading_level=2,
        progress_text=t("questionnaire.answered", answered=len(screen.answers), total=total),
        missing_text=lambda numbers: t("scenarios.missing", numbers=numbers),
        goto_text=lambda number: t("scenarios.goto", number=number),
        finish_label=t("scenarios.finish"), answered=len(screen.answers), complete=not screen.missing,
    )
    scenario, situation = screen.scenarios[pager.index(setup)]
    with a11y.landing("part2"):
        st.title(t("scenarios.invite_title"), anchor=False)
    pager.header(setup)
    with st.container(border=True):
        st.caption(situation.title)
        st.markdown(scenario.prompt)
    st.subheader(t("scenarios.prompt"), anchor=False)
    pager.render(
        setup,
        [pager.Choice(mode, text) for mode, text in scenario.shown], screen.answers.get(scenario.id),
        on_choose=functools.partial(_pick, token, scenario.id, total),
        # Keyed by position: the page does not reveal which response is which mode.
        choice_key=lambda position, _: f"pick-{scenario.id}-{position}",
        on_finish=functools.partial(_finish, token),
        # Just started: the focus on Part 2's title, so a screen reader hears what this part is.
        focus=a11y.heading("part2") if not screen.answers else None,
    )
    st.caption(t("scenarios.saved"))
    st.button(t("scenarios.leave"), key="leave-part2", icon=":material/arrow_back:", help=t("scenarios.leave_help"),
              on_click=messages.guarded(leave))
