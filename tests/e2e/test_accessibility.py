"""WCAG 2.1 AA in real Chromium: axe-core (the copy bundled by axe-playwright-python) over every
main page, at a phone's and a desktop's width, in English and Swedish, in the light and the dark
theme; and what axe cannot judge alone: the page's language, one heading structure, a text for
every chart and picture, map labels that do not overlap, Start on a phone's first screen, and
nothing fetched from another site.

Every page is photographed into tests/e2e/artifacts/ (kept by CI, not committed)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from questionnaire import load_catalog
from services import accounts, agent, teams
from storage import Store
from tests.seeding import finished_assessment
from views.a11y import STREAMLIT_NAMES

from .conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser

ORDERS = [
    ("avoiding", "accommodating", "compromising", "collaborating", "competing"),
    ("accommodating", "collaborating", "compromising", "avoiding", "competing"),
    ("collaborating", "competing", "compromising", "accommodating", "avoiding"),
    ("competing", "compromising", "collaborating", "avoiding", "accommodating"),
]
PASSWORD = "blue ferry lantern moss"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Look:
    lang: str
    width: int
    height: int
    scheme: str  # the browser's colour scheme; Streamlit follows it

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.width}-{self.scheme}"


# Each language at each width, and each theme at each width.
LOOKS = [Look("en", 1280, 900, "light"), Look("en", 360, 640, "dark"), Look("sv", 1280, 900, "dark"),
         Look("sv", 360, 640, "light")]


def _axe_script() -> str:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def _heading_problems(levels: list[int]) -> list[str]:
    """One H1, first; no level skipped on the way down."""
    problems = []
    if levels.count(1) != 1 or levels[0] != 1:
        problems.append(f"headings {levels}: one H1 first")
    problems += [f"H{b} after H{a}" for a, b in zip(levels, levels[1:]) if b > a + 1]
    return problems


def test_the_heading_rule_catches_a_skip_and_a_second_title():
    assert _heading_problems([1, 2, 3, 3, 2, 3, 4]) == []
    assert _heading_problems([1, 3]) == ["H3 after H1"]
    assert _heading_problems([2, 1]) and _heading_problems([1, 2, 1])


def _overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes) if i < j
            and a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]]


def _inspect(page, look: Look, name: str, problems: list[str]) -> None:
    """axe's serious and critical violations, the language, the headings, the charts' texts; and a
    photograph of the whole page."""
    settle(page)
    page.wait_for_timeout(1200)  # the charts and the page's own script finish after the rerun
    page.evaluate(_axe_script())
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    for violation in result["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [node["target"] for node in violation["nodes"][:3]]
            summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")[:300]
            problems.append(f"{look.name} {name}: {violation['id']} ({violation['impact']}) at {targets}: {summary}")
    lang = page.evaluate("document.documentElement.lang")
    if lang != look.lang:
        problems.append(f"{look.name} {name}: <html lang={lang!r}>")
    levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))")
    problems += [f"{look.name} {name}: {p}" for p in _heading_problems(levels)]
    charts = page.locator("[data-testid=stPlotlyChart]")
    for chart in charts.all():
        if chart.get_attribute("role") != "img" or not (chart.get_attribute("aria-label") or "").strip():
            problems.append(f"{look.name} {name}: a chart without a text alternative")
        elif chart.locator(".js-plotly-plot").get_attribute("aria-hidden") != "true":
            problems.append(f"{look.name} {name}: a chart's labels are read one by one besides its text")
    if look.lang != "en":  # Streamlit's own controls are named in the page's language too
        names = page.evaluate("[...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label'))"
                              ".concat([...document.querySelectorAll('a')].map(a => a.textContent.trim()))")
        english = sorted({label for label in names if label in STREAMLIT_NAMES
                          or label.startswith(("Fullscreen: ", "Help for "))})
        if english:
            problems.append(f"{look.name} {name}: controls named in English: {english}")
    # An icon's name is English ("check_circle"): decoration, never read out.
    spoken = page.locator('[data-testid="stIconMaterial"]:not([aria-hidden="true"])').count()
    if spoken:
        problems.append(f"{look.name} {name}: {spoken} icons read out by name")
    for image in page.locator("[data-testid=stImage] img").all():
        if not (image.get_attribute("alt") or "").strip():
            problems.append(f"{look.name} {name}: a picture without a text alternative")
    for key in ("mode-map", "team-map"):
        labels = page.locator(f".st-key-{key} g.annotation")
        if labels.count():
            boxes = [box for box in (label.bounding_box() for label in labels.all()) if box]
            if _overlapping(boxes):
                problems.append(f"{look.name} {name}: map labels overlap on screen: {_overlapping(boxes)}")
    _photograph(page, look, name)


def _photograph(page, look: Look, name: str) -> None:
    """The whole page: Streamlit scrolls inside its own container, so the window is made as tall."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.evaluate("Math.max(...[...document.querySelectorAll('[data-testid=stMain], body')]"
                           ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": look.width, "height": min(max(height, look.height), 12000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / f"a11y-{look.name}-{name}.png"))
    page.set_viewport_size({"width": look.width, "height": look.height})
    page.wait_for_timeout(300)


@pytest.mark.parametrize("look", LOOKS, ids=lambda look: look.name)
def test_every_main_page_meets_wcag_aa(server, browser, tmp_path, look):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    t = load_catalog(look.lang)
    finished = finished_assessment(store, look.lang, "Åsa Lind", ORDERS[0], part2=True)
    part1_only = finished_assessment(store, look.lang, "Bo", ORDERS[1])
    fresh = agent.start(store, look.lang, None, None, False)
    lead = accounts.create_lead(store, "Karin Berg", "karin@example.se", PASSWORD)
    team = teams.create_team(store, lead.id, "Support Malmö")
    for number, order in enumerate(ORDERS, start=1):
        finished_assessment(store, look.lang, f"Agent {number}", order, invite_code=team.rounds[0].invite_code)

    context = browser.new_context(locale=look.lang, color_scheme=look.scheme,
                                  viewport={"width": look.width, "height": look.height})
    page = context.new_page()
    problems: list[str] = []
    # Nothing from outside (an icon, a font): a firewalled server's pages must be whole.
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((server, "data:", "blob:")) else None)

    page.goto(f"{server}/?lang={look.lang}")
    page.get_by_role("heading", name=t("welcome.title")).wait_for()
    if look.width <= 360:  # Start on the first screen of a small phone, without scrolling
        settle(page)
        box = page.locator(".st-key-start button").bounding_box()
        if not box or box["y"] + box["height"] > look.height:
            problems.append(f"{look.name} welcome: Start is below the fold ({box})")
    _inspect(page, look, "welcome", problems)

    page.goto(f"{server}/?r={fresh}&lang={look.lang}")
    page.get_by_role("heading", name=t("questionnaire.heading", number=1, total=30)).wait_for()
    _inspect(page, look, "question", problems)

    page.goto(f"{server}/?r={part1_only}&view=part2&lang={look.lang}")
    page.get_by_role("heading", name=t("scenarios.invite_title")).wait_for()
    _inspect(page, look, "part2", problems)

    page.goto(f"{server}/?r={finished}&lang={look.lang}")
    page.get_by_role("heading", name=t("results.title")).wait_for()
    page.locator(".st-key-mode-map g.annotation").first.wait_for(state="attached")
    _inspect(page, look, "results-profile", problems)
    for tab, key in (("results.tab_playbook", "results-playbook"), ("results.tab_scenarios", "results-scenarios")):
        page.get_by_role("tab", name=t(tab)).click()
        page.get_by_role("tab", name=t(tab), selected=True).wait_for()
        _inspect(page, look, key, problems)

    page.goto(f"{server}/lead?lang={look.lang}")
    page.get_by_role("heading", name=t("lead.title")).wait_for()
    _inspect(page, look, "lead-sign-in", problems)
    page.locator(".st-key-signin-email input").fill("karin@example.se")
    page.locator(".st-key-signin-password input").fill(PASSWORD)
    page.locator(".st-key-sign-in button").click()
    page.get_by_role("heading", name=t("dashboard.profile_title")).wait_for()
    page.locator(".st-key-team-map g.annotation").first.wait_for(state="attached")
    _inspect(page, look, "dashboard", problems)
    context.close()

    assert problems == []
    assert outside == []
