"""Part 2 on the results page: the invitation, or the choices next to the recommended approach."""
from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from analysis import Profile, read_pressure
from questionnaire import load_mode_texts
from questionnaire.playbook import load_playbook

from . import scenarios, state
from .charts import PLOTLY_CONFIG, pressure_chart


def invitation(answered: int, compact: bool) -> None:
    """Offer Part 2 (or its continuation). ``compact`` for the strip above the tabs."""
    t = state.catalog()
    total = len(load_playbook(state.lang()).scenarios)
    label = t("part2.continue", answered=answered, total=total) if answered else t("part2.start")
    with st.container(border=True):
        if compact:
            text_col, button_col = st.columns([3, 1], vertical_alignment="center")
            text_col.markdown(f"**{t('part2.invite_title')}** · {t('part2.invite_text', total=total)}")
            button_col.button(label, key="start-part2", type="primary", width="stretch",
                              on_click=scenarios.start)
        else:
            st.markdown(f"**{t('part2.invite_title')}**")
            st.write(t("part2.invite_text", total=total))
            st.button(label, key="start-part2-tab", type="primary", on_click=scenarios.start)


def render(choices: Mapping[str, str], profile: Profile) -> None:
    t = state.catalog()
    lang = state.lang()
    texts = load_mode_texts(lang)
    names = {m: text.name for m, text in texts.items()}
    reading = read_pressure(choices, profile, lang)

    st.subheader(t("pressure.title"))
    st.markdown(f"**{reading.headline}**")
    st.write(t("pressure.matched", matched=reading.matched, total=reading.answered))
    st.markdown(f"**{t('pressure.chart_title')}**")
    st.plotly_chart(pressure_chart(reading, texts, t), config=PLOTLY_CONFIG, key="pressure-chart")
    st.caption(t("pressure.chart_caption"))

    st.markdown(f"#### {t('pressure.scenarios_title')}")
    for number, outcome in enumerate(reading.outcomes, start=1):
        scenario = outcome.scenario
        icon = ":material/check_circle:" if outcome.matched else ":material/swap_horiz:"
        with st.expander(f"{number}. {outcome.situation.title}", icon=icon, key=f"outcome-{scenario.id}"):
            st.caption(scenario.prompt)
            recommended = outcome.recommended.mode
            if outcome.chosen:
                st.markdown(f"**{t('pressure.your_choice')} ({names[outcome.chosen]}):** "
                            f"{scenario.responses[outcome.chosen]}")
            if outcome.matched:
                st.success(t("pressure.same"), icon=":material/check:")
            else:
                st.markdown(f"**{t('pressure.recommended')} ({names[recommended]}):** "
                            f"{scenario.responses[recommended]}")
            st.markdown(f"**{t('pressure.why')}.** {scenario.why}")
            if outcome.chosen_fit and not outcome.matched:
                st.markdown(f"**{t('pressure.about_choice')}.** {outcome.chosen_fit.why}")
