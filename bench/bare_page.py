"""Baseline for bench/answer_latency.py: the questionnaire page's widgets with no app behind them.

Same layout and widget count (language select, progress bar, prompt, two long-label choice
buttons, back / next, finish, resume expander), but no database, no content loading, no
scoring: what Streamlit itself costs per rerun.
"""
import streamlit as st

TEXT_A = "If a refund claim falls outside our terms, I explain the rule plainly and stand by it."
TEXT_B = "If a refund claim falls outside our terms, I suggest a partial refund so we meet halfway."

st.session_state.setdefault("index", 0)
st.session_state.setdefault("answers", {})


def choose(index, choice):
    st.session_state["answers"][index] = choice
    st.session_state["index"] = min(index + 1, 29)


index = st.session_state["index"]
header, picker = st.columns([3, 1])
header.caption("Conflict Style Coach")
picker.selectbox("Language", ["en", "sv", "nb", "da"], key="lang")
st.progress(len(st.session_state["answers"]) / 30, text=f"Question {index + 1} of 30")
st.subheader("Which is closer to what you usually do?")
for choice, text in (("A", TEXT_A), ("B", TEXT_B)):
    st.button(f"{text} ({index})", key=f"choice-P{index + 1:02d}-{choice}", width="stretch",
              on_click=choose, args=(index, choice))
back, forward = st.columns(2)
back.button("Back", key="back", width="stretch")
forward.button("Next", key="next", width="stretch")
st.divider()
st.button("See my results", key="finish", width="stretch")
with st.expander("Continue later"):
    st.write("Keep this link:")
    st.code("http://localhost:8501/?r=token", language=None)
