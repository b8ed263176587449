"""The playbook tab: advice cards for this agent's profile, most needed first."""
from __future__ import annotations

import streamlit as st

from services import agent

from . import session

_FIT_KEYS = {2: "fit_plus2", 1: "fit_plus1", 0: "fit_zero", -1: "fit_minus1", -2: "fit_minus2"}
_FIT_ICONS = {2: ":material/check_circle:", 1: ":material/add_circle:", 0: ":material/radio_button_unchecked:",
              -1: ":material/warning:", -2: ":material/block:"}


def _sources(seeds) -> str:
    return "; ".join(f"{seed.publisher}, “{seed.title}” ({seed.language})" for seed in seeds)


def _bullets(lines, numbered: bool = False) -> str:
    return "\n".join(f"{n}. {line}" if numbered else f"- {line}" for n, line in enumerate(lines, start=1))


def _card(screen: agent.Results, card, expanded: bool) -> None:
    t = session.catalog()
    names = {m: text.name for m, text in screen.texts.items()}
    situation = card.situation
    icon = ":material/health_and_safety:" if situation.safety else None
    with st.expander(situation.title, expanded=expanded, icon=icon, key=f"card-{situation.id}"):
        st.caption(situation.summary)
        st.markdown(f"**{t('playbook.why_title')}**")
        st.info(_bullets(r.text for r in screen.shown_reasons(card)), icon=":material/person:")
        st.markdown(f"**{t('playbook.needs_title')}.** {situation.needs}")
        st.markdown(f"**{t('playbook.modes_title')}**")
        ranked = sorted(situation.modes, key=lambda m: -m.fit)
        # Each text opens with its verdict ("Works best: ..."); the icons repeat it at a glance.
        st.markdown("\n".join(f"- {_FIT_ICONS[m.fit]} **{names[m.mode]}.** {m.why}" for m in ranked))
        st.caption(" · ".join(f"{_FIT_ICONS[fit]} {t('playbook.' + key)}" for fit, key in _FIT_KEYS.items()))
        st.markdown(f"**{t('playbook.steps_title')}**")
        st.markdown(_bullets(situation.steps, numbered=True))
        say, avoid = st.columns(2)
        say.markdown(f"**{t('playbook.say_title')}**\n\n" + _bullets(situation.say))
        avoid.markdown(f"**{t('playbook.avoid_title')}**\n\n" + _bullets(situation.avoid))
        escalate = f"**{t('playbook.escalate_title')}.** {situation.escalate}"
        if situation.safety:
            st.warning(f"**{t('playbook.safety')}.** {escalate}", icon=":material/emergency:")
        else:
            st.markdown(escalate)
        st.caption(t("playbook.sources", sources=_sources(situation.seeds)))


def render(screen: agent.Results) -> None:
    t = session.catalog()
    st.subheader(t("playbook.title"))
    st.write(t("playbook.intro"))
    st.markdown(f"#### {t('playbook.top_title')}")
    for index, card in enumerate(screen.featured):
        _card(screen, card, expanded=index == 0)
    st.markdown(f"#### {t('playbook.others_title')}")
    for card in screen.other_cards:
        _card(screen, card, expanded=False)

    st.markdown(f"#### {t('playbook.principles_title')}")
    for item in screen.principles:
        principle = item.principle
        with st.expander(principle.title, icon=":material/star:" if item.reasons else None,
                         key=f"principle-{principle.id}"):
            if item.reasons:
                st.markdown(f"**{t('playbook.especially')}:** " + " ".join(r.sentence for r in item.reasons))
            st.write(principle.text)
            st.caption(t("playbook.sources", sources=_sources(principle.seeds)))
