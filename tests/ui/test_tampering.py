"""Widget values of the wrong type, as a tampered websocket message would carry them: the
user sees a message in their language, never a traceback or a server path, and nothing saved
is lost.

A browser sends each widget's value as a typed field of a WidgetState; these tests send the
same messages with the wrong field, or values no widget could produce."""
from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import local_script_runner

from analysis import answers_for_order
from questionnaire import load_catalog, load_instrument
from storage import Store
from views import messages

from .conftest import answer, start

INSTRUMENT = load_instrument()
ORDER = ("accommodating", "collaborating", "compromising", "avoiding", "competing")


@pytest.fixture
def with_app_error_handler(monkeypatch):
    """What server.py's st.App does: register messages.on_script_error with the runtime."""
    original = local_script_runner.LocalScriptRunner.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._on_script_error = messages.on_script_error

    monkeypatch.setattr(local_script_runner.LocalScriptRunner, "__init__", init)


def send(at: AppTest, key: str, **value) -> AppTest:
    """Rerun with one widget's state replaced by ``value`` (e.g. int_value=5)."""
    states = at._tree.get_widget_states()
    tampered = WidgetStates()
    matched = False
    for state in states.widgets:
        if state.id.split("-", 2)[-1] == key:  # "$$ID-<hash>-<key>"
            tampered.widgets.append(WidgetState(id=state.id, **value))
            matched = True
        else:
            tampered.widgets.append(state)
    assert matched, f"no widget {key!r} on the page"
    return at._run(widget_state=tampered)


def _shown(at: AppTest) -> str:
    return " ".join([e.value for e in at.error] + [m.value for m in at.markdown] + [e.message for e in at.exception])


def _no_internals(text: str) -> None:
    for leak in ("Traceback", "File \"", ".py", "/work/", "TypeError", "ValueError", "KeyError"):
        assert leak not in text, leak


def test_the_app_registers_the_handler_with_streamlit():
    import server
    assert server.app._on_script_error is messages.on_script_error


@pytest.mark.parametrize("value", [{"int_value": 7}, {"string_value": "Klingon"}, {"double_value": 1.5},
                                   {"bytes_value": b"\x00\xff"}, {"trigger_value": True}])
def test_a_language_that_is_no_option_falls_back_quietly(open_app, value):
    at = send(open_app(lang="sv"), "lang", **value)
    assert not at.exception
    _no_internals(_shown(at))
    assert at.selectbox(key="lang").value in ("sv", "en")
    assert at.title[0].value in (load_catalog("sv").t("welcome.title"), load_catalog("en").t("welcome.title"))


@pytest.mark.parametrize("value", [{"int_value": 5}, {"double_value": 2.0}, {"trigger_value": True}])
def test_a_name_of_the_wrong_type_gets_a_message_in_the_users_language(open_app, with_app_error_handler, value):
    at = send(open_app(lang="da"), "name", **value)
    shown = _shown(at)
    _no_internals(shown)
    assert load_catalog("da").t("errors.unexpected") in [e.value for e in at.error]


def test_an_oversized_name_is_cut_to_its_limit(open_app, db_url):
    at = send(open_app(), "name", string_value="Å" * 100_000)
    at.button(key="start").click().run()
    assert not at.exception
    assert len(Store(db_url).find(at.query_params["r"]).name) == 100


def test_a_wrong_answer_value_leaves_the_saved_answers_alone(open_app, db_url, with_app_error_handler):
    at = start(open_app(lang="nb"))
    token = at.query_params["r"]
    answer(at, {"P01": "A", "P02": "B"})
    for value in ({"string_value": "B; DROP TABLE answers"}, {"int_value": 1}, {"double_value": 0.5}):
        page = open_app(r=token, lang="nb")
        item = next(b.key for b in page.button if b.key and b.key.startswith("choice-"))
        at = send(page, item, **value)
        _no_internals(_shown(at))
    saved = Store(db_url).answers(token)
    # A tampered click is at most a click: the answer saved is the button's own, A or B.
    assert saved["P01"] == "A" and saved["P02"] == "B" and set(saved.values()) <= {"A", "B"}


def test_a_team_id_of_the_wrong_type_on_the_lead_page_shows_only_the_leads_own(open_app, db_url,
                                                                              with_app_error_handler):
    from .test_teams import LEAD_PAGE, _create_team, _sign_up

    at = AppTest.from_string(LEAD_PAGE, default_timeout=30)
    at.query_params["lang"] = "en"
    at = _create_team(_sign_up(at.run()), "Kundtjänst Malmö")
    at.button(key="new-round").click().run()  # a second round: something to compare with
    tampered = [("team", {"string_value": "999"}), ("team", {"int_value": 10**12}), ("team", {"double_value": -1.0}),
                ("compare", {"string_value": "round:1 OR 1=1"}), ("compare", {"int_value": 3}),
                ("round-1", {"string_value": "../../etc/passwd"})]
    for key, value in tampered:
        at = send(at.run(), key, **value)
        _no_internals(_shown(at))
        assert "Kundtjänst Malmö" in " ".join(c.value for c in [*at.markdown, *at.caption]) or at.error


def test_a_finished_assessment_cannot_be_changed_by_replaying_an_answer(open_app, db_url):
    at = start(open_app())
    token = at.query_params["r"]
    answer(at, answers_for_order(INSTRUMENT, ORDER))
    at.button(key="finish").click().run()
    before = Store(db_url).answers(token)
    # A stale tab replays a click on question 1: the store refuses, the page says so.
    stale = open_app(r=token)
    store = Store(db_url)
    from services import Refused, agent
    with pytest.raises(Refused) as refused:
        agent.answer(store, token, "P01", "B" if before["P01"] == "A" else "A")
    assert refused.value.code == "answers_locked"
    assert Store(db_url).answers(token) == before and not stale.exception
