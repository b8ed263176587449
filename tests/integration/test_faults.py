"""Faults a shared installation meets, at the storage and use-case level (the same faults with
real processes, a proxy and a browser are in tests/e2e/test_replicas.py).

- PostgreSQL drops every connection (a restart, a failover): the pool replaces them unnoticed.
- Two replicas (two processes, two pools) get the same answer or the same Finish at once: one
  answer, one result.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from analysis import answers_for_order
from questionnaire import MODES, load_instrument
from services import agent, open_store, reachable

INSTRUMENT = load_instrument()
ANSWERS = answers_for_order(INSTRUMENT, ("avoiding", "competing", "accommodating", "compromising", "collaborating"))


@pytest.mark.postgres
def test_connections_dropped_by_postgres_are_replaced_without_an_error(postgres_url, postgres_engine):
    store = open_store(postgres_url)
    token = agent.start(store, "sv", "Åsa", None, False)
    # Three live connections in the pool, as a busy replica has; their server processes' ids.
    held = [store.engine.connect() for _ in range(3)]
    pids = [conn.execute(text("SELECT pg_backend_pid()")).scalar_one() for conn in held]
    for conn in held:
        conn.close()  # back to the pool, still open
    with postgres_engine.begin() as admin:  # what a restart does to every open connection
        ended = sum(admin.execute(text("SELECT pg_terminate_backend(:pid)::int"), {"pid": pid}).scalar_one()
                    for pid in pids)
    assert ended == 3
    # Every use after the drop works at once: no user sees the dead connections' errors.
    for item_id, choice in list(ANSWERS.items())[:6]:
        agent.answer(store, token, item_id, choice)
    assert reachable(store)
    assert len(store.answers(token)) == 6
    store.engine.dispose()


def test_a_database_that_cannot_be_opened_is_reported_unreachable(tmp_path):
    missing = open_store(f"sqlite:///{tmp_path / 'coach.db'}")
    assert reachable(missing)
    (tmp_path / "coach.db").unlink()
    (tmp_path / "coach.db").mkdir()  # the file is gone and its name is now a folder: unopenable
    missing.engine.dispose()
    assert not reachable(missing)


def _together(calls) -> list[BaseException]:
    """Run the calls at the same moment, one thread each; the errors they raised."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call):
        barrier.wait()
        try:
            call()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_the_same_answer_sent_through_two_replicas_at_once_is_one_answer(database_url):
    replicas = [open_store(database_url), open_store(database_url)]  # two processes' pools
    token = agent.start(replicas[0], "nb", None, None, False)
    for round_ in range(5):
        item_id = INSTRUMENT.ids[round_]
        errors = _together([lambda s=s, i=item_id: agent.answer(s, token, i, "B") for s in replicas * 2])
        assert errors == []
    assert replicas[1].answers(token) == {item_id: "B" for item_id in INSTRUMENT.ids[:5]}
    for store in replicas:
        store.engine.dispose()


def test_the_same_finish_sent_through_two_replicas_at_once_is_one_result(database_url):
    replicas = [open_store(database_url), open_store(database_url)]
    token = agent.start(replicas[0], "da", "Mette", None, False)
    for item_id, choice in ANSWERS.items():
        agent.answer(replicas[0], token, item_id, choice)
    outcomes = []
    errors = _together([lambda s=s: outcomes.append(agent.finish_part1(s, token)) for s in replicas * 2])
    assert errors == []
    assert len(outcomes) == 4
    stored = replicas[1].result(token)
    assert stored is not None and sum(stored.scores.values()) == 30
    assert set(stored.scores) == set(MODES)
    with replicas[0].engine.connect() as conn:
        count = conn.execute(text(
            "SELECT count(*) FROM results r JOIN respondents p ON p.id = r.respondent_id"
        )).scalar_one()
    assert count == 1
    for store in replicas:
        store.engine.dispose()
