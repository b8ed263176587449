"""Conflict Style Coach: the Streamlit entry point (page config, language, navigation)."""
from __future__ import annotations

import streamlit as st

from views import about, assessment, lead, state

st.set_page_config(page_title="Conflict Style Coach", page_icon=":material/diversity_3:", layout="centered")

state.init_language()
t = state.catalog()

pages = [
    st.Page(assessment.render, title=t("nav.assessment"), icon=":material/quiz:", url_path="assessment",
            default=True),
    st.Page(lead.render, title=t("nav.lead"), icon=":material/groups:", url_path="lead"),
    st.Page(about.render, title=t("nav.about"), icon=":material/info:", url_path="about"),
]
page = st.navigation(pages, position="top")

header, picker = st.columns([3, 1], vertical_alignment="bottom")
header.caption(t("app.title"))
with picker:
    state.language_picker()

page.run()
