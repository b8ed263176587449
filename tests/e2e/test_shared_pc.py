"""A shared call-centre PC: an agent finishes and leaves; the next person, with the same
browser and its history, can reach nothing of the first agent's, while the first agent opens
their results on their own phone (real Chromium against a real server)."""
from __future__ import annotations

import re

import pytest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument

from .conftest import ARTIFACTS
from .test_browser_journey import _choose

pytestmark = pytest.mark.browser

T = load_catalog("sv")
ANSWERS = answers_for_order(load_instrument(), ("avoiding", "accommodating", "compromising", "collaborating",
                                                "competing"))


def test_after_leaving_the_back_button_reaches_nothing_of_the_agent(server, browser):
    pc = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = pc.new_page()
    page.goto(server)
    page.get_by_role("heading", name=T("welcome.title")).wait_for(timeout=60000)
    page.locator(".st-key-name input").fill("Åsa Först")
    page.locator(".st-key-name input").press("Enter")
    page.locator(".st-key-start button").click()
    for item_id, choice in ANSWERS.items():
        _choose(page, item_id, choice)
    page.locator(".st-key-finish button").click()
    page.get_by_role("heading", name=T("results.title")).wait_for(timeout=60000)
    page.wait_for_url(re.compile(r"[?&]r="))
    old_url = page.url

    # Leaving asks first, then hands over a new link as a QR code and clears the address.
    page.locator(".st-key-leave button").first.click()
    page.get_by_text(T("leave.confirm_text")).wait_for(timeout=60000)
    page.locator(".st-key-confirm-leave button").click()
    page.get_by_role("heading", name=T("leave.done_title")).wait_for(timeout=60000)
    assert "r=" not in page.url
    new_link = page.locator(".st-key-handover-link code").inner_text().strip()
    assert new_link.split("?r=")[1] not in old_url
    page.locator("[data-testid=stImage] img").first.wait_for(timeout=60000)  # the QR code
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "leave-handover-sv.png"))
    page.locator(".st-key-handover-done button").click()
    page.get_by_role("heading", name=T("welcome.title")).wait_for(timeout=60000)

    # The next person presses Back, again and again: the first agent's results never come back.
    for _ in range(6):
        page.go_back()
        page.wait_for_timeout(1500)
        assert page.get_by_text("Åsa Först").count() == 0
        assert page.get_by_role("heading", name=T("results.title")).count() == 0
        assert page.locator(".st-key-delete-me").count() == 0 and page.locator(".st-key-change-sharing").count() == 0
    page.goto(old_url)  # even the old address, typed in
    page.get_by_text(T("errors.bad_link")).wait_for(timeout=60000)
    assert page.get_by_text("Åsa Först").count() == 0
    pc.close()

    # On the agent's own phone, the new link opens the results.
    phone = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    mine = phone.new_page()
    mine.goto(new_link.replace("http://localhost", "http://127.0.0.1"))
    mine.get_by_role("heading", name=T("results.title")).wait_for(timeout=60000)
    mine.get_by_text("Åsa Först", exact=False).first.wait_for()
    phone.close()


def test_deleting_and_sharing_ask_for_a_confirmation(server, browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server)
    page.get_by_role("heading", name=T("welcome.title")).wait_for(timeout=60000)
    page.locator(".st-key-start button").click()
    for item_id, choice in ANSWERS.items():
        _choose(page, item_id, choice)
    page.locator(".st-key-finish button").click()
    page.get_by_role("heading", name=T("results.title")).wait_for(timeout=60000)
    page.locator(".st-key-delete-me button").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text(T("team.delete_text")).wait_for(timeout=60000)
    dialog.locator(".st-key-cancel-delete button").click()
    dialog.wait_for(state="detached", timeout=60000)
    page.get_by_role("heading", name=T("results.title")).wait_for()
    page.locator(".st-key-delete-me button").click()
    page.get_by_role("dialog").locator(".st-key-confirm-delete button").click()
    page.get_by_role("heading", name=T("welcome.title")).wait_for(timeout=60000)
    page.get_by_text(T("team.deleted")).first.wait_for(timeout=60000)
    context.close()
