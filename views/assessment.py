"""The agent's page: welcome, questionnaire or results, depending on where they stand."""
from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from . import questionnaire, results, scenarios, state, welcome

log = logging.getLogger(__name__)


def render() -> None:
    state.show_flash()
    try:
        _render_stage()
    except SQLAlchemyError:
        # The database is down or unreachable: say so in the user's language. Everything
        # already saved stays in the database; the resume link in the URL still works later.
        log.exception("database unavailable")
        st.error(state.catalog().t("errors.unavailable"), icon=":material/cloud_off:")


def _render_stage() -> None:
    token = state.token()
    respondent = state.respondent()
    if respondent is None:
        welcome.render(bad_link=token is not None)
    elif not respondent.submitted:
        questionnaire.render(token)
    elif state.view() == state.PART2 and not respondent.scenarios_done:
        scenarios.render(token)
    else:
        results.render(token, respondent)
