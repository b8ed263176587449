"""A lead's sign-in in a real browser: it survives a refresh and new tabs, lives in a cookie no
script can read, never in the address, and a sign-out in one tab signs out the others."""
from __future__ import annotations

import pytest

from questionnaire import load_catalog

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PASSWORD = "blue ferry lantern moss"


def _signed_in(page, t, name="Nora Dahl", timeout=60000):
    page.get_by_text(t("lead.signed_in_as", name=name)).wait_for(timeout=timeout)


def _sign_up(page, t):
    page.get_by_role("heading", name=t("lead.title")).wait_for(timeout=60000)
    page.get_by_role("tab", name=t("lead.create_account")).click()
    page.locator(".st-key-signup-name input").fill("Nora Dahl")
    page.locator(".st-key-signup-email input").fill("nora@example.no")
    page.locator(".st-key-signup-password input").fill(PASSWORD)
    page.locator(".st-key-sign-up button").click()
    _signed_in(page, t)


def test_a_lead_stays_signed_in_and_signs_out_everywhere_at_once(server, browser):
    t = load_catalog("nb")
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    first = context.new_page()
    first.goto(f"{server}/lead")
    _sign_up(first, t)
    first.locator(".st-key-new-team-name input").fill("Kundesenter Bergen")
    first.locator(".st-key-create-team button").click()
    first.locator("code").filter(has_text="?join=").first.wait_for(timeout=60000)

    # The session lives in an HttpOnly cookie: no script on the page can read it ...
    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["csc_session"]
    assert session["httpOnly"] and session["sameSite"] == "Strict"
    assert "csc_session" not in first.evaluate("document.cookie")
    # ... and it is not in the address bar, the page or the history.
    assert session["value"] not in first.url and session["value"] not in first.content()

    # A refresh keeps the lead signed in, on the team they were looking at.
    first.reload()
    _signed_in(first, t)
    first.get_by_text("Kundesenter Bergen").first.wait_for(timeout=60000)

    # So does a new tab.
    second = context.new_page()
    second.goto(f"{server}/lead")
    _signed_in(second, t)

    # Signing out in the first tab ends the session in the second, too.
    first.locator(".st-key-sign-out button").click()
    first.get_by_role("tab", name=t("lead.sign_in")).wait_for(timeout=60000)
    first.wait_for_timeout(1000)
    assert "csc_session" not in {c["name"] for c in context.cookies()}
    second.get_by_role("button", name=t("lead.new_round")).first.click()  # the old page tries to act
    second.get_by_text(t("errors.signed_out")).first.wait_for(timeout=60000)
    second.get_by_role("tab", name=t("lead.sign_in")).wait_for(timeout=60000)
    third = context.new_page()  # and a tab opened afterwards is signed out
    third.goto(f"{server}/lead")
    third.get_by_role("tab", name=t("lead.sign_in")).wait_for(timeout=60000)
    assert third.get_by_text(t("lead.signed_in_as", name="Nora Dahl")).count() == 0
    context.close()


def test_a_tab_left_open_notices_the_sign_out_by_itself(server, browser):
    t = load_catalog("en")
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    first = context.new_page()
    first.goto(f"{server}/lead")
    _sign_up(first, t)
    idle = context.new_page()
    idle.goto(f"{server}/lead")
    _signed_in(idle, t)
    first.locator(".st-key-sign-out-everywhere button").first.click()
    first.get_by_role("tab", name=t("lead.sign_in")).wait_for(timeout=60000)
    # Nobody touches the idle tab: within the watch interval it shows the sign-in form.
    idle.get_by_role("tab", name=t("lead.sign_in")).wait_for(timeout=45000)
    ARTIFACTS.mkdir(exist_ok=True)
    idle.screenshot(path=str(ARTIFACTS / "signed-out-elsewhere.png"))
    context.close()


def test_another_browser_is_not_signed_in_by_the_first(server, browser):
    t = load_catalog("da")
    mine = browser.new_context(locale="da-DK")
    page = mine.new_page()
    page.goto(f"{server}/lead")
    _sign_up(page, t)
    theirs = browser.new_context(locale="da-DK")
    other = theirs.new_page()
    other.goto(f"{server}/lead")
    other.get_by_role("tab", name=t("lead.sign_in")).wait_for(timeout=60000)
    assert other.get_by_text(t("lead.signed_in_as", name="Nora Dahl")).count() == 0
    mine.close()
    theirs.close()
