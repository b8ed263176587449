"""The team dashboard: completion, the team's figures, blind spots, who can back up whom,
comparisons, export, import and deletion. Everything shown comes from services.teams, which
applies the privacy rules; this page only lays it out."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from questionnaire import MODES
from reports.alt_text import comparison_text, map_text, team_text, trend_text
from reports.charts import comparison_chart, position_map, team_chart, trend_chart
from services import teams

from . import a11y, messages, reports, session
from .text import distinct, plain

EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_MB = 10


def render(team, chosen, board: teams.Dashboard, compare_key: str, own: bool = True) -> None:
    t = session.catalog()
    texts = board.texts
    names = {m: text.name for m, text in texts.items()}
    report = board.report

    st.header(t("dashboard.completion"))
    started, finished, sharing = st.columns(3)
    started.metric(t("dashboard.started"), report.started)
    finished.metric(t("dashboard.finished"), report.finished)
    sharing.metric(t("dashboard.shared") if own else t("report.sharing_label"), report.sharing)
    # Small tables are HTML tables (st.table): a screen reader reads them as tables, and on a phone
    # they wrap instead of hiding columns off-screen under a toolbar.
    if len(board.rounds) > 1:  # completion of every round of this team, latest first
        st.table(pd.DataFrame({
            t("lead.choose_round"): [t("lead.round_label", number=row.round.number,
                                       date=row.round.created_at.strftime("%Y-%m-%d")) for row in board.rounds],
            t("dashboard.started"): [row.started for row in board.rounds],
            t("dashboard.finished"): [row.finished for row in board.rounds],
        }), hide_index=True)

    _figures(report, board, names, own)
    if report.held_back:
        st.info(t("dashboard.held_back", count=report.held_back), icon=":material/hourglass_top:")
    _strengths(report)
    if report.shared:
        st.markdown(f"## {t('dashboard.members_title')}")
        st.dataframe(pd.DataFrame(
            [{t("export.name"): row.name, **{names[m]: row.scores[m] for m in MODES},
              t("export.top_mode"): t.join(names[m] for m in row.top_modes)} for row in report.shared]
        ), hide_index=True, width="stretch", key="members-table")
    _compare(board, team, chosen, names, compare_key)
    _trend(board)
    with st.container(key="no-print-tools"):  # reports, export, import, deletion: tools, never on paper
        reports.round_reports(team, chosen, board.printable, own)
        _export(team, chosen)
        if own:  # a coach sees the team; only its lead changes it
            _import_section(chosen)
            _danger_zone(team, chosen, report.started)


def _figures(report, board: teams.Dashboard, names, own: bool) -> None:
    t = session.catalog()
    figures = report.figures
    title = t("dashboard.profile_title_partial") if report.waiting and figures else t("dashboard.profile_title")
    st.markdown(f"## {title}")
    if figures is None:
        st.info(t("dashboard.no_figures", min=report.min_group), icon=":material/lock:")
        return
    if report.waiting:
        st.caption(t("dashboard.included_waiting", count=figures.count, min=report.min_group))
    else:
        st.caption(t("dashboard.included_all", count=figures.count))
    chart_col, map_col = st.columns([3, 2], gap="medium")
    with chart_col:
        a11y.chart(team_chart(report.visible, figures, board.texts, t, board.norms), "team-chart",
                   team_text(len(report.visible), figures, board.texts, t))
        st.caption(t("dashboard.profile_caption") if own else t("report.team_chart_caption"))
    with map_col:
        st.markdown(f"**{t('dashboard.map_title')}**")
        a11y.chart(position_map(figures.position, t("dashboard.team"), board.texts, t), "team-map",
                   map_text(figures.position, t("dashboard.team"), board.texts, t))
        st.caption(t("dashboard.map_caption"))

    st.markdown(f"## {t('dashboard.dominant_title')}")
    st.table(pd.DataFrame({t("dashboard.col_mode"): [names[m] for m in MODES],
                               t("dashboard.col_mean"): [t.number(figures.means[m]) for m in MODES],
                               t("dashboard.members_col"): [figures.dominant[m] for m in MODES]}),
                 hide_index=True)
    st.caption(t("dashboard.dominant_caption"))

    st.markdown(f"## {t('dashboard.blind_title')}")
    if not figures.blind_spots:
        st.success(t("dashboard.no_blind_spots"), icon=":material/verified:")
    for spot in figures.blind_spots:
        # Titles run on inside a sentence: lower-case their first letter ("the rude ... customer").
        situations = t.join(s.title[:1].lower() + s.title[1:] for s in spot.situations)
        st.warning(t("dashboard.blind_spot", mode=names[spot.mode], users=spot.users, included=figures.count,
                     situations=situations), icon=":material/visibility_off:")


def _strengths(report) -> None:
    t = session.catalog()
    st.markdown(f"## {t('dashboard.strengths_title')}")
    if report.strengths:
        st.table(pd.DataFrame({
            t("dashboard.situation_col"): [s.situation.title for s in report.strengths],
            t("dashboard.strongest_col"): [", ".join(s.names) for s in report.strengths],
        }), hide_index=True)
        st.caption(t("dashboard.strengths_caption"))
    elif not report.patterned:
        st.caption(t("dashboard.no_strengths"))
    if report.patterned:  # shared results whose answers follow one pattern say nothing about who suits what
        st.caption(t("dashboard.patterned_left_out", count=report.patterned))


def _option_label(option: teams.CompareOption) -> str:
    t = session.catalog()
    if option.kind == "round":
        return t("dashboard.compare_earlier", number=option.number)
    if option.kind == "team":
        return t("dashboard.compare_team", team=option.team, number=option.number)
    return t("dashboard.compare_org", count=option.count)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _compare_labels(board: teams.Dashboard, chosen, team_name: str) -> tuple[str, str]:
    """Short names of the two groups, for the chart's axis (it has to fit a phone)."""
    t = session.catalog()
    option = next(o for o in board.options if o.key == board.compare_key)
    this = t("dashboard.trend_round", number=chosen.number)
    if option.kind == "round":
        return this, t("dashboard.trend_round", number=option.number)
    if option.kind == "team":  # team against team: both by name, as the picker names the other
        return _short(team_name), _short(option.team)
    return this, t("dashboard.org_short")


def _compare(board: teams.Dashboard, team, chosen, names, compare_key: str) -> None:
    t = session.catalog()
    st.markdown(f"## {t('dashboard.compare_title')}")
    if board.organisation is None:
        st.caption(t("dashboard.org_later", min=board.organisation_minimum))
    if not board.options:
        st.caption(t("dashboard.compare_none"))
        return
    labels = distinct({option.key: _option_label(option) for option in board.options})
    st.session_state[compare_key] = board.compare_key
    st.selectbox(t("dashboard.compare_with"), list(labels), key=compare_key, format_func=labels.__getitem__)
    comparison = board.comparison
    if comparison is None or comparison.modes is None:
        st.info(t("dashboard.compare_hidden", min=session.store().min_group), icon=":material/lock:")
        return
    this, other = _compare_labels(board, chosen, team.name)
    with st.container(key="comparison-chart"):
        a11y.chart(comparison_chart(comparison, board.texts, t, this, other), "comparison-plot",
                   comparison_text(comparison, board.texts, t, this, other))
    st.caption(t("dashboard.compare_chart_caption"))
    st.caption(t("dashboard.noise_explained"))
    if board.compare_key == "org":
        st.caption(t("dashboard.org_caption"))
    with st.expander(t("dashboard.compare_table")):
        st.table(pd.DataFrame({
            t("dashboard.col_mode"): [names[d.mode] for d in comparison.modes],
            t("dashboard.col_this"): [t.number(d.mean_a) for d in comparison.modes],
            t("dashboard.col_other"): [t.number(d.mean_b) for d in comparison.modes],
            t("dashboard.col_difference"): [t.number(d.difference, sign=True) for d in comparison.modes],
            t("dashboard.col_note"): [t("dashboard.within_noise") if d.within_noise else t("dashboard.clear_difference")
                                      for d in comparison.modes],
        }), hide_index=True)
        typical = max(d.noise for d in comparison.modes)
        st.caption(t("dashboard.compare_caption", noise=t.number(typical)))


def _trend(board: teams.Dashboard) -> None:
    """The team's figures over its rounds, from three rounds on."""
    if board.trend is None:
        return
    t = session.catalog()
    st.markdown(f"## {t('dashboard.trend_title')}")
    if not board.trend.shown:
        st.caption(t("dashboard.trend_later", min=teams.TREND_ROUNDS))
        return
    with st.container(key="trend-chart"):
        a11y.chart(trend_chart(board.trend, board.texts, t), "trend-plot", trend_text(board.trend, board.texts, t))
    st.caption(t("dashboard.trend_caption"))


def _export(team, chosen) -> None:
    t = session.catalog()
    lang = session.lang()
    st.markdown(f"## {t('dashboard.export_title')}")
    st.caption(t("dashboard.export_text"))
    store, session_id = session.store(), st.session_state.get(session.LEAD_SESSION)

    # The files are built when a button is pressed, not on every rerun of the page, and only
    # while this tab's session is still live (the build runs outside the page's own run).
    def build(kind: str):
        return lambda: teams.export_for_session(store, session_id, chosen.id, lang, kind)

    columns = st.columns(3)
    for column, (kind, mime, icon) in zip(columns, (("xlsx", EXCEL_MIME, ":material/table:"),
                                                    ("csv", "text/csv", ":material/download:"),
                                                    ("zip", "application/zip", ":material/folder_zip:"))):
        column.download_button(t(f"dashboard.export_{kind}"), build(kind),
                               teams.export_file_name(team.name, chosen.number, lang, kind), mime,
                               key=f"export-{kind}", on_click="ignore", icon=icon, width="stretch")
    # What each file holds, in view (a tooltip is out of reach on a phone).
    st.caption("  \n".join(f"**{t(f'dashboard.export_{kind}')}**: {t(f'dashboard.export_{kind}_help')}"
                            for kind in ("xlsx", "csv", "zip")))


def _upload_key() -> str:
    """The uploader's key: a new one after a successful import, so the file imported is gone
    from the page and a second click cannot import it twice."""
    return f"import-file-{st.session_state.get(session.IMPORT_GENERATION, 0)}"


@messages.guarded
def _import(round_id: int) -> None:
    upload = st.session_state.get(_upload_key())
    if upload is None:
        st.session_state[session.IMPORT_OUTCOME] = "no_file"
        return
    outcome = teams.import_results(session.store(), session.lead_id(), round_id, upload.getvalue(),
                                   bool(st.session_state.get("import-shared")), session.lang(), upload.name)
    st.session_state[session.IMPORT_OUTCOME] = outcome
    if outcome.count:
        st.session_state[session.IMPORT_GENERATION] = st.session_state.get(session.IMPORT_GENERATION, 0) + 1


def _import_section(chosen) -> None:
    t = session.catalog()
    lang = session.lang()
    with st.container(border=True, key="import-section"):
        st.markdown(f"## {t('dashboard.import_title')}")
        st.markdown(t("dashboard.import_text"))
        csv_col, excel_col = st.columns(2)
        for column, kind, mime in ((csv_col, "csv", "text/csv"), (excel_col, "xlsx", EXCEL_MIME)):
            data, name = teams.import_template(lang, kind)
            column.download_button(t(f"dashboard.template_{kind}"), data, name, mime, key=f"template-{kind}",
                                   on_click="ignore", icon=":material/description:", width="stretch")
        # No file types and a generous size here: Streamlit would refuse those in English. The reader
        # refuses a file of the wrong kind or over its own limit, in the lead's language.
        st.file_uploader(t("dashboard.import_file"), key=_upload_key(), max_upload_size=UPLOAD_MB)
        st.checkbox(t("dashboard.import_shared"), key="import-shared", value=False)
        st.button(t("dashboard.import_button"), key="import", on_click=_import, args=(chosen.id,), type="primary")
        # The outcome right under the button the lead pressed.
        outcome = st.session_state.pop(session.IMPORT_OUTCOME, None)
        if outcome == "no_file":
            st.warning(t("dashboard.import_no_file"), icon=":material/upload_file:")
        if isinstance(outcome, teams.ImportOutcome) and outcome.count:
            message = t("dashboard.import_done", count=outcome.count, number=chosen.number)
            st.success(message, icon=":material/check:")
            st.toast(message, icon=":material/check:")
        if isinstance(outcome, teams.ImportOutcome) and outcome.problems:
            lines = []
            for problem in outcome.problems:
                text = t(f"import.{problem.code}", **{k: plain(str(v)) for k, v in problem.values.items()})
                lines.append(f"- {t('import.line', line=problem.line)}: {text}" if problem.line else f"- {text}")
            # "Correct these lines" only when some line is at fault, not for a file refused whole.
            intro = "dashboard.import_refused" if any(p.line for p in outcome.problems) else "dashboard.import_refused_file"
            st.error(t(intro) + "\n" + "\n".join(lines), icon=":material/error:")


@messages.guarded
def _delete_round(round_id: int, number: int, team: str, count: int) -> None:
    teams.delete_round(session.store(), session.lead_id(), round_id)
    session.drop(f"confirm-delete-round-{round_id}")
    messages.notice("dashboard.round_deleted" if count else "dashboard.round_deleted_empty", number=number, team=team,
                    count=count)


@messages.guarded
def _delete_team(team_id: int, team: str) -> None:
    teams.delete_team(session.store(), session.lead_id(), team_id)
    session.drop("team", f"confirm-delete-team-{team_id}")
    messages.notice("dashboard.team_deleted", team=team)


def _danger_zone(team, chosen, started: int) -> None:
    t = session.catalog()
    # Keyed and tracked: an untracked expander can fold shut when the page above it changes (a
    # notice), hiding the button the tick just enabled.
    with st.expander(t("dashboard.danger_title"), icon=":material/delete:", key="danger-zone", on_change="rerun"):
        st.markdown(f"**{t('dashboard.delete_round', number=chosen.number)}** · {t('dashboard.delete_round_text')}")
        sure = st.checkbox(t("dashboard.delete_confirm"), key=f"confirm-delete-round-{chosen.id}")
        st.button(t("dashboard.delete_round", number=chosen.number), key="delete-round", disabled=not sure,
                  on_click=_delete_round, args=(chosen.id, chosen.number, team.name, started))
        st.divider()
        name = plain(team.name)
        st.markdown(f"**{t('dashboard.delete_team', team=name)}** · {t('dashboard.delete_team_text')}")
        sure_team = st.checkbox(t("dashboard.delete_confirm"), key=f"confirm-delete-team-{team.id}")
        st.button(t("dashboard.delete_team", team=name), key="delete-team", type="primary", disabled=not sure_team,
                  on_click=_delete_team, args=(team.id, team.name))
