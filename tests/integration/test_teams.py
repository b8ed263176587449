"""Teams, rounds and members against SQLite and PostgreSQL: access, invites, privacy settling, deletion,
import."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from analysis import answers_for_order, score
from questionnaire import MODES, load_instrument
from storage import ImportedPerson, Refused
from storage.schema import answers, cohorts, respondents, results

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
        store.finish(token, INSTRUMENT.version, score(INSTRUMENT, store.answers(token)).scores)
    return token


@pytest.fixture
def two_leads(store):
    a = store.accounts.create_lead("Anna Lind", "anna@example.se", PASSWORD)
    b = store.accounts.create_lead("Bo Holm", "bo@example.dk", PASSWORD)
    return a, b


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
    lambda s, lead, team: s.teams.cohorts(lead, team.latest.id),
    lambda s, lead, team: s.teams.round_state(lead, team.latest.id),
    lambda s, lead, team: s.teams.new_round(lead, team.id),
    lambda s, lead, team: s.teams.delete_team(lead, team.id),
    lambda s, lead, team: s.teams.delete_round(lead, team.latest.id),
    lambda s, lead, team: s.teams.import_results(
        lead, team.latest.id, [ImportedPerson("X", {m: 6 for m in MODES}, None)], shared=True,
        instrument_version="x"),
], ids=["members", "cohorts", "round state", "new round", "delete team", "delete round", "import"])
def test_another_leads_team_cannot_be_read_or_changed_by_id(store, two_leads, action):
    a, b = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    store.teams.new_round(a.id, team.id)
    team = store.teams.team(a.id, team.id)
    _member(store, team.latest.id, share=True)
    with pytest.raises(Refused) as info:
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
    with pytest.raises(Refused) as info:
        store.set_sharing(token, True)
    assert info.value.code == "not_a_member"


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
    with pytest.raises(Refused) as info:
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
    assert [(m.name, m.source, m.shared, m.finished, m.revealed) for m in members] == [
        ("Åsa", "import", False, True, True), ("Bo", "import", False, True, True)]  # the lead typed them
    assert members[1].scores["competing"] == 12 and _count(store, answers) == 30


def test_a_failing_import_writes_nothing(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    people = [ImportedPerson("Åsa", {m: 6 for m in MODES}, None),
              ImportedPerson("Bo", {**{m: 6 for m in MODES}, "competing": 13}, None)]  # refused by the database
    with pytest.raises(Exception):
        store.teams.import_results(a.id, team.latest.id, people, shared=False, instrument_version="2026.11")
    assert _count(store, respondents) == 0


# --- privacy settling in storage ---------------------------------------------------------------------


def _state(store, lead_id, round_id):
    members = store.teams.members(lead_id, round_id)
    return {m.name: (m.revealed, m.cohort_id is not None) for m in members}, store.teams.cohorts(lead_id, round_id)


def test_private_results_form_a_cohort_in_the_transaction_that_completes_it(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    rid = team.latest.id
    _member(store, rid, "Open", share=True)
    _member(store, rid, "P1")
    _member(store, rid, "P2")
    state, found = _state(store, a.id, rid)
    assert state == {"Open": (True, False), "P1": (False, False), "P2": (False, False)} and found == ()
    _member(store, rid, "P3")
    state, found = _state(store, a.id, rid)
    assert state["P3"] == (False, True) and len(found) == 1
    cohort = found[0]
    assert cohort.figures.size == 3 and cohort.state.revealed_count == 0
    assert cohort.figures.total["collaborating"] == 3 * 12  # ORDER puts collaborating first: 12 each


def test_a_cohorts_totals_stay_when_a_member_deletes(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    tokens = [_member(store, team.latest.id, f"P{i}") for i in range(3)]
    store.delete(tokens[0])
    (cohort,) = store.teams.cohorts(a.id, team.latest.id)
    assert cohort.figures.size == 3 and len(store.teams.members(a.id, team.latest.id)) == 2
    assert _count(store, cohorts) == 1


def test_the_second_to_last_private_member_of_a_cohort_is_held_back(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    tokens = [_member(store, team.latest.id, f"P{i}") for i in range(3)]
    assert store.set_sharing(tokens[0], True).revealed
    assert not store.set_sharing(tokens[1], True).revealed  # would leave P2 alone: held back
    assert store.find(tokens[1]).share_with_lead
    assert store.set_sharing(tokens[2], True).revealed and store.find(tokens[1]).revealed  # the last one shares
    (cohort,) = store.teams.cohorts(a.id, team.latest.id)
    assert cohort.state.revealed_count == 3


def test_a_revealed_result_stays_known_when_its_member_stops_sharing(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    token = _member(store, team.latest.id, "Open", share=True)
    after = store.set_sharing(token, False)
    assert after.revealed and not after.share_with_lead


def test_imports_never_enter_a_cohort(store, two_leads):
    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    _member(store, team.latest.id, "Private")
    people = [ImportedPerson(f"Paper {i}", {m: 6 for m in MODES}, None) for i in range(5)]
    store.teams.import_results(a.id, team.latest.id, people, shared=False, instrument_version="x")
    state, found = _state(store, a.id, team.latest.id)
    assert found == () and state["Private"] == (False, False)


def test_concurrent_finishes_in_one_round_form_one_cohort(database_url, two_leads, store):
    """Many members finishing at once: the round lock lets each see the others' results."""
    import threading

    from storage import Store

    a, _ = two_leads
    team = store.teams.create_team(a.id, "Kundtjänst Malmö")
    tokens = [_member(store, team.latest.id, f"P{i}", finish=False) for i in range(6)]
    for token in tokens:
        for item_id, choice in answers_for_order(INSTRUMENT, ORDER).items():
            store.save_answer(token, item_id, choice)
    scores = score(INSTRUMENT, answers_for_order(INSTRUMENT, ORDER)).scores
    stores = [Store(database_url, create=False) for _ in tokens]
    errors = []

    def finish(s, token):
        try:
            s.finish(token, INSTRUMENT.version, scores)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=finish, args=(s, t)) for s, t in zip(stores, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for s in stores:
        s.engine.dispose()
    assert errors == []
    members = store.teams.members(a.id, team.latest.id)
    found = store.teams.cohorts(a.id, team.latest.id)
    assert sum(c.figures.size for c in found) == 6 and all(c.figures.size >= 3 for c in found)
    assert all(m.cohort_id is not None for m in members)


def test_a_round_out_of_step_with_the_rules_is_settled_when_the_lead_looks(database_url, two_leads, store):
    """Three private results waiting under a minimum of 5 form a cohort once the minimum is 3."""
    from storage import Store

    a, _ = two_leads
    strict = Store(database_url, create=False, min_group=5)
    team = strict.teams.create_team(a.id, "Kundtjänst Malmö")
    for i in range(3):
        _member(strict, team.latest.id, f"P{i}")
    assert strict.teams.round_state(a.id, team.latest.id)[1] == ()  # still waiting: nothing written
    members, found = store.teams.round_state(a.id, team.latest.id)  # the default minimum of 3
    assert len(found) == 1 and found[0].figures.size == 3 and all(m.cohort_id for m in members)
    strict.engine.dispose()
