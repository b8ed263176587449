"""The team dashboard: completion, the team's profile, blind spots, strengths, comparisons,
export, import and deletion. All figures come from analysis.team, which hides aggregates
of small groups and keeps individual rows to the members who agreed to share."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import compare_groups, load_norms, read_results_csv, team_report
from analysis.interpretation import join_names
from questionnaire import load_instrument, load_mode_texts
from reports import team_tables, to_csv, to_excel
from storage import ImportedPerson, TeamError, database_url, min_group_size

from . import state
from .charts import PLOTLY_CONFIG, position_map, team_chart
from .text import escape_markdown

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(ttl=60, show_spinner=False)
def _organisation_scores(database: str) -> list[dict[str, int]]:
    """Every stored result, read at most once a minute per database: 10,000 rows take about
    60 ms to read (bench/README.md), too much for every rerun of the page."""
    return state.get_store().teams.organisation_scores()


def _finished_scores(members) -> list[dict[str, int]]:
    return [dict(m.scores) for m in members if m.finished and m.scores is not None]


@state.guarded
def _import(lead_id: int, round_id: int) -> None:
    upload = st.session_state.get("import-file")
    if upload is None:
        return
    instrument = load_instrument()
    result = read_results_csv(upload.getvalue(), instrument)
    st.session_state["import-problems"] = result.problems
    if not result.ok:
        return
    people = [ImportedPerson(row.name, row.scores, row.answers) for row in result.rows]
    count = state.get_store().teams.import_results(
        lead_id, round_id, people, shared=bool(st.session_state.get("import-shared")),
        instrument_version=instrument.version, lang=state.lang(),
    )
    st.session_state["import-done"] = count


@state.guarded
def _delete_round(lead_id: int, round_id: int) -> None:
    try:
        state.get_store().teams.delete_round(lead_id, round_id)
    except TeamError as error:
        state.flash(f"lead_errors.{error.code}", **error.values)
    st.session_state.pop("confirm-delete-round", None)


@state.guarded
def _delete_team(lead_id: int, team_id: int) -> None:
    try:
        state.get_store().teams.delete_team(lead_id, team_id)
    except TeamError as error:
        state.flash(f"lead_errors.{error.code}", **error.values)
    for key in ("team", "confirm-delete-team"):
        st.session_state.pop(key, None)


def render(lead, teams, team, chosen) -> None:
    t = state.catalog()
    lang = state.lang()
    store = state.get_store().teams
    minimum = min_group_size()
    texts = load_mode_texts(lang)
    names = {m: text.name for m, text in texts.items()}
    members = store.members(lead.id, chosen.id)
    report = team_report(members, min_group=minimum, lang=lang)

    st.subheader(t("dashboard.completion"))
    started, finished, shared = st.columns(3)
    started.metric(t("dashboard.started"), report.started)
    finished.metric(t("dashboard.finished"), report.finished)
    shared.metric(t("dashboard.shared"), len(report.shared))
    if len(team.rounds) > 1:  # completion of every round of this team, latest first
        counts = store.round_counts(lead.id)
        st.dataframe(pd.DataFrame({
            t("lead.choose_round"): [t("lead.round_label", number=r.number, date=r.created_at.strftime("%Y-%m-%d"))
                                     for r in reversed(team.rounds)],
            t("dashboard.started"): [counts.get(r.id, (0, 0))[0] for r in reversed(team.rounds)],
            t("dashboard.finished"): [counts.get(r.id, (0, 0))[1] for r in reversed(team.rounds)],
        }), hide_index=True, width="stretch")

    if report.hidden_reason == "too_few":
        st.info(t("dashboard.hidden", min=minimum, finished=report.finished), icon=":material/lock:")
    elif report.hidden_reason == "few_private":
        st.info(t("dashboard.hidden_private", private=report.private, min=minimum), icon=":material/lock:")
    else:
        _team_profile(report, texts, names)
    _strengths(report)
    if report.shared:
        st.markdown(f"#### {t('dashboard.members_title')}")
        st.dataframe(pd.DataFrame(
            [{t("export.name"): row.name, **{names[m]: row.scores[m] for m in row.scores},
              t("export.top_mode"): join_names([names[m] for m in row.top_modes], lang)} for row in report.shared]
        ), hide_index=True, width="stretch")
    _compare(lead, teams, team, chosen, _finished_scores(members) if report.visible else [], minimum, names)
    _export(report, names, team, chosen)
    _import_section(lead, chosen)
    _danger_zone(lead, team, chosen)


def _team_profile(report, texts, names) -> None:
    t = state.catalog()
    st.markdown(f"#### {t('dashboard.profile_title')}")
    chart_col, map_col = st.columns([3, 2], gap="medium")
    with chart_col:
        st.plotly_chart(team_chart(report.spreads, texts, t, load_norms()), config=PLOTLY_CONFIG, key="team-chart")
        st.caption(t("dashboard.profile_caption"))
    with map_col:
        st.markdown(f"**{t('dashboard.map_title')}**")
        st.plotly_chart(position_map(report.position, t("dashboard.team"), texts, t), config=PLOTLY_CONFIG,
                        key="team-map")
        st.caption(t("dashboard.map_caption"))

    st.markdown(f"#### {t('dashboard.dominant_title')}")
    st.dataframe(pd.DataFrame({t("dashboard.col_mode"): [names[m] for m in report.dominant],
                               t("dashboard.members_col"): list(report.dominant.values())}),
                 hide_index=True, width="stretch")
    st.caption(t("dashboard.dominant_caption"))

    st.markdown(f"#### {t('dashboard.blind_title')}")
    if not report.blind_spots:
        st.success(t("dashboard.no_blind_spots"), icon=":material/verified:")
    for spot in report.blind_spots:
        # Titles run on inside a sentence: lower-case their first letter ("the rude ... customer").
        situations = join_names([s.title[:1].lower() + s.title[1:] for s in spot.situations], state.lang())
        st.warning(t("dashboard.blind_spot", mode=names[spot.mode], users=spot.users, finished=report.finished,
                     situations=situations), icon=":material/visibility_off:")


def _strengths(report) -> None:
    t = state.catalog()
    st.markdown(f"#### {t('dashboard.strengths_title')}")
    if not report.strengths:
        st.caption(t("dashboard.no_strengths"))
        return
    st.dataframe(pd.DataFrame({
        t("dashboard.situation_col"): [s.situation.title for s in report.strengths],
        t("dashboard.strongest_col"): [", ".join(s.names) for s in report.strengths],
    }), hide_index=True, width="stretch")
    st.caption(t("dashboard.strengths_caption"))


def _visible_scores(members, minimum: int) -> list[dict[str, int]]:
    """A group's scores for comparing, or none when its own summary would be hidden."""
    if not team_report(members, min_group=minimum).visible:
        return []
    return _finished_scores(members)


def _compare(lead, teams, team, chosen, this: list[dict[str, int]], minimum, names) -> None:
    """``this``: the round's scores, empty when its summary is hidden (then nothing compares)."""
    t = state.catalog()
    store = state.get_store().teams
    options: dict[str, tuple[str, object]] = {}
    for earlier in team.rounds:
        if earlier.id != chosen.id:
            options[f"round-{earlier.id}"] = (t("dashboard.compare_earlier", number=earlier.number), earlier.id)
    for other in teams:
        if other.id != team.id:
            options[f"team-{other.id}"] = (t("dashboard.compare_team", team=other.name, number=other.latest.number),
                                           other.latest.id)
    organisation = _organisation_scores(database_url())
    options["org"] = (t("dashboard.compare_org", count=len(organisation)), None)

    st.markdown(f"#### {t('dashboard.compare_title')}")
    choice = st.selectbox(t("dashboard.compare_with"), list(options), key=f"compare-{chosen.id}",
                          format_func=lambda k: options[k][0])
    round_id = options[choice][1]
    other = organisation if round_id is None else _visible_scores(store.members(lead.id, round_id), minimum)
    comparison = compare_groups(this, other, min_group=minimum)
    if comparison.modes is None:
        st.info(t("dashboard.compare_hidden", min=minimum), icon=":material/lock:")
        return
    st.dataframe(pd.DataFrame({
        t("dashboard.col_mode"): [names[d.mode] for d in comparison.modes],
        t("dashboard.col_this"): [round(d.mean_a, 1) for d in comparison.modes],
        t("dashboard.col_other"): [round(d.mean_b, 1) for d in comparison.modes],
        t("dashboard.col_difference"): [f"{d.difference:+.1f}" for d in comparison.modes],
        t("dashboard.col_note"): [t("dashboard.within_noise") if d.within_noise else t("dashboard.clear_difference")
                                  for d in comparison.modes],
    }), hide_index=True, width="stretch", key="comparison")
    typical = max(d.noise for d in comparison.modes)
    st.caption(t("dashboard.compare_caption", noise=f"{typical:.1f}"))


def _export(report, names, team, chosen) -> None:
    t = state.catalog()
    st.markdown(f"#### {t('dashboard.export_title')}")
    st.caption(t("dashboard.export_text"))
    label = t("lead.round_label", number=chosen.number, date=chosen.created_at.strftime("%Y-%m-%d"))
    def tables():
        return team_tables(report, names, t, team.name, label)

    stem = f"team-{team.id}-round-{chosen.number}"
    lang = state.lang()
    csv_col, excel_col = st.columns(2)
    # The files are built when a button is pressed, not on every rerun of the page.
    csv_col.download_button(t("dashboard.export_csv"), lambda: to_csv(tables(), lang), f"{stem}.csv", "text/csv",
                            key="export-csv", on_click="ignore", icon=":material/download:", width="stretch")
    excel_col.download_button(t("dashboard.export_excel"), lambda: to_excel(tables()), f"{stem}.xlsx", EXCEL_MIME,
                              key="export-excel", on_click="ignore", icon=":material/table:", width="stretch")


def _import_section(lead, chosen) -> None:
    t = state.catalog()
    with st.expander(t("dashboard.import_title"), icon=":material/upload_file:"):
        st.markdown(t("dashboard.import_text"))
        st.file_uploader(t("dashboard.import_file"), type=["csv", "txt"], key="import-file")
        st.checkbox(t("dashboard.import_shared"), key="import-shared", value=False)
        st.button(t("dashboard.import_button"), key="import", on_click=_import, args=(lead.id, chosen.id))
        if count := st.session_state.pop("import-done", None):
            st.success(t("dashboard.import_done", count=count, number=chosen.number), icon=":material/check:")
        problems = st.session_state.pop("import-problems", ())
        if problems:
            lines = []
            for problem in problems:
                text = t(f"import.{problem.code}", **{k: escape_markdown(str(v)) for k, v in problem.values.items()})
                lines.append(f"- {t('import.line', line=problem.line)}: {text}" if problem.line else f"- {text}")
            st.error(t("dashboard.import_refused") + "\n" + "\n".join(lines), icon=":material/error:")


def _danger_zone(lead, team, chosen) -> None:
    t = state.catalog()
    with st.expander(t("dashboard.danger_title"), icon=":material/delete:"):
        st.markdown(f"**{t('dashboard.delete_round', number=chosen.number)}** · {t('dashboard.delete_round_text')}")
        sure = st.checkbox(t("dashboard.delete_confirm"), key="confirm-delete-round")
        st.button(t("dashboard.delete_round", number=chosen.number), key="delete-round", disabled=not sure,
                  on_click=_delete_round, args=(lead.id, chosen.id))
        st.divider()
        name = escape_markdown(team.name)
        st.markdown(f"**{t('dashboard.delete_team', team=name)}** · {t('dashboard.delete_team_text')}")
        sure_team = st.checkbox(t("dashboard.delete_confirm"), key="confirm-delete-team")
        st.button(t("dashboard.delete_team", team=name), key="delete-team", type="primary", disabled=not sure_team,
                  on_click=_delete_team, args=(lead.id, team.id))
