"""What the README tells an operator to do with a shared installation, done here on a PostgreSQL
server of the test's own: a backup with pg_dump restored with pg_restore gives back every result,
team, lead and resume link; an upgrade started by several replicas at once migrates once.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from services import accounts, agent, open_store, teams
from storage.migrate import head_revision, upgrade
from storage.store import make_engine
from tests.e2e.cluster import PrivatePostgres, unavailable_reason
from tests.seeding import SWEDISH_NAMES, seed_team

from tests.conftest import REQUIRE_POSTGRES

pytestmark = pytest.mark.postgres
PASSWORD = "blue ferry lantern moss"


@pytest.fixture(scope="module")
def server():
    reason = unavailable_reason()
    if reason:
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    postgres = PrivatePostgres()
    postgres.start()
    yield postgres
    postgres.close()


def test_a_pg_dump_restored_with_pg_restore_gives_everything_back(server, tmp_path):
    url = server.create_database("live")
    store = open_store(url)
    lead = accounts.create_lead(store, "Karin Berg", "karin@example.se", PASSWORD)
    team = seed_team(store, lead.id, "Kundtjänst Umeå", SWEDISH_NAMES[:5])
    halfway = agent.start(store, "sv", "Pågående", None, False)
    agent.answer(store, halfway, "P01", "B")
    before = teams.export(store, lead.id, team.round_id, "sv", "csv")[0]
    assert all(name.encode() in before for name in SWEDISH_NAMES[:5])
    store.engine.dispose()

    # The operator's two commands (README, "Backups"), then the old database is lost.
    dump = tmp_path / "coach.dump"
    server.tool("pg_dump", "--format=custom", "--file", str(dump), "live")
    server.tool("dropdb", "live")
    restored_url = server.create_database("restored")
    server.tool("pg_restore", "--no-owner", "--dbname", "restored", str(dump))

    restored = open_store(restored_url)  # what a replica does at start: nothing left to migrate
    assert teams.export(restored, lead.id, team.round_id, "sv", "csv")[0] == before
    assert accounts.sign_in(restored, "karin@example.se", PASSWORD).lead.name == "Karin Berg"
    assert restored.answers(halfway) == {"P01": "B"}  # a resume link from before the backup works
    for name, token in team.tokens.items():
        assert restored.result(token) is not None, name
    restored.engine.dispose()


def test_replicas_upgrading_at_once_migrate_once(server):
    """Four replicas start at the same moment on a database from an older release: the advisory
    lock lets one migrate; the others wait, find it done, and start."""
    url = server.create_database("upgrade")
    engine = make_engine(url)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO respondents (token_hash, lang, created_at, updated_at) "
                          "VALUES (repeat('0', 64), 'sv', now(), now())"))
    engine.dispose()

    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def start_replica():
        replica_engine = make_engine(url)
        barrier.wait()
        try:
            upgrade(replica_engine)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            replica_engine.dispose()

    threads = [threading.Thread(target=start_replica) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
        # The row from before the upgrade is still there, with the version every old result gets.
        assert conn.execute(text("SELECT instrument_version FROM respondents")).scalar_one() == "2026.11"
    engine.dispose()
