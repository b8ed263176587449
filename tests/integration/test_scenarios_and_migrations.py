"""Part 2 answers and schema migrations, against SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from analysis import answers_for_order, score
from questionnaire import MODES, load_instrument
from questionnaire.playbook import scenario_ids
from storage import AlreadyFinished, NotReady, Store
from storage.migrate import BASELINE, current_revision, head_revision, upgrade
from storage.schema import metadata, scenario_answers
from storage.store import make_engine

INSTRUMENT = load_instrument()
SCENARIOS = scenario_ids()
ORDER = ("collaborating", "compromising", "accommodating", "avoiding", "competing")


def _finished_part1(store, lang="en"):
    token = store.create_respondent(lang, "Kari")
    for item_id, choice in answers_for_order(INSTRUMENT, ORDER).items():
        store.save_answer(token, item_id, choice)
    store.finish(token, INSTRUMENT.version, score(INSTRUMENT, store.answers(token)).scores)
    return token


def _rows(store):
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(scenario_answers)).scalar_one()


def test_scenario_answers_are_saved_changed_and_kept_once(store):
    token = _finished_part1(store)
    store.save_scenario_answer(token, "S01", "avoiding")
    store.save_scenario_answer(token, "S01", "collaborating")
    store.save_scenario_answer(token, "S02", "accommodating")
    assert store.scenario_answers(token) == {"S01": "collaborating", "S02": "accommodating"}
    assert _rows(store) == 2


def test_part2_answers_survive_a_restart_and_belong_to_their_respondent(database_url):
    first = Store(database_url)
    token = _finished_part1(first)
    other = _finished_part1(first)
    first.save_scenario_answer(token, "S03", "compromising")
    first.engine.dispose()
    restarted = Store(database_url)
    assert restarted.scenario_answers(token) == {"S03": "compromising"}
    assert restarted.scenario_answers(other) == {}
    restarted.engine.dispose()


@pytest.mark.parametrize("scenario_id,mode,message", [
    ("S99", "avoiding", "unknown scenario 'S99'"),
    ("S01", "fleeing", "scenario S01: unknown mode 'fleeing'"),
    ("S01", "", "unknown mode ''"),
    ("P01", "avoiding", "unknown scenario 'P01'"),
])
def test_tampered_scenario_answers_are_refused_and_nothing_is_written(store, scenario_id, mode, message):
    token = _finished_part1(store)
    with pytest.raises(ValueError, match=message):
        store.save_scenario_answer(token, scenario_id, mode)
    assert _rows(store) == 0


def test_the_database_itself_refuses_an_unknown_mode(store):
    token = _finished_part1(store)
    respondent = store.find(token)
    with pytest.raises(Exception), store.engine.begin() as conn:
        conn.execute(scenario_answers.insert().values(
            respondent_id=respondent.id, scenario_id="S01", mode="fleeing", answered_at=respondent.created_at))
    assert _rows(store) == 0


def test_part2_opens_only_after_part1(store):
    token = store.create_respondent("nb")
    with pytest.raises(NotReady):
        store.save_scenario_answer(token, "S01", "avoiding")
    assert _rows(store) == 0


def test_finishing_part2_needs_every_scenario_then_locks_it(store):
    token = _finished_part1(store)
    for scenario_id in SCENARIOS[:-1]:
        store.save_scenario_answer(token, scenario_id, "compromising")
    with pytest.raises(ValueError, match=f"scenarios not answered: {SCENARIOS[-1]}"):
        store.finish_scenarios(token)
    assert not store.find(token).scenarios_finished
    store.save_scenario_answer(token, SCENARIOS[-1], "avoiding")
    store.finish_scenarios(token)
    store.finish_scenarios(token)  # a double click is harmless
    assert store.find(token).scenarios_finished
    with pytest.raises(AlreadyFinished):
        store.save_scenario_answer(token, "S01", "competing")
    assert store.scenario_answers(token)["S01"] == "compromising"


def test_deleting_a_respondent_removes_their_part2_answers(store):
    token = _finished_part1(store)
    store.save_scenario_answer(token, "S01", "avoiding")
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM respondents WHERE id = :id"), {"id": store.find(token).id})
    assert _rows(store) == 0


# --- migrations ------------------------------------------------------------------------------


def test_a_new_database_is_at_the_head_revision_and_matches_the_code(store):
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []


def test_a_database_from_the_first_release_is_upgraded_without_losing_anything(database_url):
    """A database created at the baseline, with answers and a result in it, gains Part 2."""
    engine = make_engine(database_url)
    upgrade(engine, BASELINE)
    assert "scenario_answers" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO respondents (token_hash, name, lang, created_at, updated_at, submitted_at) "
            "VALUES ('h', 'Bo', 'da', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        rid = conn.execute(text("SELECT id FROM respondents")).scalar_one()
        conn.execute(text("INSERT INTO answers VALUES (:r, 'P01', 'A', CURRENT_TIMESTAMP)"), {"r": rid})
        conn.execute(text("INSERT INTO results VALUES (:r, '2026.11', 12, 9, 6, 3, 0, CURRENT_TIMESTAMP)"),
                     {"r": rid})
    engine.dispose()

    store = Store(database_url)
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT name, lang FROM respondents")).one() == ("Bo", "da")
        assert conn.execute(text("SELECT item_id, choice FROM answers")).one() == ("P01", "A")
        assert conn.execute(text("SELECT competing, accommodating FROM results")).one() == (12, 0)
        assert conn.execute(text("SELECT scenarios_finished_at FROM respondents")).scalar_one() is None
        assert conn.execute(text("SELECT finished_at FROM respondents")).scalar_one() is not None
    store.engine.dispose()


def test_team_results_from_before_cohorts_are_marked_as_the_lead_knew_them(database_url):
    """Revision 0003 -> head: results shared before, and imports, count as known to the lead;
    private ones are unknown and form a cohort when the lead next looks."""
    engine = make_engine(database_url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO leads (name, email, password_hash, created_at) "
                          "VALUES ('Anna', 'a@example.se', 'x', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO teams (lead_id, name, created_at) VALUES (1, 'T', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO rounds (team_id, number, invite_code, created_at) "
                          "VALUES (1, 1, 'code', CURRENT_TIMESTAMP)"))
        rows = [("shared", True, "web", True), ("private", False, "web", True), ("paper", False, "import", True),
                ("unfinished", True, "web", False)]
        for name, share, source, finished in rows:
            conn.execute(text(
                "INSERT INTO respondents (token_hash, name, lang, created_at, updated_at, submitted_at, round_id, "
                "share_with_lead, source) VALUES (:h, :n, 'sv', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                + ("CURRENT_TIMESTAMP" if finished else "NULL") + ", 1, :s, :src)"),
                {"h": name, "n": name, "s": share, "src": source})
    engine.dispose()
    store = Store(database_url)
    with store.engine.connect() as conn:
        revealed = dict(conn.execute(text("SELECT name, revealed FROM respondents")).all())
    assert {k: bool(v) for k, v in revealed.items()} == {"shared": True, "private": False, "paper": True,
                                                          "unfinished": False}
    store.engine.dispose()


def test_a_database_made_before_migrations_existed_is_stamped_then_upgraded(database_url):
    """The first release created its tables without Alembic: no alembic_version table."""
    engine = make_engine(database_url)
    upgrade(engine, BASELINE)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(text(
            "INSERT INTO respondents (token_hash, lang, created_at, updated_at) "
            "VALUES ('h2', 'sv', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = Store(database_url)
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT lang FROM respondents")).scalar_one() == "sv"
    store.engine.dispose()


def test_upgrading_twice_changes_nothing(store):
    upgrade(store.engine)
    upgrade(store.engine)
    assert current_revision(store.engine) == head_revision()


def test_the_database_accepts_each_of_the_five_modes(store):
    """The migration spells the modes out; they must be exactly the app's modes."""
    token = _finished_part1(store)
    for scenario_id, mode in zip(SCENARIOS, MODES):
        store.save_scenario_answer(token, scenario_id, mode)
    assert sorted(store.scenario_answers(token).values()) == sorted(MODES)


GREETING = ("Grüße aus Straßburg, Fußball-Team Weißensee – Kundenservice Süd, Abteilung Außendienst und "
            "Reklamation")[:100]


def test_teams_of_one_name_are_told_apart_by_0006_and_each_stays_reachable(database_url):
    """Revision 0005 -> head: a lead's teams whose names differ only by case, spacing or invisible
    characters get " (2)", " (3)"... (the oldest keeps its name, no other team's name is taken),
    long names whose case folding grows ("ß" -> "ss") included; another lead's team is left alone."""
    engine = make_engine(database_url)
    upgrade(engine, "0005")
    names = ["Sales", "sales", "  Sales ", "Sales\u200b", "Sales (2)", GREETING, GREETING, "Straße", "STRASSE"]
    with engine.begin() as conn:
        for lead in ("a", "b"):
            conn.execute(text("INSERT INTO leads (name, email, password_hash, created_at) "
                              f"VALUES ('{lead}', '{lead}@example.se', 'x', CURRENT_TIMESTAMP)"))
        for name in names:
            conn.execute(text("INSERT INTO teams (lead_id, name, created_at) VALUES (1, :n, CURRENT_TIMESTAMP)"),
                         {"n": name})
        conn.execute(text("INSERT INTO teams (lead_id, name, created_at) VALUES (2, 'Sales', CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = Store(database_url)  # upgrades to the head
    own = [team.name for team in store.teams.teams(1)]
    assert own[:5] == ["Sales", "sales (3)", "Sales (4)", "Sales (5)", "Sales (2)"]  # each keeps its spelling
    assert own[5] == GREETING and own[6].endswith(" (2)") and len(own[6]) <= 100
    assert own[7:] == ["Straße", "STRASSE (2)"]
    assert [team.name for team in store.teams.teams(2)] == ["Sales"]
    store.engine.dispose()
