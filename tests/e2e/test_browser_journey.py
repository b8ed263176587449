"""An agent with a Danish phone browser takes the whole assessment in real Chromium."""
from __future__ import annotations

import re

import pytest

from analysis import answers_for_order
from analysis import advise, score
from questionnaire import load_catalog, load_instrument, load_mode_texts
from questionnaire.playbook import load_playbook

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

ORDER = ("collaborating", "accommodating", "compromising", "avoiding", "competing")
ANSWERS = answers_for_order(load_instrument(), ORDER)
NAME = "Åsa <i>Lind</i> **x**"
T = load_catalog("da")


def _choose(page, item_id: str, choice: str) -> None:
    page.locator(f".st-key-choice-{item_id}-{choice} button").click()
    # The answer is saved and shown as chosen (primary) before the page moves on, or the page
    # has already moved to the next item.
    page.wait_for_function(
        """([id, choice]) => {
            const chosen = document.querySelector(`.st-key-choice-${id}-${choice} [data-testid=stBaseButton-primary]`);
            const next = 'P' + String(Number(id.slice(1)) + 1).padStart(2, '0');
            return chosen || document.querySelector(`.st-key-choice-${next}-A`);
        }""",
        arg=[item_id, choice], timeout=60000,
    )


def _pick(page, scenario, mode: str, following) -> None:
    position = scenario.order.index(mode) + 1
    page.locator(f".st-key-pick-{scenario.id}-{position} button").click()
    # Saved and shown as chosen, or already on the next scenario.
    page.wait_for_function(
        """([id, position, next]) => {
            const chosen = document.querySelector(`.st-key-pick-${id}-${position} [data-testid=stBaseButton-primary]`);
            return chosen || (next && document.querySelector(`.st-key-pick-${next}-1`));
        }""",
        arg=[scenario.id, position, following.id if following else None], timeout=60000,
    )


def test_danish_agent_on_a_phone_completes_the_assessment_and_reads_the_profile(server, browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.goto(server)

    # The browser's locale chose Danish without the agent doing anything.
    page.get_by_role("heading", name=T("welcome.title")).wait_for(timeout=60000)
    page.get_by_role("textbox", name=T("welcome.name_label")).fill(NAME)
    page.get_by_role("textbox", name=T("welcome.name_label")).press("Enter")
    page.locator(".st-key-start button").click()

    items = list(ANSWERS.items())
    for item_id, choice in items[:12]:
        _choose(page, item_id, choice)

    # A refresh in the middle loses nothing and resumes at question 13.
    page.wait_for_url(re.compile(r"[?&]r="))
    page.reload()
    page.get_by_role("heading", name=T("questionnaire.heading", number=13, total=30)).wait_for(timeout=60000)
    page.get_by_text(T("questionnaire.answered", answered=12, total=30)).wait_for()

    for item_id, choice in items[12:]:
        _choose(page, item_id, choice)
    page.get_by_text(T("questionnaire.answered", answered=30, total=30)).wait_for(timeout=60000)
    page.locator(".st-key-finish button").click()

    page.get_by_role("heading", name=T("results.title")).wait_for(timeout=60000)
    headline = T("interpretation.top_one", mode=load_mode_texts("da")["collaborating"].name)
    page.get_by_role("heading", name=headline).wait_for()
    page.locator("[data-testid=stPlotlyChart]").nth(1).wait_for()
    # The name is shown exactly as typed: no italics, no bold, no HTML.
    assert page.get_by_text(f"Profil for {NAME}", exact=True).count() == 1
    assert page.locator("i", has_text="Lind").count() == 0

    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 3600})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "results-da-phone.png"))

    # The playbook tab opens on the situation this profile needs most, and says why.
    page.set_viewport_size({"width": 390, "height": 844})
    profile = score(load_instrument(), ANSWERS)
    top = advise(profile, "da")[0]
    page.get_by_role("tab", name=T("results.tab_playbook")).click()
    page.get_by_text(top.reason.sentence).first.wait_for(timeout=60000)

    # Part 2, with a reload in the middle: every choice is kept and it resumes where it stopped.
    playbook = load_playbook("da")
    scenarios = playbook.scenarios
    choices = {s.id: (s.recommended if n % 2 else "avoiding") for n, s in enumerate(scenarios)}
    page.locator(".st-key-start-part2 button").click()
    page.get_by_role("heading", name=T("scenarios.invite_title")).wait_for(timeout=60000)
    for n, scenario in enumerate(scenarios[:5]):
        _pick(page, scenario, choices[scenario.id], scenarios[n + 1])
    page.wait_for_url(re.compile(r"view=part2"))
    page.reload()
    page.get_by_role("heading", name=T("scenarios.heading", number=6, total=len(scenarios))).wait_for(timeout=60000)
    page.get_by_text(T("questionnaire.answered", answered=5, total=len(scenarios))).wait_for()
    for n, scenario in enumerate(scenarios[5:], start=5):
        _pick(page, scenario, choices[scenario.id], scenarios[n + 1] if n + 1 < len(scenarios) else None)
    page.locator(".st-key-s-finish button").click()

    page.get_by_role("heading", name=T("results.title")).wait_for(timeout=60000)
    # Back from Part 2 the agent lands on its results: the tab is open, no click needed.
    page.get_by_role("tab", name=T("results.tab_scenarios"), selected=True).wait_for()
    matched = sum(1 for s in scenarios if choices[s.id] == s.recommended)
    page.get_by_text(T("scenario_results.matched", matched=matched, total=len(scenarios))).wait_for(timeout=60000)
    page.locator("[data-testid=stPlotlyChart]").nth(2).wait_for()
    page.set_viewport_size({"width": 390, "height": 2600})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "scenarios-da-phone.png"))
    context.close()


def test_english_desktop_results_screenshot(server, browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server)
    page.get_by_role("heading", name=load_catalog("en").t("welcome.title")).wait_for(timeout=60000)
    page.locator(".st-key-start button").click()
    for item_id, choice in ANSWERS.items():
        _choose(page, item_id, choice)
    page.locator(".st-key-finish button").click()
    page.locator("[data-testid=stPlotlyChart]").nth(1).wait_for(timeout=60000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "results-en-desktop.png"))
    context.close()
