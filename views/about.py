"""About the product and privacy."""
from __future__ import annotations

import streamlit as st

from . import state


def render() -> None:
    t = state.catalog()
    st.title(t("about.title"))
    st.markdown(t("about.body"))
