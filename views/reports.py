"""Download buttons for the printed reports: the agent's own on the results page, and a
round's reports on the dashboard (for its lead, or a coach they granted the team to).

Each file is made when its button is pressed, not on every rerun (the callable runs outside
the page's own run), so a page with ten buttons stays as fast as one without."""
from __future__ import annotations

import streamlit as st

from questionnaire import LANGUAGE_NAMES, LANGUAGES
from services import reports, teams

from . import session
from .text import distinct

PDF = "application/pdf"
PAPER = "report-paper"  # widget key: A4 or Letter
_PAPERS = ("a4", "letter")


def _paper(key: str = PAPER) -> str:
    t = session.catalog()
    return st.segmented_control(t("report.paper"), _PAPERS, default="a4", key=key,
                                format_func=lambda p: t(f"report.paper_{p}")) or "a4"


def own(token: str, name: str | None) -> None:
    """The agent's own report, in the language they use."""
    t = session.catalog()
    file_name = f"{reports.file_stem(name or '', 'conflict-style-report')}.pdf"
    with st.container(border=True, key="own-report"):
        st.markdown(f"**{t('report.own_title')}**")
        st.caption(t("report.own_text"))
        paper = _paper("own-paper")
        store = session.store()
        st.download_button(t("report.own_button"), lambda: reports.own_report(store, token, paper)[0],
                           file_name, PDF, key="own-report-pdf", on_click="ignore",
                           icon=":material/picture_as_pdf:", type="primary")


def round_reports(team, chosen, printable: tuple[tuple[int, str], ...], own: bool) -> None:
    """A round's reports: the team workshop report, each member who shares, all of them, the
    paper form and (for the team's lead, who imports) the import template. The files are
    named after the team and the people, so that a coach with many can tell them apart."""
    t = session.catalog()
    lang = session.lang()
    store, session_id = session.store(), st.session_state.get(session.LEAD_SESSION)
    stem = reports.file_stem(team.name, "team", chosen.number)
    st.markdown(f"## {t('report.download_title')}")  # a section of the page, on the results and the dashboard
    st.caption(t("report.download_text"))
    paper = _paper()

    def build(use_case, *args):
        return lambda: reports.for_session(store, session_id, use_case, chosen.id, *args)

    st.download_button(t("report.team_button"), build(reports.team_workshop, lang, paper), f"{stem}-workshop.pdf",
                       PDF, key="team-report", on_click="ignore", icon=":material/groups:", width="stretch")
    if printable:
        names = dict(printable)
        # Names are optional and may repeat: each member gets a label of their own.
        labels = distinct({member_id: name or t("report.no_name") for member_id, name in printable})
        pick, one = st.columns([3, 2], vertical_alignment="bottom")
        member = pick.selectbox(t("report.person_pick"), list(labels), key="report-member",
                                format_func=labels.__getitem__)
        one.download_button(t("report.person_button"), build(reports.member_report, member, paper),
                            f"{reports.file_stem(names.get(member, ''))}.pdf", PDF, key="member-report",
                            on_click="ignore",
                            icon=":material/person:", width="stretch")
        all_pdf, all_zip = st.columns(2)
        all_pdf.download_button(t("report.batch_button"), build(reports.batch, lang, paper, "pdf"),
                                f"{stem}.pdf", PDF, key="batch-pdf", on_click="ignore",
                                icon=":material/picture_as_pdf:", width="stretch")
        all_zip.download_button(t("report.zip_button"), build(reports.batch, lang, paper, "zip"),
                                f"{stem}.zip", "application/zip", key="batch-zip", on_click="ignore",
                                icon=":material/folder_zip:", width="stretch")
    else:
        st.caption(t("report.none_shared"))
    columns = st.columns(3 if own else 2, vertical_alignment="bottom")
    form_lang, form = columns[0], columns[1]
    chosen_lang = form_lang.selectbox(t("report.form_lang"), LANGUAGES, index=LANGUAGES.index(lang),
                                      key="form-lang", format_func=LANGUAGE_NAMES.get)
    form.download_button(t("report.form_button"), lambda: reports.answer_form(chosen_lang, paper),
                         f"answer-form-{chosen_lang}.pdf", PDF, key="answer-form", on_click="ignore",
                         icon=":material/checklist:", width="stretch")
    if own:  # only the team's lead imports results
        template, template_name = teams.import_template(lang, "csv")
        columns[2].download_button(t("report.template_button"), template, template_name, "text/csv",
                                   key="import-template", on_click="ignore", icon=":material/table_view:",
                                   width="stretch")
