"""Part 2 on the results page: the invitation, or each choice beside the recommended approach."""
from __future__ import annotations

import streamlit as st

from reports.alt_text import scenario_text
from reports.charts import scenario_chart
from services import agent

from . import a11y, messages, scenarios, session


def invitation(screen: agent.Results, compact: bool) -> None:
    """Offer Part 2 (or its continuation). ``compact`` for the strip above the tabs."""
    t = session.catalog()
    total, answered = screen.scenarios_total, screen.scenarios_answered
    label = t("scenarios.continue", answered=answered, total=total) if answered else t("scenarios.start")
    with st.container(border=True, key="box-part2-strip" if compact else "box-part2-invite"):
        if compact:
            text_col, button_col = st.columns([3, 1], vertical_alignment="center")
            text_col.markdown(f"**{t('scenarios.invite_title')}** · {t('scenarios.invite_text', total=total)}")
            button_col.button(label, key="start-part2", type="primary", width="stretch",
                              on_click=messages.guarded(scenarios.start))
        else:
            st.markdown(f"**{t('scenarios.invite_title')}**")
            st.write(t("scenarios.invite_text", total=total))
            st.button(label, key="start-part2-tab", type="primary", on_click=messages.guarded(scenarios.start))


def render(screen: agent.Results) -> None:
    t = session.catalog()
    reading = screen.scenarios
    names = {m: text.name for m, text in screen.texts.items()}
    with a11y.landing(session.PART2_DONE):  # where the focus lands when Part 2 is just finished
        st.subheader(t("scenario_results.title"))
    st.markdown(f"**{reading.headline}**")
    st.write(t("scenario_results.matched", matched=reading.matched, total=reading.answered))
    st.markdown(f"**{t('scenario_results.chart_title')}**")
    a11y.chart(scenario_chart(reading, screen.texts, t), "scenario-chart", scenario_text(reading, screen.texts, t))
    st.caption(t("scenario_results.chart_caption"))

    st.markdown(f"#### {t('scenario_results.scenarios_title')}")
    for number, outcome in enumerate(reading.outcomes, start=1):
        scenario = outcome.scenario
        icon = ":material/check_circle:" if outcome.matched else ":material/swap_horiz:"
        # The icon says it at a glance; the words say it to a screen reader too.
        verdict = t("scenario_results.outcome_same") if outcome.matched else t("scenario_results.outcome_other")
        with st.expander(f"{number}. {outcome.situation.title} · {verdict}", icon=icon, key=f"outcome-{scenario.id}"):
            st.caption(scenario.prompt)
            recommended = outcome.recommended.mode
            if outcome.chosen:
                st.markdown(f"**{t('scenario_results.your_choice')} ({names[outcome.chosen]}):** "
                            f"{scenario.responses[outcome.chosen]}")
            if outcome.matched:
                st.success(t("scenario_results.same"), icon=":material/check:")
            else:
                st.markdown(f"**{t('scenario_results.recommended')} ({names[recommended]}):** "
                            f"{scenario.responses[recommended]}")
            st.markdown(f"**{t('scenario_results.why')}.** {scenario.why}")
            if outcome.chosen_fit and not outcome.matched:
                st.markdown(f"**{t('scenario_results.about_choice')}.** {outcome.chosen_fit.why}")
