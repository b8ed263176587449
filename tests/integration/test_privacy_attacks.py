"""The attacks on a private result, played through the same functions the pages call, on
SQLite and PostgreSQL.

1. Padding the round: one private member; the lead imports made-up rows into the same round
   and solves 3 x mean - 6 - 6.
2. Differencing the organisation: note N and the means; a private agent in another lead's
   team finishes; (N + 1) x new mean - N x old mean.
3. Any sequence of joins, imports, sharing changes, deletions and views (Hypothesis), with a
   lead who does the linear algebra and knows which results are behind each figure.
"""
from __future__ import annotations

import random
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import answers_for_order, answers_for_weights, score
from analysis.organisation import GROWTH, MIN_RESULTS
from questionnaire import MODES, load_instrument
from services import agent, organisation, teams
from tests.attacker import Attacker

INSTRUMENT = load_instrument()
PASSWORD = "blue ferry lantern moss"
SECRET = ("competing", "avoiding", "compromising", "accommodating", "collaborating")


def _lead(store, email="anna@example.se"):
    return store.accounts.create_lead("Anna Lind", email, PASSWORD)


def _join_and_finish(store, code, name, answers, share=False) -> str:
    """An agent opens the invite link, answers all 30 pairs and finishes, as the pages do."""
    token = agent.start(store, "sv", name, code, share)
    for item_id, choice in answers.items():
        agent.answer(store, token, item_id, choice)
    assert agent.finish_part1(store, token) == ()
    return token


def _csv(rows) -> bytes:
    lines = ["name;" + ";".join(MODES)] + [f"{name};" + ";".join(str(v) for v in scores) for name, scores in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def _dashboard(store, lead_id, team, compare=None):
    page = teams.lead_page(store, lead_id, team.id, team.latest.id, compare, "sv")
    return page.dashboard


def test_padding_the_round_with_made_up_rows_reveals_nothing(store):
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    secret = answers_for_order(INSTRUMENT, SECRET)
    _join_and_finish(store, team.latest.invite_code, "Private Kim", secret)
    outcome = teams.import_results(store, lead.id, team.latest.id, _csv([("Fake 1", (6,) * 5), ("Fake 2", (6,) * 5)]),
                                   shared=False, lang="sv")
    assert outcome.count == 2
    report = _dashboard(store, lead.id, team).report
    truth = dict(score(INSTRUMENT, secret).scores)
    assert report.finished == 3 and report.figures.count == 2  # the private result is in no figure
    guess = {m: round(3 * report.figures.means[m] - 12) for m in MODES}
    assert guess != truth
    assert all(report.figures.means[m] == 6 for m in MODES)  # the figures are the lead's own rows
    assert "Private Kim" not in repr(report)


def _pool(store, count, seed=0):
    """Results taken in the app without a team, finished directly (the organisation's pool)."""
    rng = random.Random(seed)
    for _ in range(count):
        token = store.create_respondent("en")
        weights = {m: rng.uniform(0.2, 4) for m in MODES}
        store.finish(token, INSTRUMENT.version, score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng)).scores)


def test_differencing_the_organisation_reveals_nothing(store):
    lead_a, lead_b = _lead(store), _lead(store, "bo@example.dk")
    team_a = teams.create_team(store, lead_a.id, "Kundtjänst Malmö")
    team_b = teams.create_team(store, lead_b.id, "Kundeservice Aarhus")
    for i in range(3):  # lead B's own team, whose results B knows
        _join_and_finish(store, team_b.latest.invite_code, f"B{i}", answers_for_order(INSTRUMENT, SECRET), share=True)
    _pool(store, MIN_RESULTS)

    before = _dashboard(store, lead_b.id, team_b, "org").organisation
    secret = answers_for_order(INSTRUMENT, SECRET[::-1])
    _join_and_finish(store, team_a.latest.invite_code, "Private Kim", secret)
    after = _dashboard(store, lead_b.id, team_b, "org").organisation
    # A minute later: the same snapshot, so N + 1 never appears and the difference is nothing.
    assert after == before
    truth = dict(score(INSTRUMENT, secret).scores)
    guess = {m: round((after.count + 1) * after.figures.means[m] - after.count * before.figures.means[m])
             for m in MODES}
    assert guess != truth

    # Even when the pool grows enough for a new snapshot, and B made every other new result
    # themselves, the noise hides the one they did not make.
    known = []
    rng = random.Random(3)
    needed = int(before.count * GROWTH) + 1 - before.count - 1
    for _ in range(needed):
        token = store.create_respondent("en")
        weights = {m: rng.uniform(0.2, 4) for m in MODES}
        scores = score(INSTRUMENT, answers_for_weights(INSTRUMENT, weights, rng)).scores
        store.finish(token, INSTRUMENT.version, scores)
        known.append(dict(scores))
    later = _dashboard(store, lead_b.id, team_b, "org").organisation
    assert later.count == before.count + needed + 1 and later != before
    estimate = {m: later.count * later.figures.means[m] - before.count * before.figures.means[m]
                - sum(k[m] for k in known) for m in MODES}
    assert {m: round(v) for m, v in estimate.items()} != truth
    assert len(organisation_snapshots(store)) == 2


def organisation_snapshots(store):
    return store.organisation.history()


def test_imports_never_enter_or_move_the_organisation_figures(store):
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    _pool(store, MIN_RESULTS - 1)
    rows = [(f"Paper {i}", (12, 12, 6, 0, 0)) for i in range(500)]
    assert teams.import_results(store, lead.id, team.latest.id, _csv(rows), shared=True, lang="sv").count == 500
    assert organisation.reference(store) is None  # 99 results taken in the app: below the minimum
    _pool(store, 1, seed=9)
    made = organisation.reference(store)
    assert made.count == MIN_RESULTS
    assert made.figures.means["competing"] < 9  # 500 rows of 12 would have pulled it near 12


# --- any sequence of events ------------------------------------------------------------------------

EVENTS = st.lists(st.tuples(st.sampled_from(["join_private", "join_private", "join_shared", "import", "share",
                                             "unshare", "delete"]), st.integers(0, 10**6)),
                  min_size=3, max_size=14)


def _check_round(store, events, seed):
    rng = random.Random(seed)
    lead = _lead(store, f"lead-{uuid.uuid4().hex}@example.se")
    team = teams.create_team(store, lead.id, "Kundtjänst")
    attacker = Attacker()
    truth: dict[str, dict] = {}  # name -> scores
    tokens: dict[str, str] = {}  # name -> resume token (web members still there)
    cohort_of: dict[str, int] = {}  # name -> cohort, remembered after a deletion
    imported: set[str] = set()
    ever_revealed: set[str] = set()
    for number, (kind, pick) in enumerate(events):
        name = f"m{number}"
        alive = sorted(tokens)
        if kind.startswith("join"):
            weights = {m: rng.uniform(0.1, 5) for m in MODES}
            answers = answers_for_weights(INSTRUMENT, weights, rng)
            tokens[name] = _join_and_finish(store, team.latest.invite_code, name, answers,
                                            share=kind == "join_shared")
            truth[name] = dict(score(INSTRUMENT, answers).scores)
        elif kind == "import":
            teams.import_results(store, lead.id, team.latest.id, _csv([(name, (6,) * 5)]), shared=pick % 2 == 0,
                                 lang="sv")
            truth[name] = {m: 6 for m in MODES}
            imported.add(name)
        elif kind in ("share", "unshare") and alive:
            agent.set_sharing(store, tokens[alive[pick % len(alive)]], kind == "share")
        elif kind == "delete" and alive:
            gone = alive[pick % len(alive)]
            agent.delete(store, tokens.pop(gone))

        report = _dashboard(store, lead.id, team).report  # the lead looks after every event
        members = {m.name: m for m in store.teams.members(lead.id, team.latest.id)}
        for m in members.values():
            if m.cohort_id is not None:
                cohort_of[m.name] = m.cohort_id
            if m.revealed:
                ever_revealed.add(m.name)
        for row in report.shared:  # what the page shows by name
            attacker.learn(hash(row.name), truth[row.name])
            assert row.name in ever_revealed
        for known in ever_revealed | imported:  # and everything the lead ever saw or typed
            attacker.learn(hash(known), truth[known])
        included = {n for n, m in members.items() if (m.revealed or m.source == "import") and m.cohort_id is None}
        included |= set(cohort_of)
        if report.figures is None:
            assert not included
            continue
        # The attacker's model is the truth: the figures are exactly these results' totals.
        assert report.figures.count == len(included)
        for mode in MODES:
            assert report.figures.means[mode] * report.figures.count == pytest.approx(
                sum(truth[n][mode] for n in included))
        attacker.observe({hash(n) for n in included},
                         {m: report.figures.means[m] * report.figures.count for m in MODES})
    private = {hash(n) for n in truth} - {hash(n) for n in ever_revealed | imported}
    assert attacker.recovered() & private == set()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(events=EVENTS, seed=st.integers(0, 10**6))
def test_no_sequence_of_joins_imports_and_views_lets_a_lead_solve_for_a_private_result(store, events, seed):
    _check_round(store, events, seed)


def test_the_issues_small_team_shows_the_sharers_and_nothing_that_singles_out_the_private_one(store):
    """Three finished, two share, one private: the two shared profiles, clearly labelled."""
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    for name, share in (("Åsa", True), ("Per", True), ("Kim", False)):
        _join_and_finish(store, team.latest.invite_code, name, answers_for_order(INSTRUMENT, SECRET), share=share)
    report = _dashboard(store, lead.id, team).report
    assert [row.name for row in report.shared] == ["Åsa", "Per"]
    assert report.figures.count == 2 and report.waiting == 1 and len(report.visible) == 2
    assert "Kim" not in repr(report)
