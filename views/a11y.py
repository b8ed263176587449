"""What a keyboard and a screen reader need that Streamlit does not do by itself: the page's
language, where the focus and the eyes go after a screen changes, which answer is chosen, and
a text for every chart.

Streamlit has no API for these, so one small script per page sets them in the browser (an
``st.html`` with ``unsafe_allow_javascript``; it runs in the app's own document). The script
runs when its element is new, that is when what it says changes: a rerun that leaves the
screen as it was (a language picker opened, an expander folded) moves no focus.

Selectors name Streamlit's ``st-key-<key>`` classes of the page's own keyed containers and
widgets, checked against Streamlit 1.67 in Chromium (tests/e2e/test_accessibility.py).
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import streamlit as st

from reports.charts import PLOTLY_CONFIG

# Waits (in the browser) up to 10 s for an element, as Streamlit draws a page in pieces. The text
# holds nothing that looks like a tag: the browser-side sanitizer of st.html would drop the script.
_RUNTIME = """
(function (spec) {
  function when(selector, act, tries) {
    var found = document.querySelector(selector);
    if (found) { act(found); return; }
    if ((tries || 0) < 100) { setTimeout(function () { when(selector, act, (tries || 0) + 1); }, 100); }
  }
  if (!window.cscWatching) {
    window.cscWatching = true;
    // Has the person done anything yet? (A page just opened keeps the browser's own start.)
    ["keydown", "pointerdown"].forEach(function (kind) {
      document.addEventListener(kind, function () { window.cscInteracted = true; }, true);
    });
    // Whatever Streamlit draws later: an icon is decoration next to its words (a screen reader
    // would read its English name, "check_circle"), and inside a chart named as one picture the
    // axis numbers and labels are not read one by one.
    var quiet = window.cscQuiet = function () {
      document.querySelectorAll('[data-testid="stIconMaterial"]:not([aria-hidden]), ' +
                                '[role="img"] .js-plotly-plot:not([aria-hidden])')
        .forEach(function (el) { el.setAttribute("aria-hidden", "true"); });
      // Streamlit names its own controls in English: in the page's language instead.
      var names = window.cscNames || {};
      document.querySelectorAll("[aria-label]").forEach(function (el) {
        var name = el.getAttribute("aria-label"), own = names[name];
        if (!own) {
          var cut = name.indexOf(": ");  // "Fullscreen: " and the picture's own name
          if (cut > 0 && names[name.slice(0, cut)]) { own = names[name.slice(0, cut)] + name.slice(cut); }
          else if (name.indexOf("Help for ") === 0 && names["Help for"]) { own = names["Help for"] + name.slice(8); }
        }
        if (own && own !== name) { el.setAttribute("aria-label", own); }
      });
      document.querySelectorAll("a").forEach(function (el) {
        var own = names[el.textContent.trim()];
        if (own && own !== el.textContent.trim() && el.children.length === 0) { el.textContent = own; }
      });
    };
    new MutationObserver(quiet).observe(document.body,
      {childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label"]});
  }
  if (spec.names) { window.cscNames = spec.names; }
  window.cscQuiet();
  if (spec.lang) { document.documentElement.lang = spec.lang; }
  (spec.pressed || []).forEach(function (entry) {
    when(entry[0], function (el) { el.setAttribute("aria-pressed", entry[1] ? "true" : "false"); });
  });
  (spec.images || []).forEach(function (entry) {
    when(entry[0], function (el) {
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", entry[1]);
      window.cscQuiet();  // the chart may be drawn already
    });
  });
  if (spec.focus && window.cscInteracted) {
    when(spec.focus, function (el) {
      if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
      el.focus({preventScroll: true});
      if (spec.scroll === "top") {
        for (var box = el.parentElement; box; box = box.parentElement) {
          if (box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY)) {
            box.scrollTop = 0;
          }
        }
        window.scrollTo(0, 0);
      } else {
        el.scrollIntoView({block: "start"});
      }
    });
  }
})(%s);
"""

# Headings that take the focus sit below the sticky top bar when scrolled to; the focused one
# shows a ring like any control. Long answers read from the left, as text does.
_STYLE = """
<style>
[class*="st-key-landing-"] h1, [class*="st-key-landing-"] h2, [class*="st-key-landing-"] h3 { scroll-margin-top: 4.5rem; }
[class*="st-key-landing-"] [tabindex="-1"]:focus-visible { outline: 2px solid currentColor; outline-offset: 1px; }
/* No "Link to heading" after every heading: an English name and a Tab stop each, of no use here. */
[data-testid="stHeaderActionElements"] { display: none; }
/* A folded sidebar (the page links on a phone) sits off-screen: out of the Tab order too. */
[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden; }
[class*="st-key-choice-"] button, [class*="st-key-pick-"] button { justify-content: flex-start; text-align: left; }
[class*="st-key-choice-"] button p, [class*="st-key-pick-"] button p { text-align: left; }
[class*="st-key-choice-"] button [data-testid="stMarkdownContainer"], [class*="st-key-pick-"] button [data-testid="stMarkdownContainer"] { text-align: left; }
[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script:only-child) { display: none; }
.st-key-app-header [data-testid="stCaptionContainer"] { flex: 1 1 auto; }
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 4rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.75rem; }
  [data-testid="stMainBlockContainer"] h2 { font-size: 1.35rem; }
  [data-testid="stMainBlockContainer"] h3 { font-size: 1.15rem; }
  [data-testid="stMainBlockContainer"] h4 { font-size: 1.05rem; }
  [data-testid="stMainBlockContainer"] h5, [data-testid="stMainBlockContainer"] h6 { font-size: 1rem; }
  /* a table's tools (search, download, full screen) would cover its headings on a touch screen */
  [data-testid="stElementToolbar"] { display: none; }
}
</style>
"""


def key_selector(key: str, inner: str = "") -> str:
    """The CSS selector of a keyed Streamlit element (and something inside it)."""
    return f".st-key-{key} {inner}".strip()


# Streamlit's own controls, by the English name it gives them, and our catalog's name for each.
STREAMLIT_NAMES = {
    "Skip to main content": "a11y.skip", "Main menu": "a11y.main_menu", "Open": "a11y.open", "Close": "a11y.close",
    "progress": "a11y.progress", "Fullscreen": "a11y.fullscreen", "Show password": "a11y.show_password",
    "Hide password": "a11y.hide_password", "Upload": "a11y.upload", "Show/hide columns": "a11y.columns",
    "Search": "a11y.search", "Download as CSV": "a11y.download_csv", "Expand sidebar": "a11y.expand_sidebar",
    "Collapse sidebar": "a11y.collapse_sidebar", "Help for": "a11y.help_for",
}


def document(lang: str, t) -> None:
    """Every page: the document's language (so a screen reader speaks Swedish as Swedish), the
    names of Streamlit's own controls in it, and the styles above."""
    st.html(_STYLE)
    _run({"lang": lang, "names": {english: t(key) for english, key in STREAMLIT_NAMES.items()}})


def screen(name: str, *, focus: str | None = None, top: bool = True, pressed: Mapping[str, bool] | None = None,
           images: Sequence[tuple[str, str]] = ()) -> None:
    """A screen's promises, where the page's last element is: ``focus``, the selector of the element
    that takes the focus when the screen is new after something the person did (a page just opened
    keeps the browser's own start), with the page scrolled to its top (``top``) or to that element; ``pressed``, toggle buttons' selectors and whether each is on; ``images``,
    (selector, text) of charts and pictures to be read as one image with that text. ``name``
    tells screens apart (the question on it)."""
    _run({"screen": name, "focus": focus, "scroll": "top" if top else "element",
          "pressed": sorted((pressed or {}).items()), "images": list(images)})


def landing(key: str):
    """A container whose heading takes the focus when the screen is new: ``landing(...)`` then
    ``screen(..., focus=heading("..."))``."""
    return st.container(key=f"landing-{key}")


def heading(key: str, level: int = 1) -> str:
    return key_selector(f"landing-{key}", f"h{level}")


def payload(spec: dict) -> str:
    """The spec as a script literal. No "<" in it, so nothing in a label (a team's name) can end the
    script or open a comment: in JSON "<" only occurs inside strings, where \\u003c means the same."""
    return json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")


def _run(spec: dict) -> None:
    st.html(f"<script>{_RUNTIME % payload(spec)}</script>", unsafe_allow_javascript=True, width="content")


def chart(figure, key: str, text: str, **options) -> None:
    """A Plotly chart that a screen reader reads as one picture named by ``text`` (its text
    alternative), drawn with the chart's own colours: Streamlit's theme would grey its labels
    below 4.5:1 contrast on the white the charts are drawn on."""
    with st.container(key=f"chart-{key}"):
        st.plotly_chart(figure, config=PLOTLY_CONFIG, key=key, theme=None, **options)
    _run({"images": [[key_selector(f"chart-{key}", '[data-testid="stPlotlyChart"]'), text]]})
