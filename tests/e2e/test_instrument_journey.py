"""The instrument in a real browser: an agent on a phone reads her bands against her Norwegian
colleagues and back, and sees the version she answered on; a coach opens the item report and
narrows it to one language."""
from __future__ import annotations

import random

import pytest

from analysis import score
from analysis.local_norms import MIN_RESULTS
from analysis.synthetic import answers_for_weights
from questionnaire import MODES, current_version, load_catalog, load_instrument
from services import accounts
from storage import Store
from tests.seeding import bulk_results

from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 9"
NB = load_catalog("nb")


def _seed(store):
    """Kari, who answered in the app, and 119 colleagues (written in one go)."""
    rng = random.Random(17)
    token = store.create_respondent("nb", "Kari")
    form = load_instrument("nb")
    answers = answers_for_weights(form, {m: rng.uniform(0.2, 3) for m in MODES}, rng)
    for item_id, choice in answers.items():
        store.save_answer(token, item_id, choice)
    store.finish(token, form.version, score(form, answers).scores)
    bulk_results(store, MIN_RESULTS + 19, langs=("nb", "nb", "sv"))  # the Norwegian count (noisy, σ ≈ 8) clears 30
    return [token]


def test_an_agent_reads_her_bands_against_colleagues_and_a_coach_reads_the_items(server, browser, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'e2e.db'}")
    tokens = _seed(store)
    accounts.create_lead(store, "Bo Ek", "bo@example.se", PASSWORD, role="coach")

    phone = browser.new_context(locale="nb-NO", viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{server}/?r={tokens[0]}&lang=nb")
    phone.get_by_text(NB("results.version_caption", version=current_version())).wait_for(timeout=60000)
    neutral = phone.get_by_text(NB("results.reference_note_neutral"))
    assert neutral.count() == 1
    phone.get_by_text(NB("results.reference_local"), exact=True).click()
    local_note = NB("results.reference_note_local", count=MIN_RESULTS + 20, date="@").split("@")[0]
    phone.get_by_text(local_note[:40]).wait_for(timeout=60000)
    assert phone.get_by_text(NB("results.col_percentile")).count() >= 1
    phone.screenshot(path=str(ARTIFACTS / "bands-local-nb-phone.png"), full_page=True)
    phone.get_by_text(NB("results.reference_neutral"), exact=True).click()
    phone.get_by_text(NB("results.reference_note_neutral")).wait_for(timeout=60000)

    coach = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 1000}).new_page()
    coach.goto(f"{server}/lead?lang=nb")
    coach.locator(".st-key-signin-email input").fill("bo@example.se")
    coach.locator(".st-key-signin-password input").fill(PASSWORD)
    coach.locator(".st-key-sign-in button").click()
    coach.get_by_text(NB("lead.signed_in_as", name="Bo Ek")).wait_for(timeout=60000)
    coach.locator(".st-key-item-report summary").first.click()
    coach.get_by_text(NB("items.distributions")).first.wait_for(timeout=60000)
    # The table draws on a canvas (no text to read): it is there, with the chart beside it.
    coach.locator(".st-key-item-report [data-testid='stDataFrame']").wait_for(timeout=60000)
    coach.locator(".st-key-item-report .js-plotly-plot").wait_for(timeout=60000)
    coach.locator(".st-key-items-group").click()
    coach.get_by_role("option", name="Norsk (bokmål)").click()
    coach.get_by_text(NB("items.snapshot", date="@", count=0, group_count="@", noise="@").split("@")[0]).first \
        .wait_for(timeout=60000)
    coach.screenshot(path=str(ARTIFACTS / "item-report-nb.png"), full_page=True)
