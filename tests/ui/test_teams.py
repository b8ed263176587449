"""The team lead's page and joining a team (Streamlit AppTest)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analysis import answers_for_order, score
from questionnaire import load_catalog, load_instrument, load_mode_texts
from services import accounts
from storage import Store

from .conftest import answer, start

INSTRUMENT = load_instrument()
PASSWORD = "blue ferry lantern moss"
ORDERS = [
    ("accommodating", "collaborating", "compromising", "avoiding", "competing"),
    ("avoiding", "accommodating", "compromising", "collaborating", "competing"),
    ("collaborating", "accommodating", "avoiding", "compromising", "competing"),
]
LEAD_PAGE = """
from views import lead, session
session.init_language()
lead.render()
"""


@pytest.fixture
def open_lead(db_url):
    def _open(lang="en") -> AppTest:
        at = AppTest.from_string(LEAD_PAGE, default_timeout=30)
        at.query_params["lang"] = lang
        return at.run()
    return _open


def _sign_up(at: AppTest, name="Anna Lind", email="anna@example.se", password=PASSWORD) -> AppTest:
    at.text_input(key="signup-name").input(name)
    at.text_input(key="signup-email").input(email)
    at.text_input(key="signup-password").input(password)
    return at.button(key="sign-up").click().run()


def _sign_in(at: AppTest, email, password=PASSWORD) -> AppTest:
    at.text_input(key="signin-email").input(email)
    at.text_input(key="signin-password").input(password)
    return at.button(key="sign-in").click().run()


def _create_team(at: AppTest, name: str) -> AppTest:
    at.text_input(key="new-team-name").input(name)
    return at.button(key="create-team").click().run()


def _lead_id(store: Store, email="anna@example.se") -> int:
    return store.accounts.lead_by_email(email).id


def _member(store: Store, code: str, name: str, order, share: bool) -> str:
    invite = store.teams.invite(code)
    token = store.create_respondent("en", name, round_id=invite.round_id, share=share)
    for item_id, choice in answers_for_order(INSTRUMENT, order).items():
        store.save_answer(token, item_id, choice)
    store.finish(token, INSTRUMENT.version, score(INSTRUMENT, store.answers(token)).scores)
    return token


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [str(d.value.to_dict()) for d in (*at.dataframe, *at.table)] + [c.value for c in at.code]
    return " ".join(parts)


def test_an_agent_joins_through_the_link_and_decides_what_the_lead_sees(open_app, open_lead, db_url):
    lead_page = _create_team(_sign_up(open_lead()), "Kundtjänst Malmö")
    store = Store(db_url)
    (team,) = store.teams.teams(_lead_id(store))
    code = team.latest.invite_code
    assert lead_page.code[0].value.endswith(f"?join={code}")

    at = open_app(join=code)
    t = load_catalog("en")
    assert "Kundtjänst Malmö" in at.info[0].value and "Anna Lind" in at.info[0].value
    assert at.toggle(key="share").value is False  # private by default
    at.toggle(key="share").set_value(True).run()
    start(at, "Kari")
    assert "join" not in at.query_params
    answer(at, answers_for_order(INSTRUMENT, ORDERS[0]))
    at.button(key="finish").click().run()
    member = store.teams.members(_lead_id(store), team.latest.id)[0]
    assert (member.name, member.shared, member.finished, member.revealed) == ("Kari", True, True, True)
    assert t("team.sharing_on") in [c.value for c in at.caption]
    # ... and can change their mind on the results page, after confirming
    at.button(key="change-sharing").click().run()
    assert t("team.confirm_stop", lead="Anna Lind") in [m.value for m in at.markdown]
    assert store.find(at.query_params["r"]).share_with_lead  # nothing changes before the confirmation
    at.button(key="confirm-sharing").click().run()
    assert not store.find(at.query_params["r"]).share_with_lead
    assert t("team.sharing_changed_off") in [s.value for s in at.success]


def test_cancelling_the_sharing_dialog_changes_nothing(open_app, open_lead, db_url):
    _create_team(_sign_up(open_lead()), "Kundtjänst Malmö")
    store = Store(db_url)
    code = store.teams.teams(_lead_id(store))[0].latest.invite_code
    at = open_app(join=code)
    start(at, "Kari")
    answer(at, answers_for_order(INSTRUMENT, ORDERS[0]))
    at.button(key="finish").click().run()
    at.button(key="change-sharing").click().run()
    at.button(key="cancel-sharing").click().run()
    assert not store.find(at.query_params["r"]).share_with_lead


def test_a_wrong_invite_link_says_so_and_offers_the_assessment_alone(open_app):
    at = open_app(join="not-a-real-code")
    assert at.error[0].value == load_catalog("en")("errors.bad_invite")
    start(at)
    assert at.query_params.get("r") and "join" not in at.query_params


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_dashboard_shows_what_is_safe_and_adds_private_results_in_groups(open_lead, db_url, lang):
    at = _create_team(_sign_up(open_lead(lang)), "Kundtjänst Malmö")
    t = load_catalog(lang)
    store = Store(db_url)
    code = store.teams.teams(_lead_id(store))[0].latest.invite_code
    _member(store, code, "Kari", ORDERS[0], share=True)
    _member(store, code, "Bo", ORDERS[2], share=True)
    _member(store, code, "Secret Person", ORDERS[1], share=False)
    at.run()
    # The issue's small team: three finished, two share, one private. The sharers' profile is
    # shown, labelled, and nothing on the page singles out the private member.
    assert [m.value for m in at.metric] == ["3", "3", "2"]
    assert t("dashboard.included_waiting", count=2, min=3) in [c.value for c in at.caption]
    assert len(at.get("plotly_chart")) == 2
    page = _texts(at)
    assert "Kari" in page and "Bo" in page and "Secret" not in page
    assert [i.value for i in at.info] == []  # no "hidden" box, nothing about a private member

    _member(store, code, "Li", ORDERS[0], share=False)
    at.run()
    assert t("dashboard.included_waiting", count=2, min=3) in [c.value for c in at.caption]  # still 2
    _member(store, code, "Mo", ORDERS[1], share=False)
    at.run()
    assert [m.value for m in at.metric] == ["5", "5", "2"]
    assert t("dashboard.included_all", count=5) in [c.value for c in at.caption]  # a cohort of three joined
    page = _texts(at)
    assert "Secret" not in page and "Li" not in page.split() and "Mo" not in page.split()
    assert any(d.value.shape[0] == 10 for d in at.table)  # who can back up whom, per situation


def test_a_lead_cannot_open_another_leads_team(open_lead, db_url):
    first = _create_team(_sign_up(open_lead()), "Kundtjänst Malmö")
    store = Store(db_url)
    team = store.teams.teams(_lead_id(store))[0]
    _member(store, team.latest.invite_code, "Kari", ORDERS[0], share=True)
    assert first.selectbox(key="team").value == team.id

    other = _sign_up(open_lead(), "Bo Holm", "bo@example.dk")
    other.query_params["join"] = team.latest.invite_code  # Anna's link, opened on the lead page
    other.session_state["team"] = team.id  # a tampered selection: Anna's team id
    other.session_state[f"round-{team.id}"] = team.latest.id
    other.run()
    page = _texts(other)
    assert "Kundtjänst Malmö" not in page and "Kari" not in page and team.latest.invite_code not in page
    assert other.info[0].value == load_catalog("en")("lead.no_teams")
    assert other.get("download_button") == []  # nothing of Anna's to export

    # with a team of his own, Bo's page and exports hold only his team
    _create_team(other, "Kundeservice Aarhus")
    bo_team = store.teams.teams(_lead_id(store, "bo@example.dk"))[0]
    assert other.code[0].value.endswith(bo_team.latest.invite_code)  # his own team shown
    assert "Kari" not in _texts(other)
    # his own team's files; no personal report, as nobody in his team shares with him
    assert {button.key for button in other.get("download_button")} == {
        "qr-png", "qr-svg", "export-csv", "export-xlsx", "export-zip", "team-report", "answer-form", "import-template",
            "template-csv", "template-xlsx"}


def test_wrong_password_and_lockout_are_explained(open_lead, db_url):
    _sign_up(open_lead())
    at = open_lead("da")
    t = load_catalog("da")
    _sign_in(at, "anna@example.se", "wrong password")
    assert at.error[0].value == t("errors.wrong_credentials")
    for _ in range(4):
        _sign_in(at, "anna@example.se", "wrong password")
    assert at.error[0].value == t("errors.sign_in_locked", minutes=15)
    assert not at.session_state["signin-password"]  # the typed password is not kept in the session


@pytest.mark.parametrize("password,code", [("          ", "password_repeats"), ("aaaaaaaaaa", "password_repeats"),
                                           ("1234567890", "password_common")])
def test_a_weak_password_is_refused_with_advice_in_the_users_language(open_lead, db_url, password, code):
    at = _sign_up(open_lead("nb"), password=password)
    assert at.error[0].value == load_catalog("nb").t(f"errors.{code}")
    assert Store(db_url).accounts.lead_by_email("anna@example.se") is None


def test_a_taken_address_gets_no_more_than_a_failed_sign_in_would_say(open_lead, db_url):
    _sign_up(open_lead())
    at = _sign_up(open_lead(), "Someone", "anna@example.se", "another calm harbour tea")
    message = at.error[0].value
    assert message == load_catalog("en").t("errors.signup_refused")
    assert "exist" not in message.lower() and "already an account" not in message.lower()


def test_with_sign_up_closed_there_is_only_sign_in(open_lead, db_url, monkeypatch):
    monkeypatch.setenv("CSC_OPEN_SIGNUP", "false")
    at = open_lead()
    assert [tab.label for tab in at.tabs] == [load_catalog("en").t("lead.sign_in")]
    assert not [t for t in at.text_input if t.key == "signup-email"]
    store = Store(db_url)
    accounts.create_lead(store, "Anna Lind", "anna@example.se", PASSWORD)  # by the operator
    assert "Anna Lind" in _texts(_sign_in(at, "anna@example.se"))


def test_the_lead_stays_signed_in_when_the_browser_brings_the_cookie(open_lead, db_url, monkeypatch):
    """A refresh is a new session whose only memory is the cookie (set by server.py)."""
    at = _sign_up(open_lead())
    store = Store(db_url)
    handoff = [h for h in at.get("html") if "/api/session" in h.proto.body]  # the browser is asked to store it
    assert len(handoff) == 1
    code = handoff[0].proto.body.split('"handoff\\": \\"')[1].split("\\")[0]
    token, _ = accounts.claim(store, code)
    from views import session
    monkeypatch.setattr(session, "cookie_token", lambda: token)
    refreshed = open_lead()
    assert "Anna Lind" in _texts(refreshed)
    refreshed.button(key="sign-out").click().run()
    assert refreshed.text_input(key="signin-email") is not None
    assert accounts.current_session(store, None, token) is None  # ended for every tab
    assert any("/api/session/end" in h.proto.body for h in refreshed.get("html"))  # and the cookie goes
    other_tab = open_lead()  # a tab that still sends the old cookie
    assert other_tab.text_input(key="signin-email") is not None


def test_a_tab_whose_session_ended_elsewhere_cannot_act(open_lead, db_url):
    at = _create_team(_sign_up(open_lead()), "Kundtjänst Malmö")
    store = Store(db_url)
    lead_id = _lead_id(store)
    store.accounts.end_sessions(lead_id)  # signed out in another tab
    at.text_input(key="new-team-name").input("Sneaky")
    at.button(key="create-team").click().run()
    assert [t.name for t in store.teams.teams(lead_id)] == ["Kundtjänst Malmö"]  # nothing was created
    assert load_catalog("en").t("errors.signed_out") in [e.value for e in at.error]
    assert at.text_input(key="signin-email") is not None


def test_paper_results_are_imported_or_refused_with_line_numbers(open_lead, db_url):
    at = _create_team(_sign_up(open_lead()), "Kundtjänst Malmö")
    t = load_catalog("en")
    header = "name;competing;collaborating;compromising;avoiding;accommodating\n"
    at.file_uploader(key="import-file-0").set_value(("paper.csv", (header + "Kari;6;6;6;6;6\nBo;6;6;6;6;x\n").encode(),
                                                   "text/csv")).run()
    at.button(key="import").click().run()
    assert t("dashboard.import_refused") in at.error[0].value
    assert t("import.line", line=3) in at.error[0].value
    assert [m.value for m in at.metric][:2] == ["0", "0"]

    at.file_uploader(key="import-file-0").set_value(("paper.csv", (header + "Kari;6;6;6;6;6\nBo;12;9;6;3;0\n"
                                                                 "Li;0;3;6;9;12\n").encode(), "text/csv")).run()
    at.button(key="import").click().run()
    assert t("dashboard.import_done", count=3, number=1) in [s.value for s in at.success]
    assert [m.value for m in at.metric] == ["3", "3", "0"]
    assert len(at.get("plotly_chart")) == 2


@pytest.mark.parametrize("content", ["name,competing,collaborating,compromising,avoiding,accommodating\n"
                                     "A,6,6,6,6,\u00b2\n", ",,,,\n,,,\n", '""\n""\n', "\u0000\u0000", "x" * 10])
def test_a_malformed_import_is_a_message_not_a_traceback(open_lead, db_url, content):
    at = _create_team(_sign_up(open_lead("sv")), "Kundtjänst Malmö")
    at.file_uploader(key="import-file-0").set_value(("paper.csv", content.encode(), "text/csv")).run()
    at.button(key="import").click().run()
    assert not at.exception
    sv = load_catalog("sv")
    assert at.error[0].value.startswith((sv.t("dashboard.import_refused"), sv.t("dashboard.import_refused_file")))
    assert "Traceback" not in at.error[0].value and "/" not in at.error[0].value.split(":")[0]


def test_rounds_are_compared_and_deleted_only_after_confirming(open_lead, db_url):
    at = _create_team(_sign_up(open_lead()), "Kundtjänst Malmö")
    store = Store(db_url)
    lead_id = _lead_id(store)
    team = store.teams.teams(lead_id)[0]
    for n, order in enumerate(ORDERS):
        _member(store, team.latest.invite_code, f"First {n}", order, share=False)
    at.button(key="new-round").click().run()
    second = store.teams.team(lead_id, team.id).latest
    for n, order in enumerate(ORDERS):
        _member(store, second.invite_code, f"Second {n}", tuple(reversed(order)), share=False)
    at.run()
    t = load_catalog("en")
    assert at.selectbox(key=f"round-{team.id}").value == second.id
    completion = next(d.value for d in at.table if t("lead.choose_round") in d.value.columns)
    assert completion[t("dashboard.finished")].tolist() == [3, 3]
    assert at.selectbox(key="compare").value == f"round:{team.latest.id}"
    table = next(d.value for d in at.table if t("dashboard.col_note") in d.value.columns)
    assert list(table[t("dashboard.col_mode")]) == [load_mode_texts("en")[m].name for m in
                                                    ("competing", "collaborating", "compromising", "avoiding",
                                                     "accommodating")]
    assert set(table[t("dashboard.col_note")]) <= {t("dashboard.within_noise"), t("dashboard.clear_difference")}

    assert at.button(key="delete-round").disabled
    at.checkbox(key=f"confirm-delete-round-{second.id}").check().run()
    at.button(key="delete-round").click().run()
    assert [r.number for r in store.teams.team(lead_id, team.id).rounds] == [1]


def test_an_agent_deletes_their_result_after_confirming(open_app, db_url):
    at = open_app()
    start(at, "Kari")
    token = at.query_params["r"]
    answer(at, answers_for_order(INSTRUMENT, ORDERS[0]))
    at.button(key="finish").click().run()
    at.button(key="delete-me").click().run()
    assert Store(db_url).find(token) is not None  # only asked so far
    at.button(key="cancel-delete").click().run()
    assert Store(db_url).find(token) is not None
    at.button(key="delete-me").click().run()
    at.button(key="confirm-delete").click().run()
    assert Store(db_url).find(token) is None
    assert "r" not in at.query_params
    assert at.success[0].value == load_catalog("en")("team.deleted")
    assert at.title[0].value == load_catalog("en")("welcome.title")


def test_a_database_failure_on_the_lead_page_is_reported_not_raised(open_lead, monkeypatch, tmp_path):
    at = open_lead("nb")
    monkeypatch.setenv("CSC_DATABASE_URL", f"sqlite:///{tmp_path}/gone/coach.db")
    at.text_input(key="signin-email").input("anna@example.se")
    at.text_input(key="signin-password").input(PASSWORD)
    at.button(key="sign-in").click().run()
    assert not at.exception
    assert load_catalog("nb").t("errors.unavailable") in [e.value for e in at.error]
    assert "lead_session" not in at.session_state


def test_a_lead_grants_a_coach_who_sees_the_team_read_only_until_revoked(open_lead, db_url):
    anna = _create_team(_sign_up(open_lead(), email="anna@example.se"), "Kundtjänst <b>Malmö</b>")
    store = Store(db_url)
    team = store.teams.teams(_lead_id(store))[0]
    for i, name in enumerate(("Kari", "Lars", "Mette")):
        _member(store, team.latest.invite_code, name, ORDERS[i], share=True)
    accounts.create_lead(store, "Bo Ek", "bo@example.se", PASSWORD, role="coach")
    t = load_catalog("en")

    anna.text_input(key="grant-email").input("bo@example.se")
    anna = anna.button(key="grant-coach").click().run()
    link = next(c.value for c in anna.code if "?coach=" in c.value)  # shown once, to send on
    page = _texts(anna) + " ".join(m.value for m in anna.success)
    page = page.replace("\u2060", "").replace("\\", "")  # as the reader sees it: no joiners, no escapes
    assert "bo@example.se" in page and t("coach.waiting") in page

    # Bo signs in first, without the link: nothing; then he opens the link
    bo = _sign_in(open_lead(), "bo@example.se")
    assert bo.info[0].value.startswith(t("coach.no_teams", email="@").split("@")[0])
    bo.query_params["coach"] = link.split("?coach=")[1]
    bo = bo.run()
    assert any(s.value.startswith(t("coach.claimed", team="@").split("@")[0]) for s in bo.success)
    assert "coach" not in bo.query_params  # used up: not left in the address
    assert bo.info[0].value.startswith("You see the team")
    assert "Kundtjänst \\<b\\>Malmö\\</b\\>" in bo.info[0].value  # the team's name as typed, escaped
    keys = {b.key for b in bo.get("download_button")}
    assert {"team-report", "member-report", "batch-pdf", "batch-zip"} <= keys
    assert not {"qr-png", "qr-svg", "import-template"} & keys  # a coach neither invites nor imports
    buttons = {b.key for b in bo.button}
    assert not {"new-round", "delete-round", "delete-team", "import", "grant-coach"} & buttons
    assert [o for o in bo.selectbox(key="report-member").options] == ["Kari", "Lars", "Mette"]
    assert not [i for i in bo.text_input if i.key == "new-team-name"]  # a coach creates no teams

    anna.button(key="revoke-bo@example.se").click().run()
    bo.run()
    assert bo.info[0].value.startswith(t("coach.no_teams", email="@").split("@")[0])
    assert "Kari" not in _texts(bo)
