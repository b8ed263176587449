"""Printed reports in a real browser: a lead grants a Swedish team of twelve to a coach, who
signs in and downloads the batch and the workshop report; an agent downloads their own
Danish report on a phone. The PDFs are read back."""
from __future__ import annotations

import io

import pdfplumber
import pytest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from services import accounts, agent
from storage import Store
from tests.seeding import SWEDISH_NAMES, seed_team

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 9"
PRIVATE = {2, 5, 8}
SV = load_catalog("sv")
DA = load_catalog("da")


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join((page.extract_text() or "").replace("\u00ad", "") for page in document.pages)


def _sign_in(page, email: str, name: str) -> None:
    page.locator(".st-key-signin-email input").fill(email)
    page.locator(".st-key-signin-password input").fill(PASSWORD)
    page.locator(".st-key-sign-in button").click()
    page.get_by_text(SV("lead.signed_in_as", name=name)).wait_for(timeout=60000)


def _download(page, key: str) -> bytes:
    button = page.locator(f".st-key-{key} button").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60000) as download:
        button.click()
    return open(download.value.path(), "rb").read()


def test_a_coach_is_granted_a_team_and_prints_its_reports(server, browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    anna = accounts.create_lead(store, "Anna Lind", "anna@example.se", PASSWORD)
    accounts.create_lead(store, "Bo Ek", "bo@example.se", PASSWORD, role="coach")
    seed_team(store, anna.id, "Kundtjänst Malmö", SWEDISH_NAMES, share=lambda i: i not in PRIVATE)

    lead = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}).new_page()
    lead.goto(f"{server}/lead?lang=sv")
    _sign_in(lead, "anna@example.se", "Anna Lind")
    lead.get_by_text(SV("coach.title", count=0)).click()
    lead.locator(".st-key-grant-email input").fill("bo@example.se")
    lead.locator(".st-key-grant-coach button").click()
    link = lead.locator("code").filter(has_text="?coach=").first
    link.wait_for(timeout=60000)
    coach_link = link.inner_text().strip()
    assert coach_link.startswith(server)

    # Bo gets the link from Anna (by e-mail, say) and opens it; he signs in, and the team is his to see
    coach = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 2400}).new_page()
    coach.goto(coach_link)
    coach.get_by_text(SV("coach.sign_in_first")).wait_for(timeout=60000)
    _sign_in(coach, "bo@example.se", "Bo Ek")
    coach.get_by_text(SV("coach.claimed", team="Kundtjänst Malmö")).first.wait_for(timeout=60000)
    assert "coach=" not in coach.url
    coach.get_by_text(SV("coach.viewing", team="Kundtjänst Malmö", lead="Anna Lind")).wait_for(timeout=60000)
    assert coach.locator(".st-key-new-round").count() == 0 and coach.locator(".st-key-delete-team").count() == 0
    coach.locator(".st-key-batch-pdf").wait_for(timeout=60000)
    coach.screenshot(path=str(ARTIFACTS / "coach-dashboard-sv.png"), full_page=True)

    batch = _text(_download(coach, "batch-pdf"))
    sharing = [n for i, n in enumerate(SWEDISH_NAMES) if i not in PRIVATE]
    private = [n for i, n in enumerate(SWEDISH_NAMES) if i in PRIVATE]
    assert all(name in batch for name in sharing) and not any(name in batch for name in private)
    assert SV("report.contents") in batch
    workshop = _text(_download(coach, "team-report"))
    assert SV("report.team_title") in workshop and "Kundtjänst Malmö" in workshop
    assert not any(name in workshop for name in private)


def test_an_agent_downloads_their_own_danish_report_on_a_phone(server, browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    token = agent.start(store, "da", "Søren Ærø", None, False)
    order = ("collaborating", "compromising", "accommodating", "competing", "avoiding")
    for item_id, choice in answers_for_order(load_instrument(), order).items():
        agent.answer(store, token, item_id, choice)
    assert agent.finish_part1(store, token) == ()

    phone = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True, device_scale_factor=2).new_page()
    phone.goto(f"{server}/?r={token}")
    phone.get_by_text(DA("report.own_title")).wait_for(timeout=60000)
    phone.locator(".st-key-own-report").scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "own-report-da-phone.png"))
    text = _text(_download(phone, "own-report-pdf"))
    assert "Søren Ærø" in text
    assert DA("report.section_plan") in text and DA("report.cover_title") in text
