"""The agent's page: welcome, questionnaire or results, depending on where they stand."""
from __future__ import annotations

from . import questionnaire, results, scenarios, state, welcome


def render() -> None:
    state.render_page(_render_stage)


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
