"""Baseline for bench/results_latency.py: the results page's widgets with no app behind them.

Same structure as the real page with Part 2 finished: three tabs; two bar/scatter charts,
a table and three mode cards; ten playbook cards and seven principles as expanders with the
same kinds of elements; the pressure chart and ten scenario expanders. Texts are of similar
length. No database, no content files, no scoring or advice selection.
"""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

MODES = ["Competing", "Collaborating", "Compromising", "Avoiding", "Accommodating"]
LINE = "A sentence of advice about a difficult customer, about as long as the real ones are. " * 2


def bars(values):
    fig = go.Figure(go.Bar(x=values, y=MODES, orientation="h", text=values, textposition="outside"))
    fig.update_layout(height=320, showlegend=False)
    return fig


st.columns([3, 1])[1].selectbox("Language", ["en", "sv", "nb", "da"], key="lang")
st.title("Your conflict-mode profile")
st.caption("Profile for Sam")
st.subheader("Your most used mode is Avoiding.")
profile_tab, playbook_tab, pressure_tab = st.tabs(["Your profile", "Your playbook", "Under pressure"])
with profile_tab:
    left, right = st.columns([3, 2])
    left.plotly_chart(bars([12, 9, 6, 3, 0]), key="c1")
    right.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 0.5, 0, 1], y=[1, 1, 0.5, 0, 0], mode="markers+text",
                                            text=MODES)), key="c2")
    st.dataframe(pd.DataFrame({"Rank": range(1, 6), "Mode": MODES, "Score": [12, 9, 6, 3, 0]}), hide_index=True)
    for mode in MODES[:3]:
        with st.container(border=True):
            st.markdown(f"#### {mode}")
            st.markdown("\n".join(f"- {LINE}" for _ in range(4)))
    with st.expander("All five modes"):
        st.markdown(LINE * 3)
    with st.expander("About this assessment", expanded=True):
        st.markdown(LINE * 3)
with playbook_tab:
    st.subheader("Your playbook for difficult customers")
    for n in range(10):
        with st.expander(f"Situation {n}", expanded=n == 0):
            st.caption(LINE)
            st.info("\n".join(f"- {LINE}" for _ in range(3)))
            st.markdown(LINE)
            st.markdown("\n".join(f"- {LINE}" for _ in range(5)))
            st.caption(LINE)
            st.markdown("\n".join(f"{i}. {LINE}" for i in range(1, 7)))
            say, avoid = st.columns(2)
            say.markdown("\n".join(f"- {LINE}" for _ in range(4)))
            avoid.markdown("\n".join(f"- {LINE}" for _ in range(4)))
            st.markdown(LINE)
            st.caption(LINE)
    for n in range(7):
        with st.expander(f"Principle {n}"):
            st.write(LINE)
            st.caption(LINE)
with pressure_tab:
    st.subheader("Your profile under pressure")
    st.plotly_chart(bars([40, 10, 20, 30, 0]), key="c3")
    for n in range(10):
        with st.expander(f"{n}. Scenario"):
            st.caption(LINE)
            st.markdown(LINE)
            st.markdown(LINE)
st.code("http://localhost:8501/?r=token", language=None)
st.button("Start a new assessment", key="new")
