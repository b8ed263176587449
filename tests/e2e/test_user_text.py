"""What users type is shown as typed in a real browser: a team or person named with a URL,
an address, Markdown or HTML never becomes a link, an image or formatting."""
from __future__ import annotations

import re

import pytest

from questionnaire import load_catalog

pytestmark = pytest.mark.browser

PASSWORD = "blue ferry lantern moss"
TEAM = "Support https://evil.example/login www.evil.example **Boss** [klick](https://x.example) <b>B</b>"
LEAD = "Mallory mallory@evil.example :red[alarm] ![x](https://img.example/x.png)"


def _links_in_main(page) -> list[str]:
    """Links in the page's content, leaving out the headings' own anchors (#title)."""
    hrefs = page.eval_on_selector_all("[data-testid=stMain] a", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h and not h.startswith("#")]


def _no_markup(page, words=("Boss", "B", "alarm", "klick")):
    """No element made of the user's own markup: <strong>Boss</strong>, <b>B</b>, a red span, an image.
    (The page's own bold headings may contain a name; they hold more than the word.)"""
    for tag in ("strong", "b", "em", "span", "a"):
        for word in words:
            exact = page.locator(f"[data-testid=stMain] {tag}").filter(has_text=re.compile(rf"^\s*{word}\s*$"))
            assert exact.count() == 0, (tag, word)
    assert page.locator("[data-testid=stMain] img[src*='img.example']").count() == 0


def test_a_team_named_with_links_and_markdown_reads_as_typed_on_every_invited_page(server, browser):
    t = load_catalog("en")
    lead_context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    lead = lead_context.new_page()
    lead.goto(f"{server}/lead")
    lead.get_by_role("tab", name=t("lead.create_account")).click()
    lead.locator(".st-key-signup-name input").fill(LEAD)
    lead.locator(".st-key-signup-email input").fill("mallory@example.se")
    lead.locator(".st-key-signup-password input").fill(PASSWORD)
    lead.locator(".st-key-sign-up button").click()
    lead.locator(".st-key-new-team-name input").wait_for(timeout=60000)
    lead.locator(".st-key-new-team-name input").fill(TEAM)
    lead.locator(".st-key-create-team button").click()
    link = lead.locator("code").filter(has_text="?join=").first
    link.wait_for(timeout=60000)
    invite = link.inner_text().strip().replace("http://localhost", "http://127.0.0.1")
    assert not [h for h in _links_in_main(lead) if "evil" in h or "x.example" in h]
    _no_markup(lead)

    agent_context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    agent = agent_context.new_page()
    agent.goto(invite)
    agent.get_by_role("heading", name=t("welcome.title")).wait_for(timeout=60000)
    joining = agent.locator("[data-testid=stAlertContentInfo]").first
    joining.wait_for()
    shown = joining.inner_text().replace("\u2060", "")
    assert "https://evil.example/login" in shown and "www.evil.example" in shown and "**Boss**" in shown
    assert "mallory@evil.example" in shown and ":red[alarm]" in shown
    assert _links_in_main(agent) == []  # no link at all: not from the team name, not from the lead's
    _no_markup(agent)
    # The share switch's label carries the lead's name too.
    share = agent.locator(".st-key-share")
    share.get_by_text("Mallory", exact=False).first.wait_for(timeout=60000)  # the label renders after the box
    label = share.evaluate("e => e.textContent").replace("\u2060", "")
    assert "mallory@evil.example" in label and agent.locator(".st-key-share a").count() == 0
    lead_context.close()
    agent_context.close()
