"""A new agent on a 360 px phone window, with the keyboard only: Tab, Enter and Space, no mouse.

After every answer the focus is on the next question's heading ("Fråga 5 av 30"), so one or two
Tabs reach an answer, and no Tab stops on anything off-screen; the chosen answer is a pressed button in the accessibility tree, which is
what a screen reader announces; finishing Part 2 lands on the Part 2 results, in view."""
from __future__ import annotations

import pytest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from questionnaire.playbook import load_playbook

from .conftest import ARTIFACTS, settle

pytestmark = pytest.mark.browser

LANG = "sv"
T = load_catalog(LANG)
FORM = load_instrument(LANG)
ANSWERS = answers_for_order(FORM, ("compromising", "collaborating", "accommodating", "competing", "avoiding"))
WIDTH, HEIGHT = 360, 640


def _focused_heading(page, level: int, text: str) -> None:
    """Wait until the focus is on this heading."""
    page.wait_for_function(
        "([tag, text]) => { const e = document.activeElement;"
        " return !!e && e.tagName === tag && e.textContent.trim().startsWith(text); }",
        arg=[f"H{level}", text])


def _tab_to(page, selector: str, limit: int) -> int:
    """Press Tab until the focus is inside ``selector``; how many presses it took. Every stop on
    the way must be something the person can see (not a folded sidebar's link off-screen)."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        where = page.evaluate("() => { const e = document.activeElement; if (!e || e === document.body) return null;"
                              " const r = e.getBoundingClientRect();"
                              " return [r.left, r.right, r.width, r.height, e.outerHTML.slice(0, 120)]; }")
        if where is not None:
            left, right, width, height, html = where
            assert width > 0 and height > 0 and left >= -1 and right <= WIDTH + 1, f"the focus is off-screen: {html}"
        if page.evaluate("(s) => !!document.activeElement && !!document.activeElement.closest(s)", selector):
            return presses
    raise AssertionError(f"{limit} presses of Tab did not reach {selector}; the focus is on "
                         + page.evaluate("document.activeElement && document.activeElement.outerHTML.slice(0, 200)"))


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= HEIGHT


def _shown_item(page) -> str:
    return page.evaluate(
        "document.querySelector('[class*=\"st-key-choice-\"]').className.match(/st-key-choice-(P\\d+)-A/)[1]")


def test_a_keyboard_user_on_a_small_phone_completes_both_parts(server, browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTH, "height": HEIGHT}, has_touch=False)
    page = context.new_page()
    page.goto(f"{server}/?lang={LANG}")
    page.get_by_role("heading", name=T("welcome.title")).wait_for()
    settle(page)
    _tab_to(page, ".st-key-start button", limit=25)
    page.keyboard.press("Enter")

    total = len(FORM.items)
    for number in range(1, total + 1):
        _focused_heading(page, 1, T("questionnaire.heading", number=number, total=total))
        item = _shown_item(page)
        choice = ANSWERS[item]
        # From the heading, the first answer is one Tab away and the second two.
        presses = _tab_to(page, f".st-key-choice-{item}-{choice}", limit=4)
        assert presses == (1 if choice == "A" else 2), (number, presses)
        page.keyboard.press("Enter" if number % 2 else " ")
        if number == 3:  # back to question 3: the answer given is announced as chosen
            _focused_heading(page, 1, T("questionnaire.heading", number=4, total=total))
            _tab_to(page, ".st-key-back", limit=6)
            page.keyboard.press("Enter")
            _focused_heading(page, 1, T("questionnaire.heading", number=3, total=total))
            chosen = page.locator(f".st-key-choice-{item}-{choice} button")
            other = page.locator(f".st-key-choice-{item}-{'B' if choice == 'A' else 'A'} button")
            assert chosen.get_attribute("aria-pressed") == "true" and other.get_attribute("aria-pressed") == "false"
            assert "[pressed]" in chosen.aria_snapshot()
            _tab_to(page, ".st-key-next", limit=6)
            page.keyboard.press("Enter")

    # The last answer keeps the agent on question 30, the focus on its heading, the answer pressed.
    _focused_heading(page, 1, T("questionnaire.heading", number=total, total=total))
    last = _shown_item(page)
    page.get_by_role("button", name=FORM.item(last).statement(ANSWERS[last]).text, pressed=True).wait_for()
    _tab_to(page, ".st-key-finish", limit=10)
    page.keyboard.press("Enter")

    _focused_heading(page, 1, T("results.title"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "keyboard-sv-360-results.png"))

    # Part 2 opens with its title in view and the focus on the first scenario's heading.
    _tab_to(page, ".st-key-start-part2", limit=12)
    page.keyboard.press("Enter")
    scenarios = load_playbook(LANG).scenarios
    for number in range(1, len(scenarios) + 1):
        if number == 1:  # just started: the focus on Part 2's title, in view
            _focused_heading(page, 1, T("scenarios.invite_title"))
            settle(page)
            assert _in_view(page, page.get_by_role("heading", name=T("scenarios.invite_title")))
            page.screenshot(path=str(ARTIFACTS / "keyboard-sv-360-part2.png"))
        else:
            _focused_heading(page, 2, T("scenarios.heading", number=number, total=len(scenarios)))
        assert _tab_to(page, "[class*='st-key-pick-']", limit=2) == 1
        page.keyboard.press("Enter")
    _focused_heading(page, 2, T("scenarios.heading", number=len(scenarios), total=len(scenarios)))
    _tab_to(page, ".st-key-s-finish", limit=10)
    page.keyboard.press("Enter")

    # Back on the results: the Part 2 tab is open and its heading has the focus, in view.
    _focused_heading(page, 3, T("scenario_results.title"))
    page.get_by_role("tab", name=T("results.tab_scenarios"), selected=True).wait_for()
    settle(page)
    assert _in_view(page, page.locator(".st-key-landing-part2-results h3"))
    page.screenshot(path=str(ARTIFACTS / "keyboard-sv-360-part2-results.png"))
    context.close()
