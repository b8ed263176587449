"""The load test's client keeps working (bench/load_agents.py, bench/ws_agent.py): three simulated
agents answer the whole of Part 1 over Streamlit's WebSocket against a server the tool starts
(`streamlit run server.py` on a SQLite file), and everything they answered is in the database.

Counts only, never times: the figures are recorded in bench/README.md. The tool bounds itself
(the server must be up within 90 s, a click without an answer fails its agent after a minute).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from storage import Store
from storage.schema import answers, respondents, results

ROOT = Path(__file__).resolve().parents[2]
AGENTS = 3


def test_simulated_agents_answer_part_1_over_the_websocket_and_nothing_is_lost(tmp_path):
    database = f"sqlite:///{tmp_path / 'load.db'}"
    out = tmp_path / "load.json"
    completed = subprocess.run(
        [sys.executable, "bench/load_agents.py", "--agents", str(AGENTS), "--think", "0.02", "--ramp", "0.2",
         "--warmup", "0", "--settle", "0", "--max-duration", "600", "--database-url", database, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]

    run = json.loads(out.read_text())["levels"][0]["runs"][0]
    assert (run["agents_finished"], run["agents_failed"], run["agents_cut_off"]) == (AGENTS, 0, 0), run["failures"]
    assert run["page_errors"] == 0, run["page_error_texts"]
    assert run["lost"] == 0 and run["server_log_problems"] == []
    # Every agent saw question 1 after Start and the next question after each of answers 1-29 (the
    # heading's delta), had a complete rerun for all 30 answers, and saw its results after Finish.
    latency = run["latency"]
    assert latency["click_to_next_question"]["count"] == AGENTS * 30
    assert latency["answer_rerun"]["count"] == AGENTS * 30
    assert latency["finish_to_results"]["count"] == AGENTS
    assert run["answers"] == AGENTS * 30
    # The tool's own check: each agent's 30 choices, as it made them, and a result, read by token.
    check = run["database_check"]
    assert check["finished_with_30"] == check["finished_with_result"] == AGENTS
    assert check["answers_stored"] == check["answers_expected"] == AGENTS * 30 and check["answers_wrong"] == 0
    # And the database itself, without the tool: three respondents, 90 answers, three results.
    store = Store(database, create=False)
    try:
        with store.engine.connect() as conn:
            counted = [conn.execute(select(func.count()).select_from(table)).scalar()
                       for table in (respondents, answers, results)]
            per_respondent = conn.execute(select(func.count()).select_from(answers)
                                          .group_by(answers.c.respondent_id)).scalars().all()
    finally:
        store.engine.dispose()
    assert counted == [AGENTS, AGENTS * 30, AGENTS]
    assert per_respondent == [30] * AGENTS
