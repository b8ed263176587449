"""Part 2: the scenarios, one at a time, each choice saved the moment it is made."""
from __future__ import annotations

import streamlit as st

from questionnaire import number_ranges
from questionnaire.playbook import load_playbook
from storage import AlreadySubmitted, NotReady

from . import state

INDEX = "s_index"
MISSING = "s_show_missing"


def _go(index: int) -> None:
    st.session_state[INDEX] = index
    st.session_state.pop(MISSING, None)


def leave() -> None:
    """Back to the results; the answers given so far stay saved."""
    state.set_view(None)
    for key in (INDEX, MISSING):
        st.session_state.pop(key, None)


def start() -> None:
    state.set_view(state.PART2)


@state.guarded(message="errors.save_failed")
def _pick(token: str, scenario_id: str, mode: str, index: int, total: int) -> None:
    try:
        state.get_store().save_scenario_answer(token, scenario_id, mode)
    except AlreadySubmitted:  # finished in another tab
        st.session_state[state.FLASH] = "part2.locked"
        leave()
        return
    except NotReady:
        st.session_state[state.FLASH] = "part2.not_ready"
        leave()
        return
    _go(min(index + 1, total - 1))


@state.guarded
def _submit(token: str) -> None:
    store = state.get_store()
    answered = store.scenario_answers(token)
    if any(sid not in answered for sid in store.scenario_ids):
        st.session_state[MISSING] = True
        return
    store.submit_scenarios(token)
    leave()


def render(token: str) -> None:
    t = state.catalog()
    playbook = load_playbook(state.lang())
    answers = state.get_store().scenario_answers(token)
    scenarios = playbook.scenarios
    total = len(scenarios)
    missing = [n for n, s in enumerate(scenarios, start=1) if s.id not in answers]
    if INDEX not in st.session_state:
        # A fresh session (refresh, resume link) continues at the first unanswered scenario.
        st.session_state[INDEX] = (missing[0] - 1) if missing else total - 1
    index = min(max(st.session_state[INDEX], 0), total - 1)
    scenario = scenarios[index]
    situation = playbook.situation(scenario.situation)

    st.title(t("part2.invite_title"))
    st.progress(len(answers) / total, text=t("part2.progress", number=index + 1, total=total,
                                             answered=len(answers)))
    with st.container(border=True):
        st.caption(situation.title)
        st.markdown(scenario.prompt)
    st.subheader(t("part2.prompt"))
    current = answers.get(scenario.id)
    for position, (mode, text) in enumerate(scenario.shown, start=1):
        chosen = current == mode
        st.button(
            text,
            key=f"pick-{scenario.id}-{position}",  # by position: the page does not reveal the modes
            type="primary" if chosen else "secondary",
            icon=":material/check_circle:" if chosen else ":material/radio_button_unchecked:",
            width="stretch",
            on_click=_pick,
            args=(token, scenario.id, mode, index, total),
        )
    st.caption(t("part2.saved"))

    back, forward = st.columns(2)
    back.button(t("questionnaire.back"), key="s-back", icon=":material/arrow_back:", width="stretch",
                disabled=index == 0, on_click=_go, args=(index - 1,))
    forward.button(t("questionnaire.next"), key="s-next", icon=":material/arrow_forward:",
                   icon_position="right", width="stretch", disabled=index == total - 1,
                   on_click=_go, args=(index + 1,))

    st.divider()
    if st.session_state.get(MISSING) and missing:
        st.warning(t("part2.missing", numbers=number_ranges(missing)), icon=":material/info:")
        st.button(t("part2.goto", number=missing[0]), key="s-goto-missing", on_click=_go, args=(missing[0] - 1,))
    st.button(t("part2.submit"), key="s-submit", type="primary" if not missing else "secondary",
              width="stretch", on_click=_submit, args=(token,))
    st.button(t("part2.leave"), key="leave-part2", icon=":material/arrow_back:", help=t("part2.leave_help"),
              on_click=leave)
