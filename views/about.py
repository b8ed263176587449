"""About the product and privacy."""
from __future__ import annotations

import streamlit as st

from . import session


def render() -> None:
    t = session.catalog()
    st.title(t("about.title"))
    st.markdown(t("about.body"))
