"""The instrument on the pages: the version a result was answered on, the reference its bands
use (and the organisation's own, once it has enough results), and the coach's item report."""
from __future__ import annotations

import random

import pytest
from streamlit.testing.v1 import AppTest

from analysis import score
from analysis.local_norms import MIN_RESULTS
from analysis.synthetic import answers_for_weights
from questionnaire import MODES, current_version, load_catalog, load_instrument
from services import accounts
from storage import Store

from tests.seeding import bulk_results

from .conftest import APP
from .test_teams import LEAD_PAGE, PASSWORD, _sign_in

OLD = "2026.11"


def _finished(store, lang="en", version=None, rng=None):
    rng = rng or random.Random(1)
    token = store.create_respondent(lang, "Kim", instrument_version=version)
    form = load_instrument(lang, version=version)
    answers = answers_for_weights(form, {m: rng.uniform(0.2, 3) for m in MODES}, rng)
    for item_id, choice in answers.items():
        store.save_answer(token, item_id, choice)
    store.finish(token, form.version, score(form, answers).scores)
    return token


def _results(token, lang) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update({"r": token, "lang": lang})
    return at.run()


def _captions(at):
    return " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("lang", ["en", "da"])
def test_the_results_say_which_version_and_which_reference(db_url, lang):
    store = Store(db_url)
    t = load_catalog(lang)
    at = _results(_finished(store, lang), lang)
    assert not at.exception
    assert t("results.version_caption", version=current_version()) in _captions(at)
    assert t("results.reference_note_neutral") in _captions(at)
    assert not at.radio  # the organisation has too few results for norms of its own
    old = _results(_finished(store, lang, version=OLD), lang)
    assert t("results.version_caption", version=OLD) in _captions(old)


def test_with_enough_results_the_agent_may_read_the_bands_against_colleagues(db_url):
    store = Store(db_url)
    tokens = [_finished(store, "sv", rng=random.Random(4))]
    bulk_results(store, MIN_RESULTS - 1)
    t = load_catalog("sv")
    at = _results(tokens[0], "sv")
    radio = at.radio(key="bands-reference")
    assert radio.value == "neutral" and t("results.reference_note_neutral") in _captions(at)
    at = radio.set_value("local").run()
    assert not at.exception
    captions = _captions(at)
    assert t("results.reference_note_local", count=MIN_RESULTS, date="@").split("(")[0] in captions
    table = next(d.value for d in at.table if t("results.col_rank") in d.value.columns)
    assert t("results.col_percentile") in table.columns
    before, after = t("results.percentile_value", value="@").split("@")
    assert all(value.startswith(before) and value.endswith(after) for value in table[t("results.col_percentile")])
    # The mode cards say it too (on a phone the table's last column is off-screen).
    assert f"{t('results.col_percentile')} {before}" in captions


def test_a_coach_sees_the_item_report_and_a_lead_does_not(db_url):
    store = Store(db_url)
    accounts.create_lead(store, "Bo Ek", "bo@example.se", PASSWORD, role="coach")
    accounts.create_lead(store, "Anna Lind", "anna@example.se", PASSWORD)
    t = load_catalog("nb")

    def signed_in(email):
        at = AppTest.from_string(LEAD_PAGE, default_timeout=30)
        at.query_params["lang"] = "nb"
        return _sign_in(at.run(), email)

    lead = signed_in("anna@example.se")
    assert not any(e.label == t("items.title") for e in lead.expander)
    coach = signed_in("bo@example.se")
    assert any(e.label == t("items.title") for e in coach.expander)
    not_yet = t("items.not_yet", min=MIN_RESULTS, version=current_version(), pool=0)
    assert any(i.value == not_yet for i in coach.info)

    # Two thirds Norwegian: the Norwegian count (noisy, σ ≈ 8) clears MIN_LANGUAGE with certainty in practice.
    bulk_results(store, MIN_RESULTS, langs=("nb", "nb", "sv"))
    coach = signed_in("bo@example.se")
    assert not coach.exception
    table = next(d.value for d in coach.dataframe if t("items.col_share") in d.value.columns)
    assert len(table) == 30 and t("items.col_share") in table.columns
    assert table[t("items.col_a")][0].startswith(load_instrument("nb").item("P01").a.text)
    assert coach.selectbox(key="items-group").options[0] == t("items.group_all")
    coach = coach.selectbox(key="items-group").set_value("nb").run()
    assert not coach.exception and coach.selectbox(key="items-group").value == "nb"
