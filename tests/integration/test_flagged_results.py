"""Answers that follow a pattern, on SQLite and PostgreSQL: held at Finish until the agent
confirms, stored with their flag, reopened for review (for a team member as a deletion
followed by a new membership), flagged in imports, and left out of "who can back up whom"."""
from __future__ import annotations

import pytest

from analysis import answers_for_order, score
from questionnaire import MODES, load_instrument
from questionnaire.playbook import load_playbook
from services import agent, teams
from storage import ImportedPerson

INSTRUMENT = load_instrument()
PASSWORD = "blue ferry lantern moss"
ALL_A = {item_id: "A" for item_id in INSTRUMENT.ids}
ABAB = {item_id: "AB"[n % 2] for n, item_id in enumerate(INSTRUMENT.ids)}
GENUINE = answers_for_order(INSTRUMENT, ("competing", "collaborating", "compromising", "avoiding", "accommodating"))
HELPER = answers_for_order(INSTRUMENT, ("accommodating", "collaborating", "compromising", "avoiding", "competing"))


def _answered(store, answers, *, code=None, name=None, share=False) -> str:
    token = agent.start(store, "en", name, code, share)
    for item_id, choice in answers.items():
        agent.answer(store, token, item_id, choice)
    return token


def _finished(store, answers, **kwargs) -> str:
    token = _answered(store, answers, **kwargs)
    assert agent.finish_part1(store, token, confirm_pattern=True) == ()
    return token


def _lead_and_team(store, name="Kundtjänst Malmö"):
    lead = store.accounts.create_lead("Anna Lind", "anna@example.se", PASSWORD)
    return lead, teams.create_team(store, lead.id, name)


# --- finishing --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("answers", "pattern"), [(ALL_A, "same"), (ABAB, "alternating")])
def test_a_patterned_finish_is_held_until_the_agent_confirms_and_then_stored_flagged(store, answers, pattern):
    token = _answered(store, answers)
    assert agent.finish_part1(store, token) == agent.PatternFound(pattern)
    assert store.result(token) is None and not store.find(token).finished
    agent.answer(store, token, "P05", "B")  # still open: the answers can change
    agent.answer(store, token, "P05", answers["P05"])
    assert agent.finish_part1(store, token, confirm_pattern=True) == ()
    assert store.result(token).pattern == pattern
    screen = agent.open_assessment(store, token, None, "en", part2=False)
    assert isinstance(screen, agent.Results) and screen.pattern == pattern


def test_a_genuine_result_is_stored_at_once_and_unflagged(store):
    token = _answered(store, GENUINE)
    assert agent.finish_part1(store, token) == ()
    assert store.result(token).pattern is None
    assert agent.open_assessment(store, token, None, "en", part2=False).pattern is None


def test_missing_answers_are_named_before_any_pattern_is_looked_for(store):
    token = _answered(store, {k: v for k, v in ALL_A.items() if k != "P30"})
    assert agent.finish_part1(store, token) == (30,)


def test_the_store_refuses_a_pattern_it_does_not_know(store):
    token = _answered(store, GENUINE)
    with pytest.raises(ValueError, match="pattern"):
        store.finish(token, INSTRUMENT.version, score(INSTRUMENT, GENUINE).scores, pattern="zigzag")
    assert store.result(token) is None


# --- reviewing after finishing ---------------------------------------------------------------------------


def test_reviewing_a_flagged_result_reopens_part1_with_the_answers_and_keeps_part2(store):
    token = _finished(store, ALL_A)
    scenario_ids = [s.id for s in load_playbook("en").scenarios]
    for scenario_id in scenario_ids:
        agent.pick(store, token, scenario_id, "collaborating")
    assert agent.finish_part2(store, token) == ()

    agent.reopen(store, token)
    assert store.result(token) is None
    respondent = store.find(token)
    assert not respondent.finished and respondent.scenarios_finished
    screen = agent.open_assessment(store, token, None, "en", part2=False)
    assert isinstance(screen, agent.QuestionnaireScreen) and dict(screen.answers) == ALL_A

    for item_id, choice in GENUINE.items():  # changes are accepted again
        agent.answer(store, token, item_id, choice)
    assert agent.finish_part1(store, token) == ()
    stored = store.result(token)
    assert stored.pattern is None and dict(stored.scores) == dict(score(INSTRUMENT, GENUINE).scores)
    assert store.find(token).scenarios_finished
    assert len(store.scenario_answers(token)) == len(scenario_ids)
    results = agent.open_assessment(store, token, None, "en", part2=False)
    assert results.pattern is None and results.scenarios is not None


def test_only_a_flagged_result_reopens_and_reopening_twice_is_harmless(store):
    genuine = _finished(store, GENUINE)
    agent.reopen(store, genuine)
    assert store.find(genuine).finished and store.result(genuine) is not None

    flagged = _finished(store, ALL_A)
    agent.reopen(store, flagged)
    agent.reopen(store, flagged)  # a double click, or a second tab
    store.reopen(flagged)
    assert not store.find(flagged).finished and store.answers(flagged) == ALL_A


# --- a team member's review: a deletion followed by a new membership ----------------------------------------


def _member(store, lead, team, name):
    return next(m for m in store.teams.members(lead.id, team.latest.id) if m.name == name)


def test_a_shown_result_under_review_leaves_the_named_rows_but_no_figure_changes(store):
    lead, team = _lead_and_team(store)
    token = _finished(store, ALL_A, code=team.latest.invite_code, name="Kim", share=True)
    _finished(store, HELPER, code=team.latest.invite_code, name="Åsa", share=True)
    before = teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report
    assert before.figures.count == 2 and [r.name for r in before.shared] == ["Kim", "Åsa"]

    agent.reopen(store, token)
    kim = _member(store, lead, team, "Kim")
    assert (kim.finished, kim.scores, kim.pattern) == (False, None, None)
    assert kim.revealed and kim.cohort_id is not None  # the old result, frozen as it was seen
    (frozen,) = store.teams.cohorts(lead.id, team.latest.id)
    assert frozen.figures.size == 1 and frozen.state.revealed_count == 1
    assert dict(frozen.figures.total) == dict(score(INSTRUMENT, ALL_A).scores)
    during = teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report
    # Still counted as finished: the old result is in the figures (a drop would tell what it was).
    assert [r.name for r in during.shared] == ["Åsa"] and during.finished == 2
    assert during.figures == before.figures

    for item_id, choice in GENUINE.items():
        agent.answer(store, token, item_id, choice)
    assert agent.finish_part1(store, token) == ()
    after = teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report
    kim_row = next(r for r in after.shared if r.name == "Kim")  # shared, and the lead knew the old one: shown
    assert dict(kim_row.scores) == dict(score(INSTRUMENT, GENUINE).scores) and after.patterned == 0
    assert after.figures == before.figures  # the new result is shown by name, in no figure
    assert agent.open_assessment(store, token, None, "en", part2=False).membership.shown


def test_a_private_result_waiting_for_a_cohort_is_simply_replaced(store):
    lead, team = _lead_and_team(store)
    token = _finished(store, ALL_A, code=team.latest.invite_code, name="Kim")
    agent.reopen(store, token)
    kim = _member(store, lead, team, "Kim")
    assert (kim.finished, kim.revealed, kim.cohort_id) == (False, False, None)
    assert store.teams.cohorts(lead.id, team.latest.id) == ()
    assert agent.finish_part1(store, token, confirm_pattern=True) == ()
    _finished(store, GENUINE, code=team.latest.invite_code, name="Bo")
    _finished(store, HELPER, code=team.latest.invite_code, name="Li")
    (cohort,) = store.teams.cohorts(lead.id, team.latest.id)  # the new result enters a cohort as usual
    assert cohort.figures.size == 3 and _member(store, lead, team, "Kim").cohort_id == cohort.state.id


def test_an_unknown_member_of_a_cohort_keeps_it_and_its_frozen_totals_stay(store):
    lead, team = _lead_and_team(store)
    tokens = [_finished(store, answers, code=team.latest.invite_code, name=name)
              for name, answers in (("Kim", ALL_A), ("Bo", GENUINE), ("Li", HELPER))]
    (cohort,) = store.teams.cohorts(lead.id, team.latest.id)
    cohort_id = _member(store, lead, team, "Kim").cohort_id
    assert cohort_id == cohort.state.id

    agent.reopen(store, tokens[0])
    kim = _member(store, lead, team, "Kim")
    assert not kim.finished and not kim.revealed and kim.cohort_id == cohort_id
    assert store.teams.cohorts(lead.id, team.latest.id) == (cohort,)  # frozen, old result and all
    assert teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report.figures.count == 3
    for item_id, choice in GENUINE.items():
        agent.answer(store, tokens[0], item_id, choice)
    assert agent.finish_part1(store, tokens[0]) == ()
    report = teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report
    assert report.figures.count == 3 and report.waiting == 0  # counted once, by the old result


def test_a_shown_member_of_a_cohort_stays_in_it_and_is_shown_again_at_once(store):
    lead, team = _lead_and_team(store)
    tokens = [_finished(store, answers, code=team.latest.invite_code, name=name)
              for name, answers in (("Kim", ALL_A), ("Bo", GENUINE), ("Li", HELPER))]
    for token in tokens:
        agent.set_sharing(store, token, True)  # all three shown: nothing unknown is left in the cohort
    (cohort,) = store.teams.cohorts(lead.id, team.latest.id)
    agent.reopen(store, tokens[0])
    kim = _member(store, lead, team, "Kim")
    assert (kim.finished, kim.revealed, kim.cohort_id) == (False, True, cohort.state.id)
    assert store.teams.cohorts(lead.id, team.latest.id) == (cohort,)
    assert agent.finish_part1(store, tokens[0], confirm_pattern=True) == ()
    report = teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report
    assert "Kim" in [r.name for r in report.shared] and report.figures.count == 3


# --- imports and the team page -------------------------------------------------------------------------------


def test_imported_paper_answers_are_flagged_and_score_only_rows_are_not(store):
    lead, team = _lead_and_team(store)
    people = [ImportedPerson("All A", score(INSTRUMENT, ALL_A).scores, ALL_A),
              ImportedPerson("Genuine", score(INSTRUMENT, GENUINE).scores, GENUINE),
              ImportedPerson("Scores only", {m: 6 for m in MODES}, None)]
    store.teams.import_results(lead.id, team.latest.id, people, shared=True, instrument_version=INSTRUMENT.version)
    patterns = {m.name: m.pattern for m in store.teams.members(lead.id, team.latest.id)}
    assert patterns == {"All A": "same", "Genuine": None, "Scores only": None}


def test_the_team_page_leaves_flagged_shared_results_out_of_who_can_back_up_whom(store):
    lead, team = _lead_and_team(store)
    code = team.latest.invite_code
    _finished(store, ALL_A, code=code, name="All A", share=True)
    _finished(store, ABAB, code=code, name="ABAB", share=True)
    _finished(store, GENUINE, code=code, name="Holder", share=True)
    _finished(store, HELPER, code=code, name="Helper", share=True)
    _finished(store, ALL_A, code=code, name="Private")  # a private flagged result: never counted
    report = teams.lead_page(store, lead.id, team.id, None, None, "en").dashboard.report
    assert report.patterned == 2
    assert {name for s in report.strengths for name in s.names} == {"Holder", "Helper"}
    assert [r.name for r in report.shared] == ["All A", "ABAB", "Holder", "Helper"]
    assert report.figures.count == 4  # the figures hold every shown result, flagged or not
    assert report.figures.means["competing"] == pytest.approx(
        sum(score(INSTRUMENT, a).scores["competing"] for a in (ALL_A, ABAB, GENUINE, HELPER)) / 4)
