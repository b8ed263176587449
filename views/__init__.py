"""Streamlit pages. They read widgets, call the core packages and render what they return."""
