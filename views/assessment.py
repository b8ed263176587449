"""The agent's page: welcome, Part 1, Part 2 or the results, whichever the agent is at."""
from __future__ import annotations

from services import agent

from . import leave, links, messages, questionnaire, results, scenarios, session, welcome


def render() -> None:
    messages.page(_render)


def _render() -> None:
    if leave.handing_over():
        leave.render_handover()
        return
    token = links.token()
    screen = agent.open_assessment(session.store(), token, links.param(links.JOIN), session.lang(),
                                   part2=links.in_part2(), reference=results.reference())
    if isinstance(screen, agent.Welcome):
        welcome.render(screen)
    elif isinstance(screen, agent.QuestionnaireScreen):
        questionnaire.render(token, screen)
    elif isinstance(screen, agent.ScenarioScreen):
        scenarios.render(token, screen)
    else:
        results.render(token, screen)
