"""Server-side time of the Part 2 pages: a scenario choice, and a rerun of the full results page.

Two measures, each against a bare Streamlit page with the same widgets measured in the same
run, samples interleaved so that noise on this shared machine hits both alike:

- pick: one click on a scenario response and the rerun that follows (the app writes the
  answer to the database); baseline bench/bare_scenario.py.
- results: one rerun of the results page with Part 1 and Part 2 finished (profile, playbook
  with all ten cards and seven principles, Part 2 outcomes: database reads, advice selection,
  three charts); baseline bench/bare_results.py.

    .venv/bin/python bench/results_latency.py [--respondents 6] [--database-url URL]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's "bare mode" warnings

from streamlit.testing.v1 import AppTest  # noqa: E402

from analysis import answers_for_order, score  # noqa: E402
from answer_latency import summarise  # noqa: E402
from questionnaire import MODES, load_instrument  # noqa: E402
from questionnaire.playbook import load_playbook  # noqa: E402
from storage import Store  # noqa: E402

INSTRUMENT = load_instrument()
SCENARIOS = load_playbook("en").scenarios
RERUNS = 10


def _timed(action) -> float:
    started = time.perf_counter()
    at = action()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception)
    return elapsed


def _respondent(store: Store, n: int) -> str:
    token = store.create_respondent("en", f"Bench {n}")
    order = MODES[n % 5:] + MODES[:n % 5]
    for item_id, choice in answers_for_order(INSTRUMENT, order).items():
        store.save_answer(token, item_id, choice)
    store.finish(token, INSTRUMENT.version, score(INSTRUMENT, store.answers(token)).scores)
    return token


def run(store: Store, respondents: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"pick_app": [], "pick_bare": [], "results_app": [], "results_bare": []}
    for n in range(respondents):
        token = _respondent(store, n)
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.query_params.update({"r": token, "view": "part2", "lang": "en"})
        app.run()
        bare = AppTest.from_file(str(ROOT / "bench" / "bare_scenario.py"), default_timeout=60).run()
        for index, scenario in enumerate(SCENARIOS):
            mode = MODES[(index + n) % 5]
            app_key = f"pick-{scenario.id}-{scenario.order.index(mode) + 1}"
            bare_key = f"pick-S{index + 1:02d}-{(index + n) % 5 + 1}"
            pair = [("pick_app", app, app_key), ("pick_bare", bare, bare_key)]
            for name, at, key in (pair if index % 2 == 0 else pair[::-1]):
                samples[name].append(_timed(lambda: at.button(key=key).click().run()))
        app.button(key="s-finish").click().run()
        if app.title[0].value != "Your conflict-mode profile":
            raise RuntimeError("Part 2 did not finish")
        bare_results = AppTest.from_file(str(ROOT / "bench" / "bare_results.py"), default_timeout=60).run()
        for index in range(RERUNS):
            pair = [("results_app", app), ("results_bare", bare_results)]
            for name, at in (pair if index % 2 == 0 else pair[::-1]):
                samples[name].append(_timed(at.run))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=6)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "results_latency.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CSC_DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.db"
        database = os.environ["CSC_DATABASE_URL"].split(":", 1)[0]
        store = Store(os.environ["CSC_DATABASE_URL"])
        run(store, 1)  # warm-up: imports, first compilation of the pages
        samples = run(store, args.respondents)
        store.engine.dispose()

    result = {
        "benchmark": "server-side time of a Part 2 choice and of a results-page rerun, vs bare pages "
                     "with the same widgets",
        "command": "make bench  (.venv/bin/python bench/results_latency.py --respondents "
                   f"{args.respondents}{' --database-url ...' if args.database_url else ''})",
        "recorded": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": database,
    }
    for measure in ("pick", "results"):
        app, bare = summarise(samples[f"{measure}_app"]), summarise(samples[f"{measure}_bare"])
        result[measure] = {
            "app": app, "bare": bare,
            "ratio_of_medians": round(app["median_ms"] / bare["median_ms"], 2),
            "overhead_median_ms": round(app["median_ms"] - bare["median_ms"], 2),
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
