"""Faults, measured: how long an agent waits when their replica dies or PostgreSQL restarts, and
what is lost (nothing, or this prints it).

The installation is the one the replica tests run (tests/e2e/cluster.py): a PostgreSQL server
of its own, two app processes with one cookie secret, Debian's caddy with deploy/Caddyfile; the
agent is real Chromium going through the proxy.

    .venv/bin/python bench/faults.py [--repeats 5]

Writes bench/results/faults.json. Needs root (a private PostgreSQL server runs as `postgres`),
caddy and chromium, like `make test` in CI.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from sqlalchemy import text  # noqa: E402

from analysis import answers_for_order  # noqa: E402
from questionnaire import MODES, load_catalog, load_instrument  # noqa: E402
from services import agent, open_store  # noqa: E402
from storage.sql import hash_token  # noqa: E402
from tests.e2e.cluster import STICKY_COOKIE, Installation, healthy, unavailable_reason  # noqa: E402
from tests.e2e.conftest import CHROMIUM_ARGS, CHROMIUM_CANDIDATES  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "faults.json"
ANSWERS = list(answers_for_order(load_instrument(), ("competing", "avoiding", "compromising", "accommodating",
                                                      "collaborating")).items())
SV = load_catalog("sv")
WAIT_MS = 60_000


def heading(page, number: int):
    return page.get_by_role("heading", name=SV("questionnaire.heading", number=number, total=30))


def answer(page, number: int) -> None:
    item_id, choice = ANSWERS[number - 1]
    page.locator(f".st-key-choice-{item_id}-{choice} button").click()
    heading(page, number + 1).wait_for(timeout=WAIT_MS)


def new_agent(browser, installation, replica):
    context = browser.new_context(locale="sv-SE", viewport={"width": 390, "height": 844})
    context.set_default_timeout(WAIT_MS)
    context.add_cookies([{"name": STICKY_COOKIE, "value": installation.proxy.cookie_for(replica),
                          "url": installation.proxy.url}])
    page = context.new_page()
    page.goto(installation.proxy.url)
    page.locator(".st-key-start button").click()
    heading(page, 1).wait_for()
    token = page.evaluate("() => new URLSearchParams(location.search).get('r')")
    return context, page, token


def failover(browser, installation, round_: int) -> dict:
    """Kill the agent's replica (SIGKILL) after 5 answers: until the page has reloaded on the
    other, and until the agent can answer again; then restart the dead one."""
    victim = installation.replicas[round_ % 2]
    context, page, token = new_agent(browser, installation, victim)
    for number in range(1, 6):
        answer(page, number)
    with page.expect_event("load", timeout=WAIT_MS):
        killed = time.perf_counter()
        victim.kill()
    reloaded = time.perf_counter()
    heading(page, 6).wait_for()
    answer(page, 6)
    answered = time.perf_counter()
    lost = 6 - installation.stored(token)[0]
    context.close()
    started = time.perf_counter()
    victim.start()
    cold_start = time.perf_counter() - started
    installation.heal()
    return {"reload_s": reloaded - killed, "next_answer_saved_s": answered - killed, "answers_lost": lost,
            "replica_cold_start_s": cold_start}


def postgres_restart(browser, installation, outage_s: float) -> dict:
    """Stop PostgreSQL while an agent answers, keep it down ``outage_s``, start it: until the
    page has healed by itself (no click), and what was stored."""
    context, page, token = new_agent(browser, installation, installation.replicas[0])
    for number in range(1, 4):
        answer(page, number)
    pids = [replica.pid for replica in installation.replicas]
    stopped = time.perf_counter()
    installation.postgres.stop()
    stop_s = time.perf_counter() - stopped
    item_id, choice = ANSWERS[3]
    page.locator(f".st-key-choice-{item_id}-{choice} button").click()
    page.get_by_text(SV("errors.save_failed")).first.wait_for()
    message_s = time.perf_counter() - stopped
    replicas_healthy = all(healthy(replica.url) for replica in installation.replicas)
    time.sleep(max(0.0, outage_s - (time.perf_counter() - stopped)))
    started = time.perf_counter()
    installation.postgres.start()
    up = time.perf_counter()
    heading(page, 4).wait_for()
    healed = time.perf_counter()
    half_written = installation.stored(token)[0] - 3  # the refused 4th answer: 0 if nothing half-written
    answer(page, 4)
    saved = time.perf_counter()
    result = {"outage_s": up - stopped, "postgres_stop_s": stop_s, "postgres_start_s": up - started,
              "message_after_s": message_s, "page_healed_after_start_s": healed - up,
              "next_answer_saved_after_start_s": saved - up, "half_written_answers": half_written,
              "answers_lost": 4 - installation.stored(token)[0],
              "replicas_restarted": [r.pid for r in installation.replicas] != pids,
              "replicas_healthy_during_outage": replicas_healthy}
    context.close()
    return result


def duplicate_finishes(url: str, repeats: int) -> dict:
    """The same Finish through two replicas' pools at once (two threads each): results made."""
    made = []
    replicas = [open_store(url), open_store(url)]
    for _ in range(repeats):
        token = agent.start(replicas[0], "nb", None, None, False)
        for item_id, choice in ANSWERS:
            agent.answer(replicas[0], token, item_id, choice)
        barrier = threading.Barrier(4)

        def finish(store):
            barrier.wait()
            agent.finish_part1(store, token)

        threads = [threading.Thread(target=finish, args=(store,)) for store in replicas * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with replicas[0].engine.connect() as conn:
            made.append(conn.execute(text(
                "SELECT count(*) FROM results r JOIN respondents p ON p.id = r.respondent_id "
                "WHERE p.token_hash = :h"), {"h": hash_token(token)}).scalar_one())
        assert sum(replicas[1].result(token).scores[m] for m in MODES) == 30
    for store in replicas:
        store.engine.dispose()
    return {"attempts": repeats, "clicks_per_attempt": 4, "results_per_attempt": sorted(set(made))}


def summary(rows: list[dict], key: str) -> dict:
    values = [row[key] for row in rows]
    return {"median": round(statistics.median(values), 3), "max": round(max(values), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--outage", type=float, default=5.0, help="seconds PostgreSQL stays down")
    options = parser.parse_args()
    reason = unavailable_reason()
    if reason:
        sys.exit(reason)
    chromium = next(path for path in CHROMIUM_CANDIDATES if Path(path).exists())
    folder = Path(tempfile.mkdtemp(prefix="csc-faults-"))
    installation = Installation(folder)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            failovers = [failover(browser, installation, n) for n in range(options.repeats)]
            restarts = [postgres_restart(browser, installation, options.outage) for _ in range(options.repeats)]
            browser.close()
        duplicates = duplicate_finishes(installation.database_url, options.repeats * 4)
    finally:
        installation.close()
    report = {
        "command": "bench/faults.py " + " ".join(sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_before": os.getloadavg()},
        "replica_killed": {key: summary(failovers, key) for key in
                           ("reload_s", "next_answer_saved_s", "replica_cold_start_s")}
        | {"answers_lost_total": sum(row["answers_lost"] for row in failovers), "runs": len(failovers)},
        "postgres_restarted": {key: summary(restarts, key) for key in
                               ("outage_s", "postgres_stop_s", "postgres_start_s", "message_after_s",
                                "page_healed_after_start_s", "next_answer_saved_after_start_s")}
        | {"half_written_total": sum(row["half_written_answers"] for row in restarts),
           "answers_lost_total": sum(row["answers_lost"] for row in restarts),
           "replicas_restarted": any(row["replicas_restarted"] for row in restarts),
           "replicas_healthy_during_outage": all(row["replicas_healthy_during_outage"] for row in restarts),
           "runs": len(restarts)},
        "duplicate_finish": duplicates,
        "raw": {"replica_killed": failovers, "postgres_restarted": restarts},
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "raw"}, indent=2))


if __name__ == "__main__":
    main()
