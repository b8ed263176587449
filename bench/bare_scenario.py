"""Baseline for bench/results_latency.py: the Part 2 scenario page's widgets with no app behind them.

Language select, title, progress bar, the scenario in a bordered box, five long-label
buttons, back / next, finish and leave buttons. No database, no content files.
"""
import streamlit as st

RESPONSE = "I stay calm, tell the customer what I can do today, and agree on a time to call them back."
st.session_state.setdefault("index", 0)
st.session_state.setdefault("answers", {})


def pick(index, position):
    st.session_state["answers"][index] = position
    st.session_state["index"] = min(index + 1, 9)


index = st.session_state["index"]
st.columns([3, 1])[1].selectbox("Language", ["en", "sv", "nb", "da"], key="lang")
st.title("Part 2 (optional): you under pressure")
st.progress(len(st.session_state["answers"]) / 10, text=f"Scenario {index + 1} of 10")
with st.container(border=True):
    st.caption("The angry customer")
    st.markdown("A customer calls about a washing machine that was due to be installed yesterday. " * 2)
st.subheader("What would you most likely do?")
for position in range(1, 6):
    st.button(f"{RESPONSE} ({index}.{position})", key=f"pick-S{index + 1:02d}-{position}", width="stretch",
              on_click=pick, args=(index, position))
st.caption("Each choice is saved as soon as you make it.")
back, forward = st.columns(2)
back.button("Back", key="s-back", width="stretch")
forward.button("Next", key="s-next", width="stretch")
st.divider()
st.button("See my Part 2 results", key="s-finish", width="stretch")
st.button("Back to my results", key="leave-part2")
