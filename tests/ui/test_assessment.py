"""The agent's journey through the pages (Streamlit AppTest)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import answers_for_order
from questionnaire import LANGUAGES, load_catalog, load_instrument, load_mode_texts
from storage import Store
from views.text import plain

from .conftest import answer, position, start

INSTRUMENT = load_instrument()
ORDER = ("accommodating", "collaborating", "compromising", "avoiding", "competing")
ALL_ANSWERS = answers_for_order(INSTRUMENT, ORDER)


def _scores_on_page(at: AppTest) -> list[int]:
    table = at.table[0].value
    return [int(v) for v in table.iloc[:, 2]]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_an_agent_completes_the_questionnaire_and_sees_five_scores_summing_to_30(open_app, lang):
    at = open_app()
    at.selectbox(key="lang").select(lang).run()
    t = load_catalog(lang)
    assert at.title[0].value == t("welcome.title")
    start(at)
    answer(at, ALL_ANSWERS)
    at.button(key="finish").click().run()
    assert not at.exception
    assert at.title[0].value == t("results.title")
    scores = _scores_on_page(at)
    assert len(scores) == 5 and sum(scores) == 30 and scores == [12, 9, 6, 3, 0]
    headline = t("interpretation.top_one", mode=load_mode_texts(lang)["accommodating"].name)
    assert f"## {headline}" in [m.value for m in at.markdown]  # the page's H2, under its title
    assert len(at.get("plotly_chart")) == 2


def test_a_refresh_restores_every_answer_and_resumes_at_the_first_unanswered_item(open_app, db_url):
    at = start(open_app())
    token = at.query_params["r"]
    answer(at, dict(list(ALL_ANSWERS.items())[:10]))

    refreshed = open_app(r=token)  # a new session with only the URL: a refresh, a new tab or a restart
    t = load_catalog("en")
    assert position(refreshed) == (t("questionnaire.heading", number=11, total=30), t("questionnaire.answered", answered=10, total=30))
    for _ in range(10):
        refreshed.button(key="back").click().run()
    first = ALL_ANSWERS["P01"]
    assert refreshed.button(key=f"choice-P01-{first}").proto.type == "primary"
    assert Store(db_url).answers(token) == dict(list(ALL_ANSWERS.items())[:10])


def test_an_incomplete_submission_is_refused_and_names_the_missing_questions(open_app, db_url):
    at = start(open_app())
    token = at.query_params["r"]
    partial = {k: v for k, v in ALL_ANSWERS.items() if k not in ("P07", "P22")}
    answer(at, partial)
    at.button(key="finish").click().run()
    t = load_catalog("en")
    assert at.warning[0].value == t("questionnaire.missing", numbers="7, 22")
    assert at.title == [] or at.title[0].value != t("results.title")
    assert Store(db_url).result(token) is None
    at.button(key="goto-missing").click().run()
    assert at.button(key="choice-P07-A") is not None  # now on question 7
    assert position(at)[0] == "Question 7 of 30"


def test_switching_language_midway_keeps_every_answer(open_app):
    at = start(open_app())
    answer(at, dict(list(ALL_ANSWERS.items())[:5]))
    at.selectbox(key="lang").select("da").run()
    t = load_catalog("da")
    assert position(at) == (t("questionnaire.heading", number=6, total=30), t("questionnaire.answered", answered=5, total=30))
    assert at.button(key="choice-P06-A").label == load_instrument("da").item("P06").a.text
    assert at.query_params["lang"] == "da"


def test_the_language_follows_the_link_and_the_saved_respondent(open_app):
    at = start(open_app(lang="nb"))
    token = at.query_params["r"]
    again = open_app(r=token)  # no lang in the URL: the respondent's saved language is used
    assert again.selectbox(key="lang").value == "nb"
    assert load_catalog("nb").t("questionnaire.prompt") in [h.value for h in again.header]


@pytest.mark.parametrize("token", ["not-a-token", "A" * 43, "<script>alert(1)</script>"])
def test_a_wrong_resume_link_says_so_in_the_users_language(open_app, token):
    at = open_app(r=token, lang="sv")
    assert at.error[0].value == load_catalog("sv").t("errors.bad_link")
    assert at.button(key="start") is not None


def test_html_and_markdown_in_a_name_are_shown_as_typed(open_app):
    name = "<img src=x onerror=alert(1)> **boss** [x](javascript:alert(1))"
    at = start(open_app(), name=name)
    answer(at, ALL_ANSWERS)
    at.button(key="finish").click().run()
    caption = [c.value for c in at.caption if c.value.startswith("Profile for")][0]
    assert caption == "Profile for " + plain(name)


def test_a_finished_result_reopens_from_its_link_and_answers_stay_locked(open_app):
    at = start(open_app())
    token = at.query_params["r"]
    answer(at, ALL_ANSWERS)
    at.button(key="finish").click().run()
    reopened = open_app(r=token)
    assert reopened.title[0].value == load_catalog("en").t("results.title")
    assert _scores_on_page(reopened) == [12, 9, 6, 3, 0]
    assert not [b for b in reopened.button if b.key and b.key.startswith("choice-")]


def test_leaving_a_shared_computer_kills_the_old_link_and_hands_over_a_new_one(open_app, db_url):
    at = start(open_app(), name="Åsa")
    old = at.query_params["r"]
    answer(at, ALL_ANSWERS)
    at.button(key="finish").click().run()
    at.button(key="leave").click().run()
    t = load_catalog("en")
    assert t("leave.confirm_text") in [m.value for m in at.markdown]  # asks first
    at.button(key="confirm-leave").click().run()
    assert "r" not in at.query_params  # nothing of theirs in the address
    assert at.title[0].value == t("leave.done_title")
    new_link = at.code[0].value
    assert "?r=" in new_link and old not in new_link and len(at.get("image")) == 1  # the QR code
    new = new_link.split("?r=")[1]
    store = Store(db_url)
    assert store.find(old) is None and store.find(new).name == "Åsa"  # the history's links are dead
    at.button(key="handover-done").click().run()
    assert at.button(key="start") is not None and not at.code  # the screen is clear for the next person
    back = open_app(r=old)  # the next person presses Back
    assert back.error[0].value == t("errors.bad_link") and back.button(key="start") is not None
    mine = open_app(r=new)  # the agent's phone
    assert mine.title[0].value == t("results.title") and _scores_on_page(mine) == [12, 9, 6, 3, 0]


def test_cancelling_the_leave_dialog_changes_nothing(open_app, db_url):
    at = start(open_app())
    token = at.query_params["r"]
    answer(at, ALL_ANSWERS)
    at.button(key="finish").click().run()
    at.button(key="leave").click().run()
    at.button(key="cancel-leave").click().run()
    assert at.query_params["r"] == token and Store(db_url).find(token) is not None
    assert at.title[0].value == load_catalog("en").t("results.title")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_about_page_renders_in_every_language(db_url, lang):
    at = AppTest.from_string(
        "from views import about, session\nsession.init_language()\nabout.render()\n", default_timeout=30,
    )
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert at.title[0].value == load_catalog(lang).t("about.title")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_stage_renders_in_every_language_without_error(open_app, lang):
    at = open_app(lang=lang)
    assert not at.exception
    start(at)
    answer(at, {"P01": "A"})
    assert not at.exception
    assert at.button(key="choice-P02-A").label == load_instrument(lang).item("P02").a.text


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_an_unreachable_database_is_reported_in_the_users_language(monkeypatch, tmp_path, lang):
    monkeypatch.setenv("CSC_DATABASE_URL", f"sqlite:///{tmp_path}/missing-folder/coach.db")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=30)
    at.query_params.update(lang=lang, r="A" * 43)
    at.run()
    assert not at.exception
    assert at.error[0].value == load_catalog(lang).t("errors.unavailable")


def test_a_database_failure_while_answering_keeps_earlier_answers_and_says_so(open_app, db_url, monkeypatch):
    from storage import store as store_module

    at = start(open_app(lang="sv"))
    token = at.query_params["r"]
    answer(at, {"P01": "A", "P02": "B"})

    def broken(self, token, item_id, choice):
        from storage import StorageUnavailable
        raise StorageUnavailable("disk I/O error")

    monkeypatch.setattr(store_module.Store, "save_answer", broken)
    at.button(key="choice-P03-A").click().run()
    assert not at.exception
    assert at.error[0].value == load_catalog("sv").t("errors.save_failed")
    assert position(at)[0] == "Fråga 3 av 30"  # still on the same question
    monkeypatch.undo()
    assert Store(db_url).answers(token) == {"P01": "A", "P02": "B"}


def test_a_database_failure_when_starting_is_reported_not_raised(open_app, monkeypatch, tmp_path):
    at = open_app(lang="da")
    monkeypatch.setenv("CSC_DATABASE_URL", f"sqlite:///{tmp_path}/gone/coach.db")
    at.button(key="start").click().run()
    assert not at.exception
    assert load_catalog("da").t("errors.unavailable") in [e.value for e in at.error]
