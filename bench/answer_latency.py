"""Server-side time per answer: the real questionnaire page against a bare page.

Each sample is one click on a choice button followed by the full script rerun, as
Streamlit runs it for a user (AppTest drives the same script runner, without a
browser or network). The app's sample includes writing the answer to the database.
App and baseline samples are interleaved so that noise on this shared machine hits
both alike; the figure that matters is the ratio of medians.

    .venv/bin/python bench/answer_latency.py [--respondents 6] [--database-url URL]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's "bare mode" warnings

from streamlit.testing.v1 import AppTest  # noqa: E402

from questionnaire import load_instrument  # noqa: E402

ITEMS = load_instrument().ids


def _timed_click(at: AppTest, key: str) -> float:
    button = at.button(key=key)
    started = time.perf_counter()
    button.click().run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception)
    return elapsed


def run(respondents: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {"app": [], "bare": []}
    for n in range(respondents):
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.query_params["lang"] = "en"
        app.run()
        app.button(key="start").click().run()
        bare = AppTest.from_file(str(ROOT / "bench" / "bare_page.py"), default_timeout=60).run()
        for index, item_id in enumerate(ITEMS):
            choice = "AB"[(index + n) % 2]
            pair = [("app", app), ("bare", bare)] if index % 2 == 0 else [("bare", bare), ("app", app)]
            for name, at in pair:
                samples[name].append(_timed_click(at, f"choice-{item_id}-{choice}"))
    return samples


def summarise(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 2),
        "min_ms": round(ordered[0] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=6)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "answer_latency.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CSC_DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.db"
        database = os.environ["CSC_DATABASE_URL"].split(":", 1)[0]
        # Warm-up: first runs import modules and compile the pages.
        run(1)
        samples = run(args.respondents)

    app, bare = summarise(samples["app"]), summarise(samples["bare"])
    result = {
        "benchmark": "server-side time per answer, questionnaire page vs bare page with the same widgets",
        "command": "make bench  (.venv/bin/python bench/answer_latency.py --respondents "
                   f"{args.respondents}{' --database-url ...' if args.database_url else ''})",
        "recorded": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": database,
        "app": app,
        "bare": bare,
        "ratio_of_medians": round(app["median_ms"] / bare["median_ms"], 2),
        "overhead_median_ms": round(app["median_ms"] - bare["median_ms"], 2),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
