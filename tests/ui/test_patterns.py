"""Answers that follow a pattern, on the agent's pages (Streamlit AppTest): a friendly note
before finishing with a review or "finish anyway", and after finishing a note with a review
that reopens Part 1."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from storage import Store

from .conftest import answer, position, start


@pytest.fixture
def db_url(any_db_url):
    """The flag is stored and read back on SQLite and on PostgreSQL."""
    return any_db_url

INSTRUMENT = load_instrument()
ALL_A = {item_id: "A" for item_id in INSTRUMENT.ids}
GENUINE = answers_for_order(INSTRUMENT, ("accommodating", "collaborating", "compromising", "avoiding", "competing"))


def _infos(at: AppTest) -> list[str]:
    return [info.value for info in at.info]


def _scores_on_page(at: AppTest) -> list[int]:
    return [int(v) for v in at.table[0].value.iloc[:, 2]]


def _finish_all_a(open_app, lang="en", **query) -> AppTest:
    at = start(open_app(lang=lang, **query))
    answer(at, ALL_A)
    return at.button(key="finish").click().run()


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_finishing_with_a_on_every_pair_shows_a_friendly_note_and_stores_nothing_yet(open_app, db_url, lang):
    at = _finish_all_a(open_app, lang)
    t = load_catalog(lang)
    assert not at.exception
    assert t("questionnaire.pattern_note", pattern=t("pattern.same")) in _infos(at)
    assert at.button(key="pattern-review").label == t("questionnaire.pattern_review")
    assert at.button(key="pattern-finish").label == t("questionnaire.pattern_finish")
    assert Store(db_url).result(at.query_params["r"]) is None
    assert not at.title or at.title[0].value != t("results.title")


def test_reviewing_goes_back_to_question_1_with_every_answer_kept_and_changeable(open_app, db_url):
    at = _finish_all_a(open_app)
    token = at.query_params["r"]
    at.button(key="pattern-review").click().run()
    t = load_catalog("en")
    assert position(at) == (t("questionnaire.heading", number=1, total=30), t("questionnaire.answered", answered=30, total=30))
    assert at.button(key="choice-P01-A").proto.type == "primary"
    assert not [b for b in at.button if b.key == "pattern-review"]  # the note is gone
    at.button(key="choice-P01-B").click().run()  # still editable
    assert Store(db_url).answers(token) == {**ALL_A, "P01": "B"}
    assert Store(db_url).result(token) is None


def test_finishing_anyway_stores_a_flagged_result_and_the_results_page_says_so(open_app, db_url):
    at = _finish_all_a(open_app, "sv")
    at.button(key="pattern-finish").click().run()
    t = load_catalog("sv")
    assert not at.exception
    assert at.title[0].value == t("results.title")
    assert _scores_on_page(at) == [6, 6, 6, 6, 6]
    assert t("results.pattern_note", pattern=t("pattern.same")) in _infos(at)
    assert at.button(key="pattern-reopen").label == t("results.pattern_review")
    assert Store(db_url).result(at.query_params["r"]).pattern == "same"


def test_reviewing_after_finishing_reopens_part1_and_a_new_finish_stores_the_new_result(open_app, db_url):
    at = _finish_all_a(open_app)
    token = at.query_params["r"]
    at.button(key="pattern-finish").click().run()
    at.button(key="pattern-reopen").click().run()
    t = load_catalog("en")
    assert not at.exception
    assert position(at) == (t("questionnaire.heading", number=1, total=30), t("questionnaire.answered", answered=30, total=30))
    assert at.button(key="choice-P01-A").proto.type == "primary"  # the answers are kept
    assert Store(db_url).result(token) is None

    answer(at, GENUINE)  # a real answer to every pair
    at.button(key="finish").click().run()
    assert at.title[0].value == t("results.title")
    assert _scores_on_page(at) == [12, 9, 6, 3, 0]
    assert not [b for b in at.button if b.key == "pattern-reopen"]
    assert t("results.pattern_note", pattern=t("pattern.same")) not in _infos(at)
    assert Store(db_url).result(token).pattern is None


def test_a_genuine_finish_goes_straight_to_the_results_without_a_note(open_app):
    at = start(open_app())
    answer(at, GENUINE)
    at.button(key="finish").click().run()
    assert at.title[0].value == load_catalog("en").t("results.title")
    assert not [b for b in at.button if b.key in ("pattern-review", "pattern-finish", "pattern-reopen")]


def test_a_team_member_is_told_what_a_review_does_to_their_team_page(open_app, db_url):
    store = Store(db_url)
    lead = store.accounts.create_lead("Anna Lind", "anna@example.se", "blue ferry lantern moss")
    team = store.teams.create_team(lead.id, "Kundtjänst Malmö")
    at = start(open_app(join=team.latest.invite_code))
    answer(at, ALL_A)
    at.button(key="finish").click().run()
    at.button(key="pattern-finish").click().run()
    assert load_catalog("en").t("results.pattern_team") in [c.value for c in at.caption]
