"""A team lead invites a team from a link; three agents join on their phones and finish; the lead
watches the dashboard fill up (real Chromium against a real server)."""
from __future__ import annotations

import re

import pytest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument

from .conftest import ARTIFACTS
from .test_browser_journey import _choose

pytestmark = pytest.mark.browser

INSTRUMENT = load_instrument()
ORDERS = [
    ("accommodating", "collaborating", "compromising", "avoiding", "competing"),
    ("avoiding", "accommodating", "compromising", "collaborating", "competing"),
    ("collaborating", "competing", "compromising", "accommodating", "avoiding"),
]
T = load_catalog("sv")


def test_a_lead_invites_three_agents_and_sees_the_dashboard(server, browser):
    lead_context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    lead = lead_context.new_page()
    lead.goto(f"{server}/lead")
    lead.get_by_role("heading", name=T("lead.title")).wait_for(timeout=60000)
    lead.get_by_role("tab", name=T("lead.create_account")).click()
    lead.locator(".st-key-signup-name input").fill("Karin Berg")
    lead.locator(".st-key-signup-email input").fill("karin@example.se")
    lead.locator(".st-key-signup-password input").fill("blue ferry lantern moss")
    lead.locator(".st-key-sign-up button").click()
    lead.get_by_text(T("lead.signed_in_as", name="Karin Berg")).wait_for(timeout=60000)
    lead.locator(".st-key-new-team-name input").fill("Kundtjänst <b>Malmö</b>")
    lead.locator(".st-key-create-team button").click()
    link = lead.locator("code").filter(has_text="?join=").first
    link.wait_for(timeout=60000)
    invite = link.inner_text().strip()
    assert re.search(r"\?join=[A-Za-z0-9_-]{20,}$", invite)
    assert lead.locator("img").count() >= 1  # the QR code
    assert lead.locator("b", has_text="Malmö").count() == 0  # the team name is shown as typed

    for number, order in enumerate(ORDERS):
        context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
        agent = context.new_page()
        agent.goto(invite.replace("http://localhost", "http://127.0.0.1"))
        agent.get_by_role("heading", name=T("welcome.title")).wait_for(timeout=60000)
        agent.get_by_text("Kundtjänst <b>Malmö</b>", exact=False).first.wait_for()
        # Sharing is off until the agent turns it on; these three do. (Private results enter the
        # figures in groups of three: tests/integration/test_privacy_attacks.py.)
        agent.get_by_text(T("team.share_label", lead="Karin Berg")).click()
        agent.locator(".st-key-name input").fill(f"Agent {number + 1}")
        agent.locator(".st-key-name input").press("Enter")
        agent.locator(".st-key-start button").click()
        for item_id, choice in answers_for_order(INSTRUMENT, order).items():
            _choose(agent, item_id, choice)
        agent.locator(".st-key-finish button").click()
        agent.get_by_role("heading", name=T("results.title")).wait_for(timeout=60000)
        context.close()

    lead.reload()  # the lead stays signed in (tests/e2e/test_lead_session.py has the details)
    lead.get_by_role("heading", name=T("dashboard.profile_title")).wait_for(timeout=60000)
    metrics = lead.locator("[data-testid=stMetricValue]")
    assert [metrics.nth(i).inner_text() for i in range(3)] == ["3", "3", "3"]
    lead.locator("[data-testid=stPlotlyChart]").nth(1).wait_for()
    # (Names sit in canvas-drawn tables; which names appear is checked in tests/ui/test_teams.py.)

    # The export the lead downloads: Swedish headings, semicolons, a BOM, every member who shares.
    with lead.expect_download() as download:
        lead.locator(".st-key-export-csv button").click()
    data = open(download.value.path(), "rb").read()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "Namn;" in text and all(f"Agent {n}" in text for n in (1, 2, 3))
    with lead.expect_download() as download:
        lead.locator(".st-key-export-xlsx button").click()
    assert open(download.value.path(), "rb").read()[:2] == b"PK"  # an .xlsx is a zip file
    ARTIFACTS.mkdir(exist_ok=True)
    lead.set_viewport_size({"width": 1280, "height": 4000})
    lead.wait_for_timeout(1000)
    lead.screenshot(path=str(ARTIFACTS / "dashboard-sv.png"))
    lead_context.close()
