"""The browser's own Print (Ctrl+P) of the results page and of the team dashboard, in real
Chromium: every tab and every card, whole charts, several pages, and no resume link, button or
tool on paper (views/printing.py). Each PDF is kept in the test's tmp_path with a PNG per page
(pdftoppm), so a failure leaves pictures to look at."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest

from questionnaire import load_catalog
from services import accounts, agent, teams
from storage import Store
from tests.seeding import finished_assessment

pytestmark = pytest.mark.browser

ORDERS = [
    ("avoiding", "accommodating", "compromising", "collaborating", "competing"),
    ("accommodating", "collaborating", "compromising", "avoiding", "competing"),
    ("collaborating", "competing", "compromising", "accommodating", "avoiding"),
]
PASSWORD = "blue ferry lantern moss"


def _print(page, path) -> tuple[str, int]:
    """Print the page as the browser's Print does; the PDF's text (whitespace and ligatures
    normalised) and its number of pages. The PDF and one PNG per page stay in ``path``."""
    from pypdf import PdfReader

    page.emulate_media(media="print")
    page.wait_for_timeout(500)
    pdf = path.with_suffix(".pdf")
    pdf.write_bytes(page.pdf(format="A4"))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(path)], check=True)
    reader = PdfReader(pdf)
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    return re.sub(r"\s+", " ", text), len(reader.pages)


def _flat(text: str) -> str:
    """A text as it reads in the PDF: no Markdown stars, whitespace and ligatures normalised."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text.replace("**", ""))).strip()


def _hidden_in_print(page, selector: str) -> bool:
    """Present in the page, and not shown under print media."""
    return page.locator(selector).count() > 0 and not any(
        element.is_visible() for element in page.locator(selector).all())


def test_the_results_page_prints_every_tab_and_card_but_never_the_resume_link(server, browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    token = finished_assessment(store, "sv", "Åsa Print", ORDERS[0], part2=True)
    screen = agent.open_assessment(store, token, None, "sv", False)
    t = load_catalog("sv")

    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/?r={token}")
    page.get_by_role("heading", name=t("results.title")).wait_for(timeout=60000)
    page.locator(".st-key-leave button").first.wait_for(timeout=60000)  # the bottom of the page has rendered
    page.locator("[data-testid=stPlotlyChart] .main-svg").nth(2).wait_for(state="attached", timeout=60000)
    page.wait_for_timeout(1000)

    text, pages = _print(page, tmp_path / "results")

    # The whole page, not only the first screen: many pages, down to the last tab's last card.
    assert pages > 3
    # Every tab, each under its label (the labels print as headings, the panels one after the other).
    labels = page.locator("[data-testid=stTab]")
    for n, key in enumerate(("results.tab_profile", "results.tab_playbook", "results.tab_scenarios")):
        assert _flat(t(key)) in text, key
        assert labels.nth(n).is_visible() and page.locator("[data-testid=stTabPanel]").nth(n).is_visible()
    assert _flat(screen.reading.headline) in text
    assert _flat(t("results.ranking_title")) in text
    # Every card of the playbook, open: the titles, and what is inside the closed ones.
    cards = [*screen.featured, *screen.other_cards]
    for card in cards:
        assert _flat(card.situation.title) in text, card.situation.title
    last = screen.other_cards[-1].situation
    assert _flat(last.summary) in text and _flat(last.escalate) in text
    for item in screen.principles:
        assert _flat(item.principle.title) in text and _flat(item.principle.text) in text
    # Part 2's results, every scenario open.
    reading = screen.scenarios
    assert _flat(t("scenario_results.matched", matched=reading.matched, total=reading.answered)) in text
    for outcome in reading.outcomes:
        assert _flat(outcome.situation.title) in text and _flat(outcome.scenario.why) in text

    # Nothing private and nothing to click.
    assert token not in text and token[:12] not in text and "?r=" not in text
    for key in ("results.results_link", "leave.button", "team.delete_button"):
        assert _flat(t(key)) not in text, key
    for selector in ("[data-testid=stHeader]", "[data-testid=stTopNav]", "[data-testid=stSelectbox]",
                     "[data-testid=stButton]", "[data-testid=stCode]", ".st-key-no-print-link"):
        assert _hidden_in_print(page, selector), selector
    # Charts and cards are kept whole on one page.
    assert page.locator("[data-testid=stPlotlyChart]").first.evaluate(
        "e => getComputedStyle(e).breakInside") == "avoid"
    assert page.locator(".st-key-box-mode-avoiding").evaluate("e => getComputedStyle(e).breakInside") == "avoid"

    # On screen nothing changed: one tab shown, the link and the buttons there.
    page.emulate_media(media="screen")
    assert page.locator(".st-key-no-print-link [data-testid=stCode]").is_visible()
    assert page.locator("[data-testid=stTabPanel]:visible").count() == 1
    context.close()


def test_the_team_dashboard_prints_its_figures_without_its_tools(server, browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    lead = accounts.create_lead(store, "Karin Berg", "karin@example.se", PASSWORD)
    team = teams.create_team(store, lead.id, "Support Malmö")
    for number, order in enumerate(ORDERS, start=1):
        finished_assessment(store, "en", f"Agent {number}", order, invite_code=team.rounds[0].invite_code)
    t = load_catalog("en")

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/lead")
    page.get_by_role("heading", name=t("lead.title")).wait_for(timeout=60000)
    page.locator(".st-key-signin-email input").fill("karin@example.se")
    page.locator(".st-key-signin-password input").fill(PASSWORD)
    page.locator(".st-key-sign-in button").click()
    page.get_by_role("heading", name=t("dashboard.profile_title")).wait_for(timeout=60000)
    page.get_by_role("heading", name=t("dashboard.members_title")).wait_for(timeout=60000)
    page.locator("[data-testid=stPlotlyChart] .main-svg").nth(1).wait_for(state="attached", timeout=60000)
    page.wait_for_timeout(1000)

    text, pages = _print(page, tmp_path / "dashboard")

    assert pages > 1
    # the team and round it is about, as the two choices show them (not only in the invite box)
    round_label = t("lead.round_label", number=1, date=team.rounds[0].created_at.strftime("%Y-%m-%d"))
    assert _flat(f"{t('lead.choose_team')} Support Malmö") in _flat(text)
    assert _flat(round_label) in text
    assert _flat(t("dashboard.profile_title")) in text
    assert _flat(t("dashboard.members_title")) in text
    assert _flat(t("dashboard.dominant_title")) in text and _flat(t("dashboard.strengths_title")) in text
    # The members' table is drawn on a canvas (there on paper, its names no text); the small tables
    # are HTML tables, whose words are text on paper too.
    tables = page.locator("[data-testid=stDataFrame], [data-testid=stTable]")
    assert tables.count() >= 3 and all(table.is_visible() for table in tables.all())
    assert _flat(t("dashboard.col_mean")) in text and _flat(t("dashboard.situation_col")) in text
    assert page.locator(".st-key-team-chart").evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    for key in ("dashboard.export_title", "dashboard.export_text", "dashboard.export_csv", "dashboard.import_title",
                "dashboard.import_text", "dashboard.danger_title", "dashboard.delete_round_text", "lead.sign_out",
                "lead.new_round", "app.language", "report.download_title", "coach.text"):
        assert _flat(t(key, number=1)) not in text, key
    assert "?join=" not in text  # the live invite link stays off paper
    for selector in ("[data-testid=stHeader]", "[data-testid=stButton]",
                     "[data-testid=stDownloadButton]", ".st-key-no-print-tools"):
        assert _hidden_in_print(page, selector), selector
    context.close()
