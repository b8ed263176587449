"""Team leads, teams and rounds against SQLite and PostgreSQL: accounts, access, invites, deletion."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from analysis import answers_for_order, score
from questionnaire import MODES, load_instrument
from storage import ImportedPerson, SignInRefused, TeamError
from storage.passwords import verify_password
from storage.schema import answers, leads, respondents, results
from storage.teams import LOCK_MINUTES, MAX_FAILURES

INSTRUMENT = load_instrument()
PASSWORD = "correct horse battery"
ORDER = ("collaborating", "compromising", "accommodating", "avoiding", "competing")


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _member(store, round_id, name="Kari", share=False, finish=True):
    token = store.create_respondent("nb", name, round_id=round_id, share=share)
    if finish:
        for item_id, choice in answers_for_order(INSTRUMENT, ORDER).items():
            store.save_answer(token, item_id, choice)
        store.submit(token, INSTRUMENT.version, score(INSTRUMENT, store.answers(token)).scores)
    return token


@pytest.fixture
def two_leads(store):
    a = store.teams.create_lead("Anna Lind", "anna@example.se", PASSWORD)
    b = store.teams.create_lead("Bo Holm", "bo@example.dk", PASSWORD)
    return a, b


# --- accounts --------------------------------------------------------------------------------


def test_passwords_are_stored_only_as_a_scrypt_hash(store):
    store.teams.create_lead("Anna", "Anna@Example.se", PASSWORD)
    with store.engine.connect() as conn:
        email, stored = conn.execute(select(leads.c.email, leads.c.password_hash)).one()
    assert email == "anna@example.se"  # one account per address, whatever the case
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored) and not verify_password(PASSWORD + "x", stored)


@pytest.mark.parametrize("name,email,password,code", [
    ("", "a@example.se", PASSWORD, "name_missing"),
    ("Anna", "not-an-address", PASSWORD, "bad_email"),
    ("Anna", "a@example.se", "short", "weak_password"),
])
def test_bad_sign_up_is_refused_with_a_code(store, name, email, password, code):
    with pytest.raises(TeamError) as info:
        store.teams.create_lead(name, email, password)
    assert info.value.code == code
    assert _count(store, leads) == 0


def test_an_address_has_one_account(store):
    store.teams.create_lead("Anna", "anna@example.se", PASSWORD)
    with pytest.raises(TeamError) as info:
        store.teams.create_lead("Anna 2", "ANNA@example.se ", PASSWORD)
    assert info.value.code == "email_taken"


def test_sign_in_with_the_right_password_and_not_the_wrong_one(store, two_leads):
    a, _ = two_leads
    assert store.teams.sign_in(" Anna@Example.se", PASSWORD) == a
    with pytest.raises(SignInRefused) as info:
        store.teams.sign_in("anna@example.se", "wrong password!")
    assert info.value.code == "wrong"


@pytest.mark.parametrize("email", ["anna@example.se", "nobody@example.se"])
def test_repeated_failures_lock_the_address_known_or_not(store, two_leads, email):
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(SignInRefused) as info:
            store.teams.sign_in(email, "guess")
        assert info.value.code == "wrong"
    with pytest.raises(SignInRefused) as info:
        store.teams.sign_in(email, "guess")
    assert info.value.code == "locked" and info.value.values["minutes"] == LOCK_MINUTES
    with pytest.raises(SignInRefused) as info:  # even the right password waits out the lock
        store.teams.sign_in(email, PASSWORD)
    assert info.value.code == "locked"
    # another address is not affected
    assert store.teams.sign_in("bo@example.dk", PASSWORD).name == "Bo Holm"


def test_the_lock_ends_and_a_success_clears_the_count(store, two_leads):
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInRefused):
            store.teams.sign_in("anna@example.se", "guess")
    with store.engine.begin() as conn:  # time passes
        conn.execute(text("UPDATE sign_in_attempts SET locked_until = :t"),
                     {"t": "2000-01-01 00:00:00+00:00"})
    assert store.teams.sign_in("anna@example.se", PASSWORD).name == "Anna Lind"
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sign_in_attempts")).scalar_one() == 0


# --- access ---------------------------------------------------------------------------------


def test_a_lead_sees_only_their_own_teams(store, two_leads):
    a, b = two_leads
    team_a = store.teams.create_team(a.id, "Kundtjänst Malmö")
    store.teams.create_team(b.id, "Kundeservice Aarhus")
    assert [t.name for t in store.teams.teams(a.id)] == ["Kundtjänst Malmö"]
    assert store.teams.team(b.id, team_a.id) is None  # by id: nothing, as for an unknown id
    assert store.teams.team(a.id, 99999) is None


@pytest.mark.parametrize("action", [
    lambda s, lead, team: s.teams.members(lead, team.latest.id),
    lambda s, lead, team: s.teams.new_round(lead, team.id),
    lambda s, lead, team: s.teams.delete_team(lead, team.id),
    lambda s, lead, team: s.teams.delete_round(lead, team.latest.id),
    lambda s, lead, team: s.teams.import_results(
        lead, team.latest.id, [ImportedPerson("X", {m: 6 for m in MODES}, None)], shared=True,
        instrument_version="x"),
], ids=["members", "new round", "delete team", "delete round", "import"])
def test_another_leads_team_cannot_be_read_or_changed_by_id(store, two_leads, action):
    a, b = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    store.teams.new_round(a.id, team.id)
    team = store.teams.team(a.id, team.id)
    _member(store, team.latest.id, share=True)
    with pytest.raises(TeamError) as info:
        action(store, b.id, team)
    assert info.value.code == "not_found"
    assert len(store.teams.team(a.id, team.id).rounds) == 2 and _count(store, results) == 1


# --- invites, rounds, members ---------------------------------------------------------------------


def test_an_invite_opens_its_round_and_a_wrong_one_nothing(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    code = team.latest.invite_code
    assert len(code) >= 22  # 128 random bits
    invite = store.teams.invite(code)
    assert (invite.team_name, invite.lead_name, invite.number) == ("Kundtjänst Malmö", "Anna Lind", 1)
    for wrong in (code[:-1] + ("A" if code[-1] != "A" else "B"), "", None, "x" * 200, "' OR 1=1 --"):
        assert store.teams.invite(wrong) is None


def test_a_new_round_has_its_own_link_and_keeps_the_earlier_one(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    first = team.latest
    second = store.teams.new_round(a.id, team.id)
    assert second.number == 2 and second.invite_code != first.invite_code
    _member(store, first.id, "Kari")
    _member(store, second.id, "Kari")
    assert [len(store.teams.members(a.id, r.id)) for r in (first, second)] == [1, 1]


def test_members_carry_their_own_sharing_decision(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    private = _member(store, team.latest.id, "Private", share=False)
    _member(store, team.latest.id, "Open", share=True)
    _member(store, team.latest.id, "Started", finish=False)
    members = store.teams.members(a.id, team.latest.id)
    assert [(m.name, m.shared, m.finished) for m in members] == [
        ("Private", False, True), ("Open", True, True), ("Started", False, False)]
    store.set_sharing(private, True)
    assert store.teams.members(a.id, team.latest.id)[0].shared
    assert store.teams.round_counts(a.id) == {team.latest.id: (3, 2)}


def test_sharing_is_only_for_team_members(store):
    token = store.create_respondent("en", share=True)
    assert store.find(token).share_with_lead is False
    with pytest.raises(ValueError):
        store.set_sharing(token, True)


# --- deletion ---------------------------------------------------------------------------------------


def test_an_agent_deletes_everything_of_theirs(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    token = _member(store, team.latest.id)
    keep = _member(store, team.latest.id, "Other")
    store.delete(token)
    assert store.find(token) is None and store.find(keep) is not None
    assert _count(store, results) == 1 and _count(store, answers) == 30


def test_deleting_a_round_deletes_its_members_and_keeps_the_other_round(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    second = store.teams.new_round(a.id, team.id)
    _member(store, team.latest.id)
    _member(store, second.id)
    store.teams.delete_round(a.id, team.latest.id)
    assert [r.number for r in store.teams.team(a.id, team.id).rounds] == [2]
    assert _count(store, respondents) == 1 and _count(store, answers) == 30
    with pytest.raises(TeamError) as info:
        store.teams.delete_round(a.id, second.id)
    assert info.value.code == "last_round"


def test_deleting_a_team_deletes_its_rounds_and_members_only(store, two_leads):
    a, b = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    other = store.teams.create_team(b.id, "Kundeservice Aarhus")
    _member(store, team.latest.id)
    _member(store, other.latest.id)
    solo = store.create_respondent("en", "On my own")
    store.teams.delete_team(a.id, team.id)
    assert store.teams.teams(a.id) == ()
    assert store.teams.invite(team.latest.invite_code) is None
    assert _count(store, respondents) == 2 and store.find(solo) is not None


# --- import ---------------------------------------------------------------------------------------------


def test_imported_results_are_stored_all_together(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    paper = answers_for_order(INSTRUMENT, ORDER)
    people = [ImportedPerson("Åsa", score(INSTRUMENT, paper).scores, paper),
              ImportedPerson("Bo", {"competing": 12, "collaborating": 9, "compromising": 6, "avoiding": 3,
                                    "accommodating": 0}, None)]
    assert store.teams.import_results(a.id, team.latest.id, people, shared=False, instrument_version="2026.11") == 2
    members = store.teams.members(a.id, team.latest.id)
    assert [(m.name, m.source, m.shared, m.finished) for m in members] == [
        ("Åsa", "import", False, True), ("Bo", "import", False, True)]
    assert members[1].scores["competing"] == 12 and _count(store, answers) == 30


def test_a_failing_import_writes_nothing(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    people = [ImportedPerson("Åsa", {m: 6 for m in MODES}, None),
              ImportedPerson("Bo", {**{m: 6 for m in MODES}, "competing": 13}, None)]  # refused by the database
    with pytest.raises(Exception):
        store.teams.import_results(a.id, team.latest.id, people, shared=False, instrument_version="2026.11")
    assert _count(store, respondents) == 0
