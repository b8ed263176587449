"""Conflict Style Coach: the Streamlit script (page config, language, navigation).

Served by server.py (``make run``), which adds the routes that keep a lead signed in.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from views import a11y, about, assessment, browser, company_sign_in, language, lead, printing, session

# The icon is a file of the app's own: a Material icon name makes the browser fetch the picture
# from an outside site, which an offline or firewalled server never shows.
ICON = Path(__file__).parent / "views" / "assets" / "icon.png"
st.set_page_config(page_title="Conflict Style Coach", page_icon=str(ICON), layout="centered")

session.init_language()
t = session.catalog()
a11y.document(session.lang(), t)  # <html lang>: a screen reader reads the page in its own language
browser.follow_replica()  # after a failover to another replica, the page reloads (views/browser.py)

pages = [
    st.Page(assessment.render, title=t("nav.assessment"), icon=":material/quiz:", url_path="assessment",
            default=True),
    st.Page(lead.render, title=t("nav.lead"), icon=":material/groups:", url_path="lead"),
    st.Page(about.render, title=t("nav.about"), icon=":material/info:", url_path="about"),
]
page = st.navigation(pages, position="top")
company_sign_in.came_back(pages[1])  # back from the organisation's sign-in: on to the lead's page
printing.print_styles()  # how every page prints (views/printing.py)

# One row on every screen, a phone's too (a row of columns would stack and push the page down).
with st.container(horizontal=True, vertical_alignment="center", key="app-header"):
    st.caption(t("app.title"))
    language.picker()

page.run()
