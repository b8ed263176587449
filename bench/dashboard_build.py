"""Building the team dashboard's data: a team of 50, against an organisation of 10,000 results.

Measures, per repetition (interleaved with their baselines, medians reported):

- dashboard: services.teams.lead_page, everything the lead page asks for on a rerun: the
  lead's teams, the round's members and cohorts, the privacy check, the team's figures
  (means, map position, most used modes, blind spots, who is strongest in each of ten
  situations), the completion of every round, and the comparison with the organisation's
  stored snapshot (including the check whether a new one is due); baseline: one bare
  SELECT of the same 50 rows of scores.
- snapshot: one differentially private release over the 10,000 results (read and noised
  with OpenDP), which happens only when the organisation has grown by a quarter; baseline:
  one bare SELECT of the 10,000 rows of scores.
- export: the two sheets for the team, as CSV and as an Excel workbook (no baseline; the
  figure is absolute, on the same machine).

    .venv/bin/python bench/dashboard_build.py [--repeat 25] [--database-url URL]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select, text  # noqa: E402

from analysis.organisation import release  # noqa: E402
from questionnaire import MODES, current_version  # noqa: E402
from services import teams  # noqa: E402
from storage import Store  # noqa: E402
from storage.schema import respondents, results  # noqa: E402
from storage.sql import hash_token  # noqa: E402

TEAM, ORGANISATION = 50, 10_000


def _random_scores(rng: random.Random) -> dict[str, int]:
    """Thirty choices spread over the modes, at most 12 each: a plausible stored result."""
    while True:
        weights = [rng.uniform(0.2, 3) for _ in MODES]
        counts = dict.fromkeys(MODES, 0)
        for mode in rng.choices(MODES, weights, k=30):
            counts[mode] += 1
        if max(counts.values()) <= 12:
            return counts


def seed(store: Store) -> tuple[int, int]:
    rng = random.Random(2026)
    lead = store.accounts.create_lead("Bench Lead", "bench@example.se", "bench password 123")
    team = store.teams.create_team(lead.id, "Bench team")
    now = datetime.now(timezone.utc)
    with store.engine.begin() as conn:
        for start in range(0, ORGANISATION, 1000):
            rows = [{"token_hash": hash_token(f"bench-{i}"), "name": f"Agent {i}", "lang": "sv",
                     "instrument_version": current_version(),
                     "created_at": now, "updated_at": now, "finished_at": now,
                     "round_id": team.latest.id if i < TEAM else None, "share_with_lead": i % 2 == 0,
                     "source": "web"} for i in range(start, start + 1000)]
            conn.execute(insert(respondents), rows)
        ids = [row.id for row in conn.execute(select(respondents.c.id).order_by(respondents.c.id))]
        for start in range(0, len(ids), 1000):
            conn.execute(insert(results), [{"respondent_id": rid, "instrument_version": current_version(), "created_at": now,
                                            **_random_scores(rng)} for rid in ids[start:start + 1000]])
    store.teams.round_state(lead.id, team.latest.id)  # settles: sharers revealed, the private ones in cohorts
    return lead.id, team.latest.id


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "dashboard_build.json")
    args = parser.parse_args()
    columns = ", ".join(MODES)

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.db"
        store = Store(url)
        lead_id, round_id = seed(store)
        team_sql = text(f"SELECT {columns} FROM results JOIN respondents ON respondents.id = results.respondent_id "
                        "WHERE respondents.round_id = :r")
        org_sql = text(f"SELECT {columns} FROM results")

        def dashboard():
            return teams.lead_page(store, lead_id, None, round_id, "org", "sv").dashboard

        def bare(sql, **params):
            with store.engine.connect() as conn:
                return conn.execute(sql, params).all()

        board = dashboard()  # makes the first organisation snapshot
        actions = {
            "dashboard": dashboard,
            "dashboard_baseline": lambda: bare(team_sql, r=round_id),
            "snapshot": lambda: release(store.organisation.pool()),
            "snapshot_baseline": lambda: bare(org_sql),
            "export_csv": lambda: teams.export(store, lead_id, round_id, "sv", "csv"),
            "export_excel": lambda: teams.export(store, lead_id, round_id, "sv", "xlsx"),
        }
        for action in actions.values():  # warm-up
            action()
        samples = {name: [] for name in actions}
        for index in range(args.repeat):
            order = list(actions.items()) if index % 2 == 0 else list(reversed(actions.items()))
            for name, action in order:
                samples[name].append(_timed(action))
        database = url.split(":", 1)[0]
        store.engine.dispose()
        report = board.report
        assert report.finished == TEAM and len(report.shared) == TEAM // 2 and report.figures.count == TEAM
        assert board.comparison.modes is not None and board.organisation.count == ORGANISATION

    medians = {name: round(statistics.median(values) * 1000, 2) for name, values in samples.items()}
    result = {
        "benchmark": f"dashboard data for a team of {TEAM} and an organisation of {ORGANISATION} results",
        "command": "make bench  (.venv/bin/python bench/dashboard_build.py --repeat "
                   f"{args.repeat}{' --database-url ...' if args.database_url else ''})",
        "recorded": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": database,
        "median_ms": medians,
        "ratio_dashboard_to_bare_select": round(medians["dashboard"] / medians["dashboard_baseline"], 2),
        "ratio_snapshot_to_bare_select": round(medians["snapshot"] / medians["snapshot_baseline"], 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
