"""Stage 3: the results, in three tabs: the profile explained, the playbook, and Part 2."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import MAX_SCORE, ModeReading, interpret, load_norms, profile_from_scores
from questionnaire import load_mode_texts

from storage import Respondent

from . import playbook, pressure, scenarios, state
from .charts import PLOTLY_CONFIG, mode_map, profile_chart
from .text import escape_markdown


def _start_over() -> None:
    state.set_token(None)
    scenarios.leave()
    for key in ("q_index", "show_missing", "name"):
        st.session_state.pop(key, None)


def _mode_card(reading: ModeReading, questions_key: str, questions: tuple[str, ...]) -> None:
    t = state.catalog()
    with st.container(border=True):
        st.markdown(f"#### {reading.text.name} · *{reading.text.tagline}*")
        st.caption(f"{t('results.col_score')}: {reading.score} / {MAX_SCORE} · {t('band.' + reading.band)}")
        st.markdown(f"**{t('results.with_customers')}.** {reading.text.looks_like}")
        st.markdown(f"**{t('results.helps_when')}**")
        st.markdown("\n".join(f"- {line}" for line in reading.text.helps_when))
        st.markdown(f"**{t(questions_key)}**")
        st.markdown("\n".join(f"- {line}" for line in questions))


def render(token: str, respondent: Respondent) -> None:
    t = state.catalog()
    lang = state.lang()
    stored = state.get_store().result(token)
    norms = load_norms()
    profile = profile_from_scores(stored.scores, norms)
    reading = interpret(profile, lang)
    choices = state.get_store().scenario_answers(token)

    st.title(t("results.title"))
    if respondent.name:
        st.caption(t("results.for_name", name=escape_markdown(respondent.name)))
    st.subheader(reading.headline)
    st.markdown(t("results.playbook_hint", tab=f"**{t('results.tab_playbook')}**"))
    if not respondent.scenarios_done:
        pressure.invitation(len(choices), compact=True)

    profile_tab, playbook_tab, pressure_tab = st.tabs(
        [t("results.tab_profile"), t("results.tab_playbook"), t("results.tab_pressure")]
    )
    with profile_tab:
        _profile(profile, reading, norms)
    with playbook_tab:
        # Part 2 choices sharpen the playbook once Part 2 is finished.
        playbook.render(profile, choices if respondent.scenarios_done else None)
    with pressure_tab:
        if respondent.scenarios_done:
            pressure.render(choices, profile)
        else:
            pressure.invitation(len(choices), compact=False)

    st.divider()
    if respondent.round_id is not None:
        _membership(token, respondent)
    st.caption(t("results.results_link"))
    st.code(state.resume_url(token), language=None)
    st.button(t("results.new"), key="new", on_click=_start_over)
    with st.expander(t("team.delete_title"), icon=":material/delete:"):
        st.write(t("team.delete_text"))
        confirmed = st.checkbox(t("team.delete_confirm"), key="confirm-delete")
        st.button(t("team.delete_button"), key="delete-me", type="primary", disabled=not confirmed,
                  on_click=_delete, args=(token,))


@state.guarded
def _set_sharing(token: str) -> None:
    state.get_store().set_sharing(token, bool(st.session_state["sharing"]))


@state.guarded
def _delete(token: str) -> None:
    state.get_store().delete(token)
    _start_over()
    st.session_state[state.NOTICE] = "team.deleted"


def _membership(token: str, respondent: Respondent) -> None:
    """The member's own switch for what their team lead may see."""
    t = state.catalog()
    membership = state.get_store().teams.membership(respondent.round_id)
    if membership is None:
        return
    lead = escape_markdown(membership.lead_name)
    joined = t("team.joining", team=escape_markdown(membership.team_name), lead=lead, number=membership.number)
    st.markdown(f"**{t('team.sharing_title')}:** {joined}")
    st.toggle(t("team.share_label", lead=lead), value=respondent.share_with_lead,
              key="sharing", on_change=_set_sharing, args=(token,), help=t("team.share_help"))
    st.caption(t("team.sharing_on") if respondent.share_with_lead else t("team.sharing_off"))


def _profile(profile, reading, norms) -> None:
    t = state.catalog()
    texts = load_mode_texts(state.lang())
    chart_col, map_col = st.columns([3, 2], gap="medium")
    with chart_col:
        st.markdown(f"**{t('results.chart_title')}**")
        st.plotly_chart(profile_chart(profile, texts, t, norms), config=PLOTLY_CONFIG, key="profile-chart")
        st.caption(t("results.chart_caption"))
    with map_col:
        st.markdown(f"**{t('results.map_title')}**")
        st.plotly_chart(mode_map(profile, texts, t), config=PLOTLY_CONFIG, key="mode-map")
        st.caption(t("results.map_caption"))

    st.markdown(f"#### {t('results.ranking_title')}")
    table = pd.DataFrame({
        t("results.col_rank"): [f"{r.rank}" + (f" ({t('results.tied')})" if r.tied else "")
                                for r in reading.ranked],
        t("results.col_mode"): [r.text.name for r in reading.ranked],
        t("results.col_score"): [r.score for r in reading.ranked],
        t("results.col_band"): [t("band." + r.band) for r in reading.ranked],
    })
    st.dataframe(table, hide_index=True, width="stretch", key="ranking")

    for mode_reading in reading.most_used:
        _mode_card(mode_reading, "results.overuse", mode_reading.text.overuse)
    if reading.least_used:
        st.markdown(f"#### {t('results.least_used_title')}")
        for mode_reading in reading.least_used:
            _mode_card(mode_reading, "results.underuse", mode_reading.text.underuse)

    with st.expander(t("results.all_modes_title")):
        for mode_reading in reading.ranked:
            st.markdown(f"**{mode_reading.text.name}** ({mode_reading.score}) · {mode_reading.text.looks_like}")

    with st.expander(t("results.about_title"), expanded=True):
        st.markdown(t("results.about"))
