"""Instrument versions (an assessment is answered, scored and read on the version it was
started on) and the organisation's own figures (local norms, the item report), against
SQLite and PostgreSQL."""
from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from analysis import score
from analysis.local_norms import MIN_RESULTS
from analysis.synthetic import answers_for_weights
from questionnaire import MODES, current_version, known_versions, load_instrument
from services import Refused, accounts, agent, instrument, teams
from storage import Store
from storage.migrate import upgrade
from storage.sql import hash_token
from storage.store import make_engine
from tests.seeding import bulk_results

OLD = "2026.11"
TOKEN = "old-unfinished-token-0123456789abcdef"


def test_the_first_version_is_kept_and_the_current_one_is_newer():
    assert known_versions()[0] == OLD and current_version() != OLD and known_versions()[-1] == current_version()
    old, new = load_instrument("sv", version=OLD), load_instrument("sv")
    assert old.version == OLD and old.ids == new.ids
    assert old.item("P08").a.text != new.item("P08").a.text
    # Each pair kept its modes and sides, so an answer set scores the same on both versions.
    assert [(i.a.mode, i.b.mode) for i in old.items] == [(i.a.mode, i.b.mode) for i in new.items]
    with pytest.raises(ValueError, match="unknown instrument version"):
        load_instrument("en", version="1999.1")


def test_assessments_from_before_versions_keep_their_version_their_items_and_their_scores(database_url):
    """A database at 0006 holds a finished result and an assessment half answered on the first
    version. After the upgrade, the result reads as before (with its version shown) and the
    half-answered one continues on the first version's statements and is scored with it."""
    engine = make_engine(database_url)
    upgrade(engine, "0006")
    old = load_instrument("nb", version=OLD)
    answers = answers_for_weights(old, {m: w for m, w in zip(MODES, (3, 1, 1, 0.3, 0.5))}, random.Random(3))
    scores = score(old, answers).scores
    with engine.begin() as conn:
        for name, token, finished in (("Kari", "old-finished-token-0123456789abcdef", True), ("Ola", TOKEN, False)):
            conn.execute(text(
                "INSERT INTO respondents (token_hash, name, lang, created_at, updated_at, finished_at) "
                "VALUES (:h, :n, 'nb', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                + ("CURRENT_TIMESTAMP" if finished else "NULL") + ")"), {"h": hash_token(token), "n": name})
            rid = conn.execute(text("SELECT id FROM respondents WHERE name = :n"), {"n": name}).scalar_one()
            chosen = answers if finished else dict(list(answers.items())[:10])
            for item_id, choice in chosen.items():
                conn.execute(text("INSERT INTO answers VALUES (:r, :i, :c, CURRENT_TIMESTAMP)"),
                             {"r": rid, "i": item_id, "c": choice})
            if finished:
                conn.execute(text(
                    "INSERT INTO results (respondent_id, instrument_version, competing, collaborating, compromising, "
                    "avoiding, accommodating, created_at) VALUES (:r, :v, :a, :b, :c, :d, :e, CURRENT_TIMESTAMP)"),
                    {"r": rid, "v": OLD, **dict(zip("abcde", (scores[m] for m in MODES)))})
    engine.dispose()

    store = Store(database_url)
    with store.engine.connect() as conn:
        assert set(conn.execute(text("SELECT instrument_version FROM respondents")).scalars()) == {OLD}
    finished = agent.open_assessment(store, "old-finished-token-0123456789abcdef", None, "nb", part2=False)
    assert isinstance(finished, agent.Results)
    assert finished.version == OLD and dict(finished.profile.scores) == dict(scores)

    screen = agent.open_assessment(store, TOKEN, None, "da", part2=False)
    assert isinstance(screen, agent.QuestionnaireScreen)
    assert [i.a.text for i in screen.items] == [i.a.text for i in load_instrument("da", version=OLD).items]
    for item_id, choice in list(answers.items())[10:]:
        agent.answer(store, TOKEN, item_id, choice)
    assert agent.finish_part1(store, TOKEN) == ()
    result = agent.open_assessment(store, TOKEN, None, "da", part2=False)
    assert result.version == OLD and dict(result.profile.scores) == dict(scores)
    store.engine.dispose()


def test_a_new_assessment_is_answered_on_the_current_version(store):
    token = agent.start(store, "sv", "Åsa", None, False)
    screen = agent.open_assessment(store, token, None, "sv", part2=False)
    assert [i.b.text for i in screen.items] == [i.b.text for i in load_instrument("sv").items]
    with pytest.raises(ValueError, match="answered on version"):
        store.finish(token, OLD, {m: 6 for m in MODES})


# -- the organisation's own figures ------------------------------------------------------


def _finish(store, lang, rng, *, version=None, flat=False):
    token = store.create_respondent(lang, None, instrument_version=version)
    form = load_instrument(lang, version=version)
    answers = ({i: "A" for i in form.ids} if flat
               else answers_for_weights(form, {m: rng.uniform(0.2, 3.0) for m in MODES}, rng))
    for item_id, choice in answers.items():
        store.save_answer(token, item_id, choice)
    store.finish(token, form.version, score(form, answers).scores, pattern="same" if flat else None)
    return token, answers


@pytest.fixture
def coach(store):
    return accounts.create_lead(store, "Coach Cajsa", "cajsa@example.se", "a long enough pass phrase", role="coach")


def test_local_norms_and_the_item_report_appear_at_the_documented_minimum(store, coach):
    rng = random.Random(11)
    tokens = [_finish(store, "en", rng)[0]]
    bulk_results(store, MIN_RESULTS - 2, langs=("sv", "nb", "da", "en"))
    # Results that cannot count: a patterned one, and one answered on the first version.
    _finish(store, "sv", rng, flat=True)
    _finish(store, "sv", rng, version=OLD)
    assert instrument.local_reference(store, current_version()) is None
    report = instrument.item_report(store, coach.id, "en")
    assert report.count is None and report.pool == MIN_RESULTS - 1

    tokens.append(_finish(store, "sv", rng)[0])
    report = instrument.item_report(store, coach.id, "sv")
    assert report.count == MIN_RESULTS and len(report.rows) == 30
    assert all(row.share_a is not None and 0 <= row.share_a <= 1 for row in report.rows)
    assert report.rows[0].a_text == load_instrument("sv").item("P01").a.text
    assert report.noise_points is not None and report.noise_points > 0

    screen = agent.open_assessment(store, tokens[0], None, "en", part2=False, reference="local")
    assert screen.local is not None and screen.reference == "local" and screen.profile.norms.startswith("local")
    assert all(0 <= screen.percentile(m) <= 100 for m in MODES)
    neutral = agent.open_assessment(store, tokens[0], None, "en", part2=False)
    assert neutral.reference == "neutral" and neutral.percentile("competing") is None
    # A result of the first version has no local norms of its own yet: the neutral reference.
    old_token = _finish(store, "nb", rng, version=OLD)[0]
    old = agent.open_assessment(store, old_token, None, "nb", part2=False, reference="local")
    assert old.local is None and old.reference == "neutral" and old.version == OLD


def test_one_more_private_result_changes_no_figure_until_the_pool_doubles(store, coach):
    """The differencing attack: look before and after one agent finishes. The snapshot stays as
    it was until the pool has doubled, so the two looks are the same."""
    rng = random.Random(5)
    bulk_results(store, MIN_RESULTS)
    before = instrument.item_report(store, coach.id, "en")
    reference_before = instrument.local_reference(store, current_version())
    _finish(store, "sv", rng)
    after = instrument.item_report(store, coach.id, "en")
    assert after.rows == before.rows and after.distributions == before.distributions and after.count == MIN_RESULTS
    assert instrument.local_reference(store, current_version()).norms == reference_before.norms
    assert after.pool == MIN_RESULTS + 1


def test_only_coaches_see_the_item_report(store):
    lead = accounts.create_lead(store, "Lead Lars", "lars@example.se", "a long enough pass phrase")
    with pytest.raises(Refused) as refused:
        instrument.item_report(store, lead.id, "en")
    assert refused.value.code == "coaches_only"
    with pytest.raises(Refused):
        instrument.item_report(store, 99999, "en")
    assert instrument.item_report(store, None, "en").count is None  # the operator's command


def test_imported_results_do_not_count(store, coach):
    lead = accounts.create_lead(store, "Lead Lisa", "lisa@example.se", "a long enough pass phrase")
    team = teams.create_team(store, lead.id, "Paper team")
    rows = "\n".join(["Name;Competing;Collaborating;Compromising;Avoiding;Accommodating"]
                     + [f"Person {n};6;6;6;6;6" for n in range(MIN_RESULTS + 5)])
    outcome = teams.import_results(store, lead.id, team.latest.id, rows.encode(), False, "en", "paper.csv")
    assert outcome.count == MIN_RESULTS + 5
    assert store.organisation.norm_pool_size(current_version()) == 0
    assert instrument.item_report(store, coach.id, "en").count is None


def test_the_operator_command_prints_the_item_report(database_url, monkeypatch, capsys):
    from services import admin

    store = Store(database_url)
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    assert admin.main(["item-report"]) == 0
    assert f"{MIN_RESULTS}" in capsys.readouterr().out  # not yet: says how many are needed
    bulk_results(store, MIN_RESULTS, langs=("da", "da", "sv"))  # the Danish count (noisy, σ ≈ 8) clears 30
    assert admin.main(["item-report", "--lang", "da", "--group", "da"]) == 0
    out = capsys.readouterr().out
    assert "P01" in out and "P30" in out and "competing" in out
    assert admin.main(["item-report", "--version", "1999.1"]) == 1
    store.engine.dispose()
