"""Stage 2: the 30 pairs, one at a time, each answer saved the moment it is given."""
from __future__ import annotations

import streamlit as st

from analysis import score
from questionnaire import load_instrument, number_ranges, progress
from storage import AlreadySubmitted

from . import state

def _go(index: int) -> None:
    st.session_state["q_index"] = index
    st.session_state.pop("show_missing", None)


@state.guarded(message="errors.save_failed")
def _answer(token: str, item_id: str, choice: str, index: int, total: int) -> None:
    try:
        state.get_store().save_answer(token, item_id, choice)
    except AlreadySubmitted:  # answered in another tab after submitting there
        st.session_state[state.FLASH] = "errors.locked"
        return
    _go(min(index + 1, total - 1))


@state.guarded
def _submit(token: str) -> None:
    instrument = load_instrument(state.lang())
    answers = state.get_store().answers(token)
    if not progress(instrument, answers).complete:
        st.session_state["show_missing"] = True
        return
    profile = score(instrument, answers)
    state.get_store().submit(token, instrument.version, profile.scores)


def render(token: str) -> None:
    t = state.catalog()
    instrument = load_instrument(state.lang())
    answers = state.get_store().answers(token)
    status = progress(instrument, answers)
    total = len(instrument)
    if "q_index" not in st.session_state:
        # A fresh session (refresh, new tab, restart) resumes at the first unanswered item.
        first_missing = status.missing[0] if status.missing else instrument.ids[-1]
        st.session_state["q_index"] = instrument.ids.index(first_missing)
    index = min(max(st.session_state["q_index"], 0), total - 1)
    item = instrument.items[index]

    st.progress(status.fraction, text=t("questionnaire.progress", number=index + 1, total=total,
                                         answered=status.answered))
    st.subheader(t("questionnaire.prompt"))
    current = answers.get(item.id)
    for choice, statement in (("A", item.a), ("B", item.b)):
        chosen = current == choice
        st.button(
            statement.text,
            key=f"choice-{item.id}-{choice}",
            type="primary" if chosen else "secondary",
            icon=":material/check_circle:" if chosen else ":material/radio_button_unchecked:",
            width="stretch",
            on_click=_answer,
            args=(token, item.id, choice, index, total),
        )

    back, forward = st.columns(2)
    back.button(t("questionnaire.back"), key="back", icon=":material/arrow_back:", width="stretch",
                disabled=index == 0, on_click=_go, args=(index - 1,))
    forward.button(t("questionnaire.next"), key="next", icon=":material/arrow_forward:", icon_position="right",
                   width="stretch", disabled=index == total - 1, on_click=_go, args=(index + 1,))

    st.divider()
    if st.session_state.get("show_missing") and status.missing:
        numbers = status.missing_numbers(instrument)
        st.warning(t("questionnaire.missing", numbers=number_ranges(numbers)), icon=":material/info:")
        st.button(t("questionnaire.goto", number=numbers[0]), key="goto-missing",
                  on_click=_go, args=(numbers[0] - 1,))
    st.button(t("questionnaire.submit"), key="submit", type="primary" if status.complete else "secondary",
              width="stretch", on_click=_submit, args=(token,))

    with st.expander(t("questionnaire.resume_title"), icon=":material/bookmark:"):
        st.write(t("questionnaire.resume_text"))
        st.code(state.resume_url(token), language=None)
