"""Conflict Style Coach: the Streamlit script (page config, language, navigation).

Served by server.py (``make run``), which adds the routes that keep a lead signed in.
"""
from __future__ import annotations

import streamlit as st

from views import about, assessment, language, lead, printing, session

st.set_page_config(page_title="Conflict Style Coach", page_icon=":material/diversity_3:", layout="centered")

session.init_language()
t = session.catalog()

pages = [
    st.Page(assessment.render, title=t("nav.assessment"), icon=":material/quiz:", url_path="assessment",
            default=True),
    st.Page(lead.render, title=t("nav.lead"), icon=":material/groups:", url_path="lead"),
    st.Page(about.render, title=t("nav.about"), icon=":material/info:", url_path="about"),
]
page = st.navigation(pages, position="top")
printing.print_styles()  # how every page prints (views/printing.py)

header, picker = st.columns([3, 1], vertical_alignment="bottom")
header.caption(t("app.title"))
with picker:
    language.picker()

page.run()
