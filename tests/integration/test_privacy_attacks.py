"""The attacks on a private result, played through the same functions the pages call, on
SQLite and PostgreSQL.

1. Padding the round: one private member; the lead imports made-up rows into the same round
   and solves 3 x mean - 6 - 6.
2. Differencing the organisation: note N and the means; a private agent in another lead's
   team finishes; (N + 1) x new mean - N x old mean.
3. Any sequence of joins, imports, sharing changes, deletions and views (Hypothesis), with a
   lead who does the linear algebra and knows which results are behind each figure.
4. Reviewing a flagged result (answers that follow a pattern): the lead differences the
   figures before and after, or waits for the same answers to be finished again and shared.
"""
from __future__ import annotations

import itertools
import random
import uuid

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis import answers_for_order, answers_for_weights, score
from analysis.organisation import GROWTH, MIN_RESULTS
from analysis.patterns import answer_pattern
from questionnaire import MODES, load_instrument
from services import agent, organisation, teams
from tests.attacker import Attacker

INSTRUMENT = load_instrument()
PASSWORD = "blue ferry lantern moss"
SECRET = ("competing", "avoiding", "compromising", "accommodating", "collaborating")


def _lead(store, email="anna@example.se"):
    return store.accounts.create_lead("Anna Lind", email, PASSWORD)


def _join_and_finish(store, code, name, answers, share=False, confirm_pattern=False) -> str:
    """An agent opens the invite link, answers all 30 pairs and finishes, as the pages do
    (``confirm_pattern``: they finish anyway when told their answers follow a pattern)."""
    token = agent.start(store, "sv", name, code, share)
    for item_id, choice in answers.items():
        agent.answer(store, token, item_id, choice)
    assert agent.finish_part1(store, token, confirm_pattern=confirm_pattern) == ()
    return token


def _patterned(rng) -> dict[str, str]:
    """Answers with A in at least 27 of the 30 pairs (flagged "same"), the few B's at random."""
    flips = set(rng.sample(INSTRUMENT.ids, rng.randint(0, 3)))
    return {item_id: "B" if item_id in flips else "A" for item_id in INSTRUMENT.ids}


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
# With flagged results under review: "reopen" takes a flagged result back, "refinish" finishes
# it again with the very same answers, the worst case (the new result is the old one).
REVIEW_EVENTS = st.lists(st.tuples(st.sampled_from(["join_private", "join_patterned", "join_patterned",
                                                    "join_patterned_shared", "share", "share", "unshare", "delete",
                                                    "import", "reopen", "reopen", "refinish", "refinish"]),
                                   st.integers(0, 10**6)),
                         min_size=4, max_size=18)


def _check_round(store, events, seed):
    rng = random.Random(seed)
    lead = _lead(store, f"lead-{uuid.uuid4().hex}@example.se")
    team = teams.create_team(store, lead.id, "Kundtjänst")
    attacker = Attacker()
    truth: dict[str, dict] = {}  # name -> scores
    tokens: dict[str, str] = {}  # name -> resume token (web members still there)
    # (name, cohort): the cohorts a result entered, remembered after a deletion or a review.
    cohort_pairs: set[tuple[str, int]] = set()
    imported: set[str] = set()
    ever_revealed: set[str] = set()
    answers_of: dict[str, dict] = {}
    reviewing: set[str] = set()  # reopened, not finished again yet
    for number, (kind, pick) in enumerate(events):
        name = f"m{number}"
        alive = sorted(tokens)
        if kind.startswith("join"):
            if "patterned" in kind:
                answers = _patterned(rng)
            else:
                weights = {m: rng.uniform(0.1, 5) for m in MODES}
                answers = answers_for_weights(INSTRUMENT, weights, rng)
            tokens[name] = _join_and_finish(store, team.latest.invite_code, name, answers,
                                            share=kind.endswith("_shared"), confirm_pattern=True)
            truth[name] = dict(score(INSTRUMENT, answers).scores)
            answers_of[name] = answers
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
            reviewing.discard(gone)
        elif kind == "reopen":
            flagged = [n for n in alive if n not in reviewing and answer_pattern(answers_of[n], INSTRUMENT.ids)]
            if flagged:
                chosen = flagged[pick % len(flagged)]
                agent.reopen(store, tokens[chosen])
                reviewing.add(chosen)
        elif kind == "refinish" and reviewing:
            chosen = sorted(reviewing)[pick % len(reviewing)]
            assert agent.finish_part1(store, tokens[chosen], confirm_pattern=True) == ()
            reviewing.discard(chosen)

        report = _dashboard(store, lead.id, team).report  # the lead looks after every event
        members = {m.name: m for m in store.teams.members(lead.id, team.latest.id)}
        for m in members.values():
            if m.cohort_id is not None:
                cohort_pairs.add((m.name, m.cohort_id))
            if m.revealed:
                ever_revealed.add(m.name)
        for row in report.shared:  # what the page shows by name
            attacker.learn(hash(row.name), truth[row.name])
            assert row.name in ever_revealed
        for known in ever_revealed | imported:  # and everything the lead ever saw or typed
            attacker.learn(hash(known), truth[known])
        # A result under review (and the new one, once finished) stays in the figures by the old
        # result, in the cohort it entered or, known to the lead, in one frozen on its own.
        included = [n for n, m in members.items()
                    if m.finished and (m.revealed or m.source == "import") and m.cohort_id is None]
        included += [n for n, _ in sorted(cohort_pairs)]
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


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(events=REVIEW_EVENTS, seed=st.integers(0, 10**6))
# Found by this test against the first design (a reviewed result was simply new and private):
# two results the lead had seen are reviewed, finished again unchanged and kept private; they
# formed a cohort with one private colleague, whose result was then the total minus theirs.
@example(events=[("join_patterned_shared", 0), ("join_private", 0), ("join_private", 0),
                 ("join_patterned_shared", 0), ("unshare", 0), ("unshare", 3), ("share", 1), ("reopen", 0),
                 ("reopen", 0), ("refinish", 0), ("refinish", 0)], seed=0)
def test_no_sequence_with_reviews_of_flagged_results_lets_a_lead_solve_for_a_private_result(store, events, seed):
    """The same, with flagged results reopened and finished again unchanged: the lead is
    allowed to assume the new result is the old one (one unknown, not two)."""
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


# --- reviewing a flagged result ---------------------------------------------------------------------------


def _look(store, lead, team, attacker, truth, included):
    """The lead looks at the dashboard; the figures must be exactly the totals of ``included``
    (the attacker's model), which the attacker then records."""
    report = _dashboard(store, lead.id, team).report
    totals = {m: report.figures.means[m] * report.figures.count for m in MODES}
    assert report.figures.count == len(included)
    assert totals == pytest.approx({m: sum(truth[n][m] for n in included) for m in MODES})
    attacker.observe(set(included), totals)
    return report, totals


def test_reviewing_a_flagged_result_never_lets_the_lead_difference_out_the_new_one(store):
    """Kim finishes all A, privately, and enters a cohort; the lead notes the figures. Kim
    reviews, and finishes again with real answers. The lead looks after every step, and again
    when colleagues finish: no difference between two looks is Kim's new result, and no
    private result can be solved for."""
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    code = team.latest.invite_code
    rng = random.Random(5)
    answers = {"Kim": _patterned(rng), "Bo": answers_for_order(INSTRUMENT, SECRET),
               "Li": answers_for_order(INSTRUMENT, SECRET[::-1]),
               "Open": answers_for_order(INSTRUMENT, SECRET[1:] + SECRET[:1])}
    truth = {name: dict(score(INSTRUMENT, a).scores) for name, a in answers.items()}
    attacker = Attacker()
    kim = _join_and_finish(store, code, "Kim", answers["Kim"], confirm_pattern=True)
    _join_and_finish(store, code, "Bo", answers["Bo"])
    _join_and_finish(store, code, "Li", answers["Li"])
    _join_and_finish(store, code, "Open", answers["Open"], share=True)
    attacker.learn("Open", truth["Open"])
    looks = [_look(store, lead, team, attacker, truth, ["Kim", "Bo", "Li", "Open"])[1]]

    agent.reopen(store, kim)  # the old result stays inside the cohort's anonymous total
    looks.append(_look(store, lead, team, attacker, truth, ["Kim", "Bo", "Li", "Open"])[1])

    new = answers_for_order(INSTRUMENT, ("avoiding", "accommodating", "competing", "compromising", "collaborating"))
    for item_id, choice in new.items():
        agent.answer(store, kim, item_id, choice)
    assert agent.finish_part1(store, kim) == ()
    truth["Kim (new)"] = dict(score(INSTRUMENT, new).scores)
    report, after = _look(store, lead, team, attacker, truth, ["Kim", "Bo", "Li", "Open"])
    looks.append(after)
    assert "Kim" not in repr(report.shared) and report.waiting == 0  # in no figure, nothing to wait for

    for i in range(3):  # colleagues finish privately: a new cohort, and then a third look
        name = f"New {i}"
        answers[name] = answers_for_weights(INSTRUMENT, {m: rng.uniform(0.2, 4) for m in MODES}, rng)
        truth[name] = dict(score(INSTRUMENT, answers[name]).scores)
        _join_and_finish(store, code, name, answers[name])
        joined = ["Kim", "Bo", "Li", "Open"] + ([f"New {j}" for j in range(3)] if i == 2 else [])
        looks.append(_look(store, lead, team, attacker, truth, joined)[1])

    for earlier, later in itertools.pairwise(looks):
        assert {m: round(later[m] - earlier[m]) for m in MODES} != truth["Kim (new)"]
    private = {"Kim", "Kim (new)", "Bo", "Li", "New 0", "New 1", "New 2"}
    assert attacker.recovered() & private == set()


def test_a_result_the_lead_saw_and_then_reviewed_privately_is_not_the_difference_of_two_looks(store):
    """Kim shared all A and was shown, then stopped sharing (the lead knows that result). Kim
    reviews and finishes with real answers, privately. Entering the figures as a known result,
    the new one would be after - before; it enters none."""
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    code = team.latest.invite_code
    kim = _join_and_finish(store, code, "Kim", _patterned(random.Random(2)), share=True, confirm_pattern=True)
    _join_and_finish(store, code, "Open", answers_for_order(INSTRUMENT, SECRET), share=True)
    agent.set_sharing(store, kim, False)
    before = _dashboard(store, lead.id, team).report
    agent.reopen(store, kim)
    new = answers_for_order(INSTRUMENT, SECRET[::-1])
    for item_id, choice in new.items():
        agent.answer(store, kim, item_id, choice)
    assert agent.finish_part1(store, kim) == ()
    after = _dashboard(store, lead.id, team).report
    truth = dict(score(INSTRUMENT, new).scores)
    assert after.figures == before.figures and after.waiting == 0
    guess = {m: round(after.figures.means[m] * after.figures.count - before.figures.means[m] * before.figures.count)
             for m in MODES}
    assert guess != truth and "Kim" not in repr(after.shared)


def test_finishing_the_same_answers_again_and_sharing_does_not_expose_the_last_private_colleague(store):
    """Kim, Bo and Li finish privately (one cohort); Bo shares and is shown, leaving Kim and Li
    unknown in the cohort's total. Kim reviews, finishes the very same answers again and shares.
    Shown at once, Kim's new result would be the old one, and total - Bo - Kim = Li. It is held
    back instead, as Kim's sharing would have been without the review, until Li shares too."""
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    code = team.latest.invite_code
    answers = {"Kim": _patterned(random.Random(8)), "Bo": answers_for_order(INSTRUMENT, SECRET),
               "Li": answers_for_order(INSTRUMENT, SECRET[::-1])}
    truth = {name: dict(score(INSTRUMENT, a).scores) for name, a in answers.items()}
    tokens = {name: _join_and_finish(store, code, name, answers[name], confirm_pattern=True) for name in answers}
    attacker = Attacker()
    _look(store, lead, team, attacker, truth, ["Kim", "Bo", "Li"])
    assert agent.set_sharing(store, tokens["Bo"], True).shown
    attacker.learn("Bo", truth["Bo"])

    agent.reopen(store, tokens["Kim"])
    assert agent.finish_part1(store, tokens["Kim"], confirm_pattern=True) == ()  # the same answers
    membership = agent.set_sharing(store, tokens["Kim"], True)
    report, _ = _look(store, lead, team, attacker, truth, ["Kim", "Bo", "Li"])
    assert not membership.shown and report.held_back == 1
    assert [row.name for row in report.shared] == ["Bo"]
    for row in report.shared:
        attacker.learn(row.name, truth[row.name])
    assert "Li" not in attacker.recovered()

    assert agent.set_sharing(store, tokens["Li"], True).shown  # nobody unknown is left: both shown
    report, _ = _look(store, lead, team, attacker, truth, ["Kim", "Bo", "Li"])
    assert sorted(row.name for row in report.shared) == ["Bo", "Kim", "Li"]


def test_results_the_lead_saw_reviewed_and_finished_again_privately_do_not_pad_a_cohort(store):
    """Kim and Per shared and were shown, then stopped sharing: the lead knows both results.
    Both review and finish the same answers again, privately; Bo finishes privately. Counted
    as new private results, Kim's and Per's would form a cohort with Bo's, and the cohort's
    total minus what the lead saw before would be Bo's result."""
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst Malmö")
    code = team.latest.invite_code
    rng = random.Random(11)
    answers = {"Kim": _patterned(rng), "Per": _patterned(rng), "Bo": answers_for_order(INSTRUMENT, SECRET)}
    truth = {name: dict(score(INSTRUMENT, a).scores) for name, a in answers.items()}
    attacker = Attacker()
    kim = _join_and_finish(store, code, "Kim", answers["Kim"], share=True, confirm_pattern=True)
    per = _join_and_finish(store, code, "Per", answers["Per"], share=True, confirm_pattern=True)
    for name, token in (("Kim", kim), ("Per", per)):
        attacker.learn(name, truth[name])
        agent.set_sharing(store, token, False)
    before, _ = _look(store, lead, team, attacker, truth, ["Kim", "Per"])

    for token in (kim, per):
        agent.reopen(store, token)
        _look(store, lead, team, attacker, truth, ["Kim", "Per"])  # the figures do not move
        assert agent.finish_part1(store, token, confirm_pattern=True) == ()  # the same answers again
    _join_and_finish(store, code, "Bo", answers["Bo"])
    after, _ = _look(store, lead, team, attacker, truth, ["Kim", "Per"])
    assert after.figures == before.figures and after.waiting == 1  # Bo waits for two unknown colleagues
    assert store.teams.cohorts(lead.id, team.latest.id)[-1].figures.size == 1  # no cohort with Bo in it
    assert "Bo" not in attacker.recovered()


def test_a_review_of_a_flagged_result_inside_a_total_shows_nowhere(store):
    """The outside review's attack: "finished" dropped by one while "started" stayed when a
    member in a cohort reopened, and only flagged results can be reopened. The lead then knew
    a result inside the total was all A (six points in every mode), and after one colleague
    shared, the total minus the colleague minus six in each mode was the last one's result.
    Now nothing a lead sees (dashboard, completion table, every export) changes with the review."""
    lead = _lead(store)
    team = teams.create_team(store, lead.id, "Kundtjänst")
    code = team.latest.invite_code
    rng = random.Random(5)
    anna = _join_and_finish(store, code, "Anna", answers_for_weights(INSTRUMENT, {m: rng.uniform(0.3, 3) for m in MODES}, rng))
    _join_and_finish(store, code, "Bent", answers_for_weights(INSTRUMENT, {m: rng.uniform(0.3, 3) for m in MODES}, rng))
    carl = _join_and_finish(store, code, "Carl", dict.fromkeys(INSTRUMENT.ids, "A"), confirm_pattern=True)

    def seen():
        report = teams.round_report(store, lead.id, team.latest.id, "sv")
        files = {kind: teams.export(store, lead.id, team.latest.id, "sv", kind)[0] for kind in ("csv", "zip")}
        return (report.started, report.finished, report.waiting, report.held_back, report.figures,
                store.teams.round_counts(lead.id), files["csv"], _zip_tables(files["zip"]))

    before = seen()
    agent.reopen(store, carl)
    assert store.find(carl).finished_at is None  # Carl is reviewing
    assert seen() == before
    for item_id, choice in answers_for_weights(INSTRUMENT, {m: rng.uniform(0.3, 3) for m in MODES}, rng).items():
        agent.answer(store, carl, item_id, choice)
    assert agent.finish_part1(store, carl) == ()
    assert seen() == before  # the new result enters no figure either
    agent.set_sharing(store, anna, True)
    report = teams.round_report(store, lead.id, team.latest.id, "sv")
    assert report.finished == 3 and report.figures == before[4]


def _zip_tables(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name.split("-")[-1]: archive.read(name) for name in archive.namelist()}
