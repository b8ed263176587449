"""The agent's page: welcome, questionnaire or results, depending on where they stand."""
from __future__ import annotations

from . import questionnaire, results, state, welcome


def render() -> None:
    token = state.token()
    respondent = state.respondent()
    if respondent is None:
        welcome.render(bad_link=token is not None)
    elif respondent.submitted:
        results.render(token, respondent.name)
    else:
        questionnaire.render(token)
