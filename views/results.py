"""The results: the profile explained, the playbook and Part 2 in three tabs; then the
agent's own controls: what their team lead sees, their link, leaving, deleting."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from reports.alt_text import map_text, profile_text
from reports.charts import mode_map, profile_chart
from services import agent

from . import a11y, leave, links, messages, playbook, reports, scenario_results, session
from .text import plain


REFERENCE = "bands-reference"  # widget key: the neutral reference or the organisation's own agents


def reference() -> str:
    """The reference the agent chose for the bands (the neutral one until they choose)."""
    return "local" if st.session_state.get(REFERENCE) == "local" else "neutral"


def render(token: str, screen: agent.Results) -> None:
    t = session.catalog()
    with a11y.landing("results"):
        st.title(t("results.title"))
    if screen.name:
        st.caption(t("results.for_name", name=plain(screen.name)))
    if screen.pattern:
        _pattern_note(token, screen)
    st.markdown(f"## {screen.reading.headline}")
    st.markdown(t("results.playbook_hint", tab=f"**{t('results.tab_playbook')}**"))
    if screen.scenarios is None:
        scenario_results.invitation(screen, compact=True)

    # Back from Part 2, the agent lands on its results (the tab chosen, its heading in view).
    from_part2 = st.session_state.get(session.LANDING) == session.PART2_DONE and screen.scenarios is not None
    labels = [t("results.tab_profile"), t("results.tab_playbook"), t("results.tab_scenarios")]
    profile_tab, playbook_tab, scenarios_tab = st.tabs(labels, key="results-tabs",
                                                       default=labels[2] if from_part2 else None)
    with profile_tab:
        _profile(screen)
    with playbook_tab:
        playbook.render(screen)
    with scenarios_tab:
        if screen.scenarios is None:
            scenario_results.invitation(screen, compact=False)
        else:
            scenario_results.render(screen)

    st.divider()
    with st.container(key="no-print-report"):  # the download itself is not printed
        reports.own(token, screen.name)
    if screen.membership is not None:
        _membership(token, screen.membership)
    with st.container(key="no-print-link"):  # the private link and the controls: never on paper
        st.caption(t("results.results_link"))
        st.code(links.resume_url(token), language=None, wrap_lines=True)
        leave_col, delete_col = st.columns(2)
        leave_col.button(t("leave.button"), key="leave", icon=":material/logout:", width="stretch",
                         help=t("leave.help"), on_click=_open, args=("leave",))
        delete_col.button(t("team.delete_button"), key="delete-me", icon=":material/delete:", width="stretch",
                          on_click=_open, args=("delete",))

    a11y.screen("results-part2" if from_part2 else "results",
                focus=a11y.heading(session.PART2_DONE, 3) if from_part2 else a11y.heading("results"), top=not from_part2)

    dialog = st.session_state.pop(session.DIALOG, None)
    if dialog == "leave":
        leave.confirm(token)
    elif dialog == "delete":
        st.dialog(t("team.delete_title"))(_delete_dialog)(token)
    elif dialog == "share" and screen.membership is not None:
        st.dialog(t("team.sharing_title"))(_sharing_dialog)(token, screen.membership)


def _pattern_note(token: str, screen: agent.Results) -> None:
    """A result from answers that follow a pattern: say so kindly and offer a review."""
    t = session.catalog()
    st.info(t("results.pattern_note", pattern=t(f"pattern.{screen.pattern}")), icon=":material/lightbulb:")
    with st.container(key="no-print-pattern-review"):
        if screen.membership is not None:
            st.caption(t("results.pattern_team"))
        st.button(t("results.pattern_review"), key="pattern-reopen", icon=":material/edit:",
                  on_click=_reopen, args=(token,))


@messages.guarded
def _reopen(token: str) -> None:
    agent.reopen(session.store(), token)
    links.set_param(links.VIEW, None)
    session.drop(session.MISSING, session.PATTERN, session.DIALOG)
    st.session_state[session.Q_INDEX] = 0  # from the first question, every answer kept


def _open(name: str) -> None:
    st.session_state[session.DIALOG] = name


def _mode_card(reading, questions_key: str, questions: tuple[str, ...], percentile: float | None = None) -> None:
    t = session.catalog()
    with st.container(border=True, key=f"box-mode-{reading.mode}"):  # box-*: kept on one printed page
        st.markdown(f"#### {reading.text.name} · *{reading.text.tagline}*")
        line = f"{t('results.col_score')}: {reading.score} / {agent.MAX_SCORE} · {t('band.' + reading.band)}"
        if percentile is not None:  # also here: on a phone the table's last column is off-screen
            share = t("results.percentile_value", value=t.number(percentile, digits=0))
            line += f" · {t('results.col_percentile')} {share}"
        st.caption(line)
        st.markdown(f"**{t('results.with_customers')}.** {reading.text.looks_like}")
        st.markdown(f"**{t('results.helps_when')}**")
        st.markdown("\n".join(f"- {line}" for line in reading.text.helps_when))
        st.markdown(f"**{t(questions_key)}**")
        st.markdown("\n".join(f"- {line}" for line in questions))


def _profile(screen: agent.Results) -> None:
    t = session.catalog()
    reading = screen.reading
    chart_col, map_col = st.columns([3, 2], gap="medium")
    with chart_col:
        st.markdown(f"**{t('results.chart_title')}**")
        a11y.chart(profile_chart(screen.profile, screen.texts, t, screen.norms), "profile-chart",
                   profile_text(screen.profile, screen.texts, t))
        st.caption(t("results.chart_caption"))
    with map_col:
        st.markdown(f"**{t('results.map_title')}**")
        position = (screen.profile.assertiveness, screen.profile.cooperativeness)
        a11y.chart(mode_map(screen.profile, screen.texts, t), "mode-map",
                   map_text(position, t("results.you"), screen.texts, t))
        st.caption(t("results.map_caption"))

    st.markdown(f"### {t('results.ranking_title')}")
    ranking = {
        t("results.col_rank"): [f"{r.rank}" + (f" ({t('results.tied')})" if r.tied else "") for r in reading.ranked],
        t("results.col_mode"): [r.text.name for r in reading.ranked],
        t("results.col_score"): [r.score for r in reading.ranked],
        t("results.col_band"): [t("band." + r.band) for r in reading.ranked],
    }
    if screen.percentile(reading.ranked[0].mode) is not None:
        ranking[t("results.col_percentile")] = [
            t("results.percentile_value", value=t.number(screen.percentile(r.mode), digits=0)) for r in reading.ranked]
    st.table(pd.DataFrame(ranking), hide_index=True)  # an HTML table: read as one, and whole on a phone
    _reference(screen)

    for mode_reading in reading.most_used:
        _mode_card(mode_reading, "results.overuse", mode_reading.text.overuse, screen.percentile(mode_reading.mode))
    if reading.least_used:
        st.markdown(f"### {t('results.least_used_title')}")
        for mode_reading in reading.least_used:
            _mode_card(mode_reading, "results.underuse", mode_reading.text.underuse,
                       screen.percentile(mode_reading.mode))

    with st.expander(t("results.all_modes_title")):
        for mode_reading in reading.ranked:
            st.markdown(f"**{mode_reading.text.name}** ({mode_reading.score}) · {mode_reading.text.looks_like}")
    with st.expander(t("results.about_title"), expanded=True):
        st.markdown(t("results.about"))
    st.caption(t("results.version_caption", version=screen.version))


def _reference(screen: agent.Results) -> None:
    """Which reference the bands use, always said; a choice once the organisation has its own."""
    t = session.catalog()
    local = screen.local
    if local is not None:
        with st.container(key="no-print-reference"):
            st.radio(t("results.reference_label"), ("neutral", "local"), key=REFERENCE, horizontal=True,
                     format_func=lambda option: t(f"results.reference_{option}"))
    if screen.reference == "local" and local is not None:
        st.caption(t("results.reference_note_local", count=local.count, date=local.created_at.strftime("%Y-%m-%d")))
    else:
        st.caption(t("results.reference_note_neutral"))


def _membership(token: str, membership: agent.Membership) -> None:
    """What the member's team lead may see, and the way to change it (with a confirmation)."""
    t = session.catalog()
    lead = plain(membership.lead_name)
    joined = t("team.joining", team=plain(membership.team_name), lead=lead, number=membership.number)
    st.markdown(f"**{t('team.sharing_title')}:** {joined}")
    if not membership.sharing:
        state = t("team.sharing_off")
    elif membership.shown:
        state = t("team.sharing_on")
    else:
        state = t("team.sharing_held", lead=lead)
    status, change = st.columns([3, 1], vertical_alignment="center")
    status.caption(state)
    if membership.coaches:
        status.caption(t("team.coaches_see", lead=lead, names=plain(t.join(membership.coaches))))
    change.button(t("team.sharing_change"), key="change-sharing", width="stretch", on_click=_open, args=("share",))


@messages.guarded
def _set_sharing(token: str, share: bool) -> None:
    membership = agent.set_sharing(session.store(), token, share)
    messages.notice("team.sharing_changed_on" if membership.sharing else "team.sharing_changed_off")


def _sharing_dialog(token: str, membership: agent.Membership) -> None:
    t = session.catalog()
    lead = plain(membership.lead_name)
    if membership.sharing:
        st.write(t("team.confirm_stop", lead=lead))
        label, share = t("team.stop_button"), False
    else:
        st.write(t("team.confirm_share", lead=lead))
        if membership.coaches:
            st.write(t("team.coaches_see", lead=lead, names=plain(t.join(membership.coaches))))
        label, share = t("team.share_button", lead=lead), True
    yes, no = st.columns(2)
    # The callback does the work (before the rerun); st.rerun() then closes the dialog.
    if yes.button(label, key="confirm-sharing", type="primary", width="stretch", on_click=_set_sharing,
                  args=(token, share)):
        st.rerun()
    if no.button(t("common.cancel"), key="cancel-sharing", width="stretch"):
        st.rerun()


@messages.guarded
def _delete(token: str) -> None:
    agent.delete(session.store(), token)
    links.set_param(links.TOKEN, None)
    links.set_param(links.VIEW, None)
    session.drop(*session.AGENT_KEYS)
    messages.notice("team.deleted")


def _delete_dialog(token: str) -> None:
    t = session.catalog()
    st.write(t("team.delete_text"))
    yes, no = st.columns(2)
    if yes.button(t("team.delete_confirm"), key="confirm-delete", type="primary", width="stretch", on_click=_delete,
                  args=(token,)):
        st.rerun()
    if no.button(t("common.cancel"), key="cancel-delete", width="stretch"):
        st.rerun()
