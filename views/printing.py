"""How a page prints (the browser's own Print, Ctrl+P): the content, all of it, and nothing to
click, type or keep private.

One ``<style>`` of ``@media print`` rules, added to every page from app.py. Streamlit 1.67
renders every tab's panel (the inactive ones with ``display: none``) and every expander as a
``<details>`` whose content is in the page while closed, so CSS alone can show them all:
the panels are shown one after the other, each under its tab's label, and a closed
``<details>`` shows its content through Chromium's ``::details-content``.

Sections that must never print (an agent's resume link, a lead's export, import and delete
tools) sit in ``st.container(key="no-print-…")``, which Streamlit marks with the class
``st-key-no-print-…``. Cards that should stay on one page have a key that starts with
``box-`` (``st-key-box-…``).

The rules hold no "<": the browser-side sanitizer of st.html drops a ``<style>`` whose text
looks like it holds a tag (a comment naming ``<details>`` was enough).
"""
from __future__ import annotations

import streamlit as st

# Streamlit's own data-testid attributes and st-key-* classes: checked against the DOM of
# Streamlit 1.67 in Chromium (tests/e2e/test_print.py prints both pages to PDF).
_HIDDEN = ", ".join([
    # the app's frame: header bar, toolbar, navigation, status, toasts, dialogs
    '[data-testid="stHeader"]', '[data-testid="stToolbar"]', '[data-testid="stDecoration"]',
    '[data-testid="stSidebar"]', '[data-testid="stSidebarCollapsedControl"]', '[data-testid="stTopNav"]',
    '[data-testid="stStatusWidget"]', '[data-testid="stToastContainer"]', '[data-testid="stToast"]',
    '[data-testid="stDialog"]', '[role="dialog"]', '[data-testid="stSkipToContent"]',
    # what is there to click or type
    '[data-testid="stElementContainer"]:has(> [data-testid="stButton"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stDownloadButton"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stFileUploader"])',
    # (but the lead page's team and round: they say what a printed dashboard is about)
    '[data-testid="stElementContainer"]:not(.st-key-team):not([class*="st-key-round-"])'
    ':has(> [data-testid="stSelectbox"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stMultiSelect"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stTextInput"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stNumberInput"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stCheckbox"])',
    '[data-testid="stElementContainer"]:has(> [data-testid="stRadio"])',
    '[data-testid="stButton"]', '[data-testid="stDownloadButton"]', '[data-testid="stFileUploader"]',
    ':not(.st-key-team):not([class*="st-key-round-"]) > [data-testid="stSelectbox"]',
    '[data-testid="stTextInput"]', '[data-testid="stForm"]', '[data-testid="stPopover"]',
    '[data-testid="stElementContainer"]:has(> [data-testid="stPopover"])',
    '[data-testid="stExpander"]:has([data-testid="stForm"])',
    '[data-testid="stElementToolbar"]', '[data-testid="stCode"] button', ".modebar-container",
    # sections marked as not for paper (the resume link; a lead's export, import, deletion)
    '[class*="st-key-no-print"]',
])

_KEEP_WHOLE = ", ".join([
    '[data-testid="stPlotlyChart"]', '[data-testid="stFullScreenFrame"]',
    '[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"])',
    '[data-testid="stDataFrame"]', '[data-testid="stElementContainer"]:has([data-testid="stDataFrame"])',
    '[data-testid="stTable"]',
    '[data-testid="stMetric"]', '[data-testid="stAlert"]', '[data-testid="stImage"]',
    '[class*="st-key-box-"]',
    # Columns side by side: Chromium can overlap what follows a row split across two pages.
    # (Streamlit itself stacks a row of charts on paper; that one may break between them.)
    '[data-testid="stHorizontalBlock"]:not(:has([data-testid="stPlotlyChart"]))',
])

_CSS = f"""
@media print {{
  /* 190 mm of A4 hold the 704 px of the screen's centred column: tables drawn on a canvas
     at their screen width are not cut off at the right. */
  @page {{ margin: 12mm 10mm; }}
  /* The app scrolls inside a screen-high box: on paper it flows onto as many pages as needed. */
  html, body, #root, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stAppViewContainer"] > div, [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{
    height: auto !important; min-height: 0 !important; max-height: none !important;
    overflow: visible !important; position: static !important;
  }}
  [data-testid="stMainBlockContainer"] {{ padding: 0 !important; }}

  {_HIDDEN} {{ display: none !important; }}

  /* Every tab: its label as a heading, then its panel, one tab after the other (a grid puts
     the labels of the tab list between the panels; up to eight tabs), each on a new page. */
  [data-testid="stTabs"] > div:has(> [role="tablist"]) {{
    display: grid !important; grid-template-columns: 100%;
  }}
  [data-testid="stTabs"] [role="tablist"] {{ display: contents !important; }}
  [data-testid="stTabs"] [role="tablist"] > :not([data-testid="stTab"]) {{ display: none !important; }}
  [data-testid="stTab"] {{
    display: block !important; font-size: 1.5rem; font-weight: 700; padding: 0; margin: 1.25rem 0 0.5rem;
    border: none !important; background: none !important; color: inherit !important; break-after: avoid;
  }}
  [data-testid="stTab"] ~ [data-testid="stTab"] {{ break-before: page; }}
  [data-testid="stTab"] .react-aria-SelectionIndicator {{ display: none !important; }}
  [data-testid="stTab"] * {{ font-size: inherit !important; font-weight: inherit !important; }}
  [data-testid="stTabPanel"] {{
    display: block !important; visibility: visible !important; height: auto !important;
    overflow: visible !important; padding-top: 0 !important;
  }}
  {"".join(f'''
  [data-testid="stTab"]:nth-child({n} of [data-testid="stTab"]) {{ grid-row: {2 * n - 1}; }}
  [data-testid="stTabPanel"]:nth-child({n} of [data-testid="stTabPanel"]) {{ grid-row: {2 * n}; }}'''
           for n in range(1, 9))}

  /* Every expander printed open (a closed details element keeps its content in ::details-content). */
  [data-testid="stExpander"] details::details-content {{
    content-visibility: visible !important; display: block !important; height: auto !important;
  }}
  [data-testid="stExpanderDetails"] {{
    display: block !important; height: auto !important; max-height: none !important;
    overflow: visible !important; visibility: visible !important; opacity: 1 !important;
  }}
  [data-testid="stExpander"] summary {{ break-after: avoid; }}
  [data-testid="stExpander"] summary span:has(> [data-testid="stIconMaterial"]) {{ display: none !important; }}

  /* Charts, tables and cards stay on one page; a heading stays with what follows it. */
  {_KEEP_WHOLE} {{ break-inside: avoid; }}
  h1, h2, h3, h4, h5, h6,
  [data-testid="stElementContainer"]:has(h1, h2, h3, h4, h5, h6),
  [data-testid="stElementContainer"]:has(+ [data-testid="stElementContainer"] :is(
    [data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stAlert"])),
  [data-testid="stElementContainer"]:has(+ [data-testid="stLayoutWrapper"] [data-testid="stPlotlyChart"]) {{
    break-after: avoid;
  }}
}}
"""
# The two choices that say what a printed dashboard is about (the team, the round) print as
# they show, without their arrows; every other input stays off paper.
_CSS += """
@media print {
  .st-key-team, [class*="st-key-round-"] { display: block !important; break-after: avoid; }
  .st-key-team svg, [class*="st-key-round-"] svg { display: none !important; }
}
"""
# On screen: Streamlit's "Press Enter to submit form" under a field in a form is English on every
# page (it has no translation); the forms' buttons say what to do.
_CSS += """
[data-testid="InputInstructions"] { display: none !important; }
"""
if "<" in _CSS:  # see the module's docstring
    raise RuntimeError("the print styles must not contain '<'")
STYLE = f"<style>{_CSS}</style>"


def print_styles() -> None:
    """Add the print rules to the page (a style-only st.html takes no room on screen)."""
    st.html(STYLE)
