"""Load test at the WebSocket protocol level: many simulated agents answer the whole of Part 1
against a running server on loopback, as browsers would, without a browser each.

Each agent (bench/ws_agent.py) opens the page (``?lang=`` en, sv, nb, da in turn), waits a think
time, presses Start, answers the 30 pairs one by one with a think time before each click (default
3 s ± 50 %, uniform), presses Finish and stays on its results (the connection is held until the
run ends, so the server holds every session at once when its memory is read). Agents start evenly
spread over a ramp. For every click it records the time from sending the BackMsg to

- **shown**: the arrival of the delta with the next screen's heading ("Question 6 of 30", the
  results' title), which is when the person sees it (the primary figure), and
- **rerun**: the ``script_finished`` of that rerun (the whole screen has arrived).

At the end it checks that nothing was lost, in the database through the project's Store: every
agent's respondent exists, has exactly the 30 answers the agent gave (the same choices) and a
result; it counts agents that failed (an exception, a timeout, a lost connection), errors shown
by the page (``st.error``, exceptions), and tracebacks in the server's log.

It measures the server process(es): CPU time (``/proc/<pid>/stat``) and resident memory
(``/proc/<pid>/status``) after a warm-up agent and at the end with every session still open
(CPU seconds per answer, CPU % of one core over the run, RSS growth per session), and the same
for itself (the load generator shares the machine's cores), PostgreSQL's backends of the run's
database, and the machine (``/proc/stat``, load average).

By default it starts the server itself, as ``make run`` does (``streamlit run server.py``), on a
free loopback port with a fresh database (a SQLite file, or a new PostgreSQL database that is
dropped afterwards), optionally several replicas on the same database with the agents split
between them round-robin. It is bounded: at most ``--agents`` (never more than 1000) agents, and
the run is cut at ``--max-duration`` seconds (agents still answering then are reported as cut off).

    .venv/bin/python bench/load_agents.py --agents 100                      # SQLite
    .venv/bin/python bench/load_agents.py --agents 100 --db postgresql      # PostgreSQL
    .venv/bin/python bench/load_agents.py --agents 200 --db postgresql --replicas 2
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tests.e2e.cluster import free_port, healthy  # noqa: E402  (the replica tests' own helpers)
from ws_agent import AgentSession, Click, ClickTimeout, ProtocolError  # noqa: E402

from questionnaire import load_catalog  # noqa: E402

MAX_AGENTS = 1000
LANGS = ("en", "sv", "nb", "da")
LOCALES = {"en": "en-GB", "sv": "sv-SE", "nb": "nb-NO", "da": "da-DK"}
QUESTIONS = 30
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"


# -- what one agent did ------------------------------------------------------------------------

@dataclass
class AgentResult:
    index: int
    lang: str
    server: int  # which replica
    started: float = 0.0  # perf_counter
    ended: float | None = None
    token: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    in_flight: tuple[str, str] | None = None  # an answer sent whose rerun had not finished when cut off
    clicks: list[Click] = field(default_factory=list)
    finished: bool = False  # saw its results page
    failure: str | None = None  # an exception that stopped it
    cut_off: bool = False  # still answering at the run's time limit
    page_errors: list[str] = field(default_factory=list)
    next_presses: int = 0  # times an answer did not move on and Next was pressed
    pattern_notes: int = 0


def _think(rng: random.Random, mean: float, jitter: float) -> float:
    return max(0.0, rng.uniform(mean * (1 - jitter), mean * (1 + jitter)))


async def run_agent(result: AgentResult, url: str, *, think: float, jitter: float, rng: random.Random,
                    click_timeout: float, fetch_page: bool, sessions: list) -> None:
    """One agent's whole Part 1. Failures are recorded, never raised."""
    t = load_catalog(result.lang).t
    heading = lambda number: t("questionnaire.heading", number=number, total=QUESTIONS)  # noqa: E731
    session = AgentSession(url, f"lang={result.lang}", locale=LOCALES[result.lang], click_timeout=click_timeout,
                           fetch_page=fetch_page)
    sessions.append(session)
    result.started = time.perf_counter()
    try:
        result.clicks.append(await session.open())
        if not session.has("start"):
            raise ProtocolError(f"the welcome page has no Start (keys: {sorted(session.keys())})")
        await asyncio.sleep(_think(rng, think, jitter))
        result.clicks.append(await session.click("start", "start", expect_heading=heading(1)))
        result.token = urllib.parse.parse_qs(session.state.query_string).get("r", [None])[0]
        if result.token is None or not session.heading_shown(heading(1)):
            raise ProtocolError(f"Start did not open question 1 (address {session.state.query_string!r})")
        for number in range(1, QUESTIONS + 1):
            if not session.heading_shown(heading(number)):
                raise ProtocolError(f"expected {heading(number)!r}, the screen shows "
                                    f"{[h for h, _ in session.state.headings]}")
            keys = sorted(k for k in session.keys() if k.startswith("choice-"))
            if len(keys) != 2:
                raise ProtocolError(f"question {number}: answer buttons {keys}")
            item = keys[0].split("-")[1]
            choice = rng.choice("AB")
            await asyncio.sleep(_think(rng, think, jitter))
            result.in_flight = (item, choice)
            expect = heading(number + 1) if number < QUESTIONS else None
            result.clicks.append(await session.click(f"choice-{item}-{choice}", "answer", number,
                                                     expect_heading=expect))
            result.answers[item] = choice
            result.in_flight = None
            if expect and not session.heading_shown(expect) and session.has("next"):
                result.next_presses += 1  # the page stayed: move on as a person would, with Next
                await session.click("next", "next", number, expect_heading=expect)
        await asyncio.sleep(_think(rng, think, jitter))
        title = t("results.title")
        result.clicks.append(await session.click("finish", "finish", expect_heading=title))
        if session.has("pattern-finish"):  # answers in a pattern: the note asks first; see them anyway
            result.pattern_notes += 1
            result.clicks.append(await session.click("pattern-finish", "finish", expect_heading=title))
        if not session.heading_shown(title):
            raise ProtocolError(f"Finish did not show the results ({[h for h, _ in session.state.headings]}, "
                                f"warnings {session.state.warnings[-2:]})")
        result.finished = True
    except asyncio.CancelledError:
        result.cut_off = True
    except (ProtocolError, ClickTimeout, ConnectionError, OSError) as error:
        result.failure = f"{type(error).__name__}: {error}"
    except Exception as error:  # noqa: BLE001 - an agent's bug is its failure, not the run's
        result.failure = f"{type(error).__name__}: {error}"
    finally:
        result.ended = time.perf_counter()
        result.page_errors = list(session.state.errors)


# -- the server and what it costs --------------------------------------------------------------

class Server:
    """``streamlit run server.py`` as ``make run`` starts it, on a free loopback port."""

    def __init__(self, database_url: str, folder: Path, options: list[str], number: int, app_dir: Path = ROOT):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"server{number}.log"
        self._log = open(self.log_path, "w")
        flags = [part for option in options for part in (f"--{option.split('=', 1)[0]}", option.split("=", 1)[1])]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1", *flags],
            cwd=app_dir, env={**os.environ, "CSC_DATABASE_URL": database_url}, stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.pid = self.process.pid

    def wait(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the server did not start: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log_problems(self) -> list[str]:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [line for line in text.splitlines() if "Traceback" in line or " ERROR " in line
                or line.startswith("ERROR") or "Error" in line.split(":")[0]]


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def proc_rss(pid: int) -> int:
    """Resident set in bytes (VmRSS)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, every core."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def postgres_backends(dbname: str) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving this database (by its process title)."""
    found = {}
    marker = f" {dbname} "
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                title = f.read().replace(b"\0", b" ").decode(errors="replace")
            if title.startswith("postgres: ") and marker in title:
                found[int(entry)] = proc_cpu(int(entry))
        except OSError:
            continue
    return found


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except OSError:
        return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


class Sampler:
    """Once a second: the servers' CPU and RSS, our own CPU, the machine's CPU, and the CPU of
    PostgreSQL's backends for the run's database (pooled connections come and go: each backend's
    first and last reading are kept, a backend first seen during the run counts from zero)."""

    def __init__(self, pids: list[int], dbname: str | None, interval: float = 1.0):
        self.pids, self.dbname, self.interval, self.rows = pids, dbname, interval, []
        self.backends: dict[int, list[float]] = {}  # pid -> [CPU at first reading, CPU at last reading]
        self.first_round = True

    def read_backends(self) -> None:
        if not self.dbname:
            return
        for pid, cpu in postgres_backends(self.dbname).items():
            if pid not in self.backends:
                self.backends[pid] = [cpu if self.first_round else 0.0, cpu]
            self.backends[pid][1] = cpu
        self.first_round = False

    def backend_cpu(self) -> float:
        return sum(last - first for first, last in self.backends.values())

    def snapshot(self) -> dict:
        busy, total = machine_cpu()
        own = os.times()
        self.read_backends()
        return {"t": time.perf_counter(), "server_cpu": [proc_cpu(p) for p in self.pids],
                "server_rss": [proc_rss(p) for p in self.pids], "own_cpu": own.user + own.system,
                "machine_busy": busy, "machine_total": total}

    async def run(self, progress) -> None:
        while True:
            row = self.snapshot()
            row.update(progress())
            self.rows.append(row)
            await asyncio.sleep(self.interval)


async def loop_lag(samples: list[float], period: float = 0.1) -> None:
    """How late the load generator's own event loop wakes (its timings are only as good as this)."""
    while True:
        before = time.perf_counter()
        await asyncio.sleep(period)
        samples.append(time.perf_counter() - before - period)


# -- the database ----------------------------------------------------------------------------

class Database:
    """A fresh database for one run: a SQLite file in a temporary folder, or a new PostgreSQL
    database on the server of ``base`` (dropped afterwards), or a URL given as is (kept)."""

    def __init__(self, kind: str, folder: Path, base: str, given: str | None):
        self.kind, self.dbname, self._admin = kind, None, None
        if given:
            self.url = given
            self.kind = "postgresql" if given.startswith("postgresql") else "sqlite"
            if self.kind == "postgresql":
                self.dbname = urllib.parse.urlsplit(given).path.lstrip("/") or None
        elif kind == "sqlite":
            self.url = f"sqlite:///{folder / 'load.db'}"
        else:
            from sqlalchemy import create_engine, text

            self.dbname = f"csc_load_{uuid.uuid4().hex[:10]}"
            self._admin = create_engine(f"{base.rstrip('/')}/postgres", isolation_level="AUTOCOMMIT")
            with self._admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.dbname}"'))
            self.url = f"{base.rstrip('/')}/{self.dbname}"

    def drop(self) -> None:
        if self._admin is None:
            return
        from sqlalchemy import text

        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)'))
        self._admin.dispose()


def verify(url: str, agents: list[AgentResult]) -> dict:
    """Nothing lost: every agent's answers and result, read back through the project's Store."""
    from sqlalchemy import func, select

    from storage import Store
    from storage.schema import answers as answers_table
    from storage.schema import respondents

    store = Store(url, create=False)
    try:
        checked = {"agents_with_token": 0, "answers_expected": 0, "answers_stored": 0, "answers_wrong": 0,
                   "finished_with_result": 0, "finished_without_result": 0, "finished_with_30": 0,
                   "missing_respondent": 0, "problems": []}
        for agent in agents:
            if not agent.token:
                continue
            checked["agents_with_token"] += 1
            respondent = store.find(agent.token)
            if respondent is None:
                checked["missing_respondent"] += 1
                checked["problems"].append(f"agent {agent.index}: no respondent for its token")
                continue
            stored = store.answers(agent.token)
            expected = dict(agent.answers)
            checked["answers_expected"] += len(expected)
            checked["answers_stored"] += len(stored)
            extra = set(stored) - set(expected)
            if agent.in_flight and extra == {agent.in_flight[0]} and stored[agent.in_flight[0]] == agent.in_flight[1]:
                extra = set()  # the answer sent when the run was cut off arrived: not an error
            wrong = [item for item in expected if stored.get(item) != expected[item]] + sorted(extra)
            if wrong:
                checked["answers_wrong"] += len(wrong)
                checked["problems"].append(f"agent {agent.index}: answers differ for {wrong[:5]}")
            if agent.finished:
                if len(stored) == QUESTIONS and not wrong:
                    checked["finished_with_30"] += 1
                if respondent.finished and store.result(agent.token) is not None:
                    checked["finished_with_result"] += 1
                else:
                    checked["finished_without_result"] += 1
                    checked["problems"].append(f"agent {agent.index}: finished on screen, no result stored")
        with store.engine.connect() as conn:
            checked["respondents_in_database"] = conn.execute(select(func.count()).select_from(respondents)).scalar()
            checked["answers_in_database"] = conn.execute(select(func.count()).select_from(answers_table)).scalar()
        checked["problems"] = checked["problems"][:20]
        return checked
    finally:
        store.engine.dispose()


# -- figures ---------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = q / 100 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def describe(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    if not ms:
        return {"count": 0}
    return {"count": len(ms), "median_ms": round(statistics.median(ms), 1), "p90_ms": round(percentile(ms, 90), 1),
            "p95_ms": round(percentile(ms, 95), 1), "p99_ms": round(percentile(ms, 99), 1),
            "max_ms": round(max(ms), 1), "mean_ms": round(statistics.fmean(ms), 1)}


def latencies(agents: list[AgentResult]) -> dict:
    clicks = [c for a in agents for c in a.clicks]
    to_next = [c.shown for c in clicks if c.kind in ("start", "answer") and c.shown is not None]
    return {
        "click_to_next_question": describe(to_next),  # start -> Q1, answer n -> Q n+1 (heading delta)
        "answer_rerun": describe([c.finished for c in clicks if c.kind == "answer" and c.finished is not None]),
        "answer_buttons": describe([c.buttons for c in clicks if c.kind == "answer" and c.buttons is not None]),
        "start_to_question_1": describe([c.shown for c in clicks if c.kind == "start" and c.shown is not None]),
        "finish_to_results": describe([c.shown for c in clicks if c.kind == "finish" and c.shown is not None]),
        "finish_rerun": describe([c.finished for c in clicks if c.kind == "finish" and c.finished is not None]),
        "page_load": describe([c.finished for c in clicks if c.kind == "load" and c.finished is not None]),
    }


def timeline(agents: list[AgentResult], rows: list[dict], t0: float, bucket: float = 10.0) -> list[dict]:
    """Per ``bucket`` seconds: answers, their p95 to the next question, the servers' CPU %, live agents."""
    out = []
    end = max((r["t"] for r in rows), default=t0)
    start = t0
    while start < end:
        stop = start + bucket
        clicks = [c for a in agents for c in a.clicks if c.kind == "answer" and start <= c.sent < stop]
        window = [r for r in rows if start <= r["t"] <= stop]
        cpu = None
        if len(window) >= 2:
            cpu = round(100 * (sum(window[-1]["server_cpu"]) - sum(window[0]["server_cpu"]))
                        / (window[-1]["t"] - window[0]["t"]), 1)
        out.append({"from_s": round(start - t0), "answers": len(clicks),
                    "answers_per_s": round(len(clicks) / bucket, 1),
                    "p95_next_ms": (round(percentile([c.shown * 1000 for c in clicks if c.shown], 95), 1)
                                    if any(c.shown for c in clicks) else None),
                    "server_cpu_pct": cpu, "connected": window[-1]["connected"] if window else None})
        start = stop
    return out


# -- one run ---------------------------------------------------------------------------------

async def drive(urls: list[str], pids: list[int], args, db: Database, count: int) -> dict:
    rng = random.Random(args.seed)
    sessions: list[AgentSession] = []
    agents = [AgentResult(i, LANGS[i % len(LANGS)], i % len(urls)) for i in range(count)]

    # Warm-up: one quick agent per server, so imports and first-use caches are paid before the baseline.
    warm = [AgentResult(-1 - n, "en", n) for n in range(len(urls))] if args.warmup else []
    warm_sessions: list[AgentSession] = []
    await asyncio.gather(*(run_agent(w, urls[w.server], think=0.0, jitter=0.0, rng=random.Random(n),
                                     click_timeout=args.click_timeout, fetch_page=args.fetch_page,
                                     sessions=warm_sessions) for n, w in enumerate(warm)))
    for s in warm_sessions:
        await s.close()
    idle_from, idle_t = [proc_cpu(p) for p in pids], time.perf_counter()
    await asyncio.sleep(args.settle)  # also: what the servers burn with nobody on them (file watchers)
    idle_cpu = 100 * (sum(proc_cpu(p) for p in pids) - sum(idle_from)) / max(time.perf_counter() - idle_t, 1e-9)

    sampler = Sampler(pids, db.dbname)
    lag: list[float] = []
    live = {"connected": 0}

    def progress() -> dict:
        live["connected"] = sum(1 for s in sessions if s.ws is not None and s._closed_reason is None)
        return {"connected": live["connected"]}

    base = sampler.snapshot()
    base.update(progress())
    sampler.rows.append(base)
    load_before = os.getloadavg()
    sample_task = asyncio.create_task(sampler.run(progress))
    lag_task = asyncio.create_task(loop_lag(lag))
    t0 = time.perf_counter()

    async def delayed(agent: AgentResult) -> None:
        await asyncio.sleep(args.ramp * agent.index / max(count, 1))
        await run_agent(agent, urls[agent.server], think=args.think, jitter=args.jitter,
                        rng=random.Random(rng.random()), click_timeout=args.click_timeout,
                        fetch_page=args.fetch_page, sessions=sessions)

    tasks = [asyncio.create_task(delayed(a)) for a in agents]
    done, pending = await asyncio.wait(tasks, timeout=args.max_duration)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=30)
    for agent in agents:
        if agent.ended is None and not agent.finished:  # cancelled before it even started
            agent.cut_off = True
    t_end = time.perf_counter()
    end = sampler.snapshot()  # every session still open: the memory they hold
    end.update(progress())
    sampler.rows.append(end)
    sample_task.cancel()
    lag_task.cancel()
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)

    # The measured window: from the first agent's start to the last agent's end.
    wall = t_end - t0
    server_cpu = sum(end["server_cpu"]) - sum(base["server_cpu"])
    own_cpu = end["own_cpu"] - base["own_cpu"]
    machine = (end["machine_busy"] - base["machine_busy"]) / max(end["machine_total"] - base["machine_total"], 1)
    answer_clicks = [c for a in agents for c in a.clicks if c.kind == "answer"]
    all_clicks = [c for a in agents for c in a.clicks]
    first = min((c.sent for c in answer_clicks), default=t0)
    last = max((c.sent + (c.finished or 0) for c in answer_clicks), default=t0)
    peak_rss = [max(r["server_rss"][i] for r in sampler.rows) for i in range(len(pids))]
    started = sum(1 for a in agents if a.started)
    per_server = [{"pid": pid, "cpu_s": round(end["server_cpu"][i] - base["server_cpu"][i], 2),
                   "cpu_pct_of_one_core": round(100 * (end["server_cpu"][i] - base["server_cpu"][i]) / wall, 1),
                   "rss_before_mb": round(base["server_rss"][i] / 2**20, 1),
                   "rss_end_mb": round(end["server_rss"][i] / 2**20, 1),
                   "rss_peak_mb": round(peak_rss[i] / 2**20, 1),
                   "agents": sum(1 for a in agents if a.server == i and a.started)} for i, pid in enumerate(pids)]
    pg_cpu = sampler.backend_cpu() if db.dbname else None
    return {
        "agents": count, "agents_started": started,
        "agents_finished": sum(a.finished for a in agents),
        "agents_failed": sum(1 for a in agents if a.failure),
        "agents_cut_off": sum(1 for a in agents if a.cut_off and not a.failure),
        "failures": sorted({a.failure for a in agents if a.failure})[:10],
        "page_errors": sum(len(a.page_errors) for a in agents),
        "page_error_texts": sorted({e[:160] for a in agents for e in a.page_errors})[:10],
        "next_presses": sum(a.next_presses for a in agents), "pattern_notes": sum(a.pattern_notes for a in agents),
        "answers": len(answer_clicks), "clicks": len(all_clicks),
        "answers_per_s": round(len(answer_clicks) / max(last - first, 1e-9), 2),
        "peak_answers_per_s_10s": max((b["answers_per_s"] for b in timeline(agents, sampler.rows, t0)), default=0),
        "wall_s": round(wall, 1),
        "latency": latencies(agents),
        "server": {
            "processes": len(pids), "cpu_s": round(server_cpu, 2),
            "idle_cpu_pct_of_one_core": round(idle_cpu, 1),
            "cpu_pct_of_one_core": round(100 * server_cpu / wall, 1),
            "cpu_ms_per_answer": round(1000 * server_cpu / max(len(answer_clicks), 1), 1),
            "cpu_ms_per_click": round(1000 * server_cpu / max(len(all_clicks), 1), 1),
            "rss_growth_mb": round((sum(end["server_rss"]) - sum(base["server_rss"])) / 2**20, 1),
            "rss_per_session_kb": round((sum(end["server_rss"]) - sum(base["server_rss"])) / 1024 / max(started, 1)),
            "peak_cpu_pct_10s": max((b["server_cpu_pct"] or 0 for b in timeline(agents, sampler.rows, t0)),
                                    default=0),
            "per_process": per_server,
        },
        "postgres_backends": (None if pg_cpu is None else
                              {"processes": len(sampler.backends), "cpu_s": round(pg_cpu, 2),
                               "cpu_pct_of_one_core": round(100 * pg_cpu / wall, 1)}),
        "load_generator": {"cpu_s": round(own_cpu, 2), "cpu_pct_of_one_core": round(100 * own_cpu / wall, 1),
                           "loop_lag": describe(lag), "received_mb": round(sum(s.received_bytes for s in sessions)
                                                                           / 2**20, 1)},
        "machine": {"busy_pct_all_cores": round(100 * machine, 1), "cores": os.cpu_count(),
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()]},
        "timeline": timeline(agents, sampler.rows, t0),
        "_agents": agents,
    }


def one_run(args, agents: int, number: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="csc-load-"))
    before = uptime()
    db = Database(args.db, folder, args.postgres, args.database_url)
    servers: list[Server] = []
    try:
        if args.url:
            urls, pids = [u.rstrip("/") for u in args.url], list(args.server_pid)
        else:
            servers = [Server(db.url, folder, args.streamlit_option, n, Path(args.app_dir))
                       for n in range(args.replicas)]
            for server in servers:
                server.wait()
            urls, pids = [s.url for s in servers], [s.pid for s in servers]
        result = asyncio.run(drive(urls, pids, args, db, agents))
        agents = result.pop("_agents")
        result["database_check"] = verify(db.url, agents)
        result["server_log_problems"] = [p[:200] for s in servers for p in s.log_problems()][:10]
        result["servers_exited_during_run"] = [s.process.poll() for s in servers if s.process.poll() is not None]
        check = result["database_check"]
        result["lost"] = (check["answers_wrong"] + check["missing_respondent"] + check["finished_without_result"]
                          + (check["answers_expected"] - min(check["answers_expected"], check["answers_stored"])))
        result["uptime_before"] = before
        result["run"] = number
        return result
    finally:
        for server in servers:
            server.stop()
        db.drop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


MEDIAN_KEYS = [("answers_per_s",), ("latency", "click_to_next_question", "median_ms"),
               ("latency", "click_to_next_question", "p95_ms"), ("latency", "answer_rerun", "p95_ms"),
               ("latency", "finish_to_results", "p95_ms"), ("server", "cpu_pct_of_one_core"),
               ("server", "cpu_ms_per_answer"), ("server", "rss_per_session_kb"),
               ("load_generator", "cpu_pct_of_one_core"), ("machine", "busy_pct_all_cores")]


def dig(result: dict, path: tuple):
    for key in path:
        result = result.get(key) if isinstance(result, dict) else None
    return result


def line(result: dict) -> str:
    lat = result["latency"]["click_to_next_question"]
    pg = result.get("postgres_backends")
    return (f"agents {result['agents_finished']}/{result['agents']} finished, {result['agents_failed']} failed, "
            f"{result['agents_cut_off']} cut off, lost {result['lost']}, page errors {result['page_errors']} | "
            f"{result['answers_per_s']} answers/s | next question median {lat.get('median_ms')} ms, "
            f"p95 {lat.get('p95_ms')} ms | server CPU {result['server']['cpu_pct_of_one_core']} % "
            f"({result['server']['cpu_ms_per_answer']} ms/answer), RSS {result['server']['rss_per_session_kb']} "
            f"KB/session" + (f" | PostgreSQL {pg['cpu_pct_of_one_core']} %" if pg else "")
            + f" | load generator {result['load_generator']['cpu_pct_of_one_core']} % | {result['uptime_before']}")


def app_commit(folder: Path) -> str | None:
    """The commit served: the work tree's HEAD (with "+changes" when it has any), or an export's
    .commit file."""
    if (folder / ".commit").exists():
        return (folder / ".commit").read_text().strip()
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=folder,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return (head + ("+changes" if dirty else "")) or None
    except OSError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--agents", type=int, nargs="+", default=[10],
                        help=f"simulated agents (at most {MAX_AGENTS}); several numbers: one run of each")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time before each click, seconds")
    parser.add_argument("--jitter", type=float, default=0.5, help="think time is uniform in mean × (1 ± jitter)")
    parser.add_argument("--ramp", type=float, default=30.0, help="agents start evenly over this many seconds")
    parser.add_argument("--max-duration", type=float, default=180.0,
                        help="the run is cut after this many seconds (agents still answering are 'cut off')")
    parser.add_argument("--click-timeout", type=float, default=60.0, help="a click with no answer fails the agent")
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite",
                        help="a fresh database of this kind per run")
    parser.add_argument("--postgres", default=DEFAULT_PG, help="PostgreSQL server (a database is created on it)")
    parser.add_argument("--database-url", help="use this database as it is instead of a fresh one")
    parser.add_argument("--replicas", type=int, default=1, help="server processes on the same database")
    parser.add_argument("--url", action="append", help="attach to a running server instead (repeatable)")
    parser.add_argument("--server-pid", action="append", type=int, default=[],
                        help="with --url: the server process(es) to measure")
    parser.add_argument("--streamlit-option", action="append", default=[], metavar="NAME=VALUE",
                        help="passed to streamlit run as --NAME VALUE (an experiment; e.g. runner.postScriptGC=false)")
    parser.add_argument("--app-dir", default=str(ROOT),
                        help="serve the app from this folder, e.g. a commit exported with "
                             "'git archive HEAD | tar -x -C DIR' while the work tree is being edited")
    parser.add_argument("--no-fetch-page", dest="fetch_page", action="store_false",
                        help="skip the page's HTML and the health/host-config requests before connecting")
    parser.add_argument("--warmup", type=int, default=1, choices=(0, 1), help="one warm-up agent per server first")
    parser.add_argument("--settle", type=float, default=3.0,
                        help="seconds between warm-up and the run (the servers' idle CPU is read then)")
    parser.add_argument("--repeat", type=int, default=1, help="runs, each with a fresh server and database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (server logs, SQLite file)")
    parser.add_argument("--out", help="write the results as JSON here")
    args = parser.parse_args(argv)
    if not all(1 <= n <= MAX_AGENTS for n in args.agents):
        parser.error(f"--agents must be 1..{MAX_AGENTS}")
    if args.url and not args.database_url:
        parser.error("--url needs --database-url (to check the answers)")

    levels = {n: [] for n in args.agents}
    out = {
        "command": " ".join([".venv/bin/python", "bench/load_agents.py", *(argv if argv is not None else sys.argv[1:])]),
        "recorded": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine": {"platform": platform.platform(), "cores": os.cpu_count(), "python": platform.python_version()},
        "app_commit": app_commit(Path(args.app_dir)),
        "settings": {k: v for k, v in vars(args).items() if k not in ("out",)},
        "levels": [],
    }
    for number in range(1, args.repeat + 1):  # repeats interleaved over the levels: both see the same noise
        for agents in args.agents:
            result = one_run(args, agents, number)
            print(f"{agents} agents, run {number}: {line(result)}", flush=True)
            levels[agents].append(result)
            out["levels"] = [summarise(n, runs) for n, runs in levels.items() if runs]
            if args.out:
                Path(args.out).parent.mkdir(parents=True, exist_ok=True)
                Path(args.out).write_text(json.dumps(out, indent=1, default=str) + "\n")
    ok = all(r["lost"] == 0 and r["agents_failed"] == 0 for runs in levels.values() for r in runs)
    return 0 if ok else 1


def summarise(agents: int, runs: list[dict]) -> dict:
    median = {".".join(key): statistics.median(v for v in (dig(r, key) for r in runs) if v is not None)
              for key in MEDIAN_KEYS if any(dig(r, key) is not None for r in runs)}
    spread = {".".join(key): [dig(r, key) for r in runs] for key in MEDIAN_KEYS}
    return {"agents": agents, "runs_count": len(runs), "median_of_runs": median, "each_run": spread, "runs": runs}


if __name__ == "__main__":
    raise SystemExit(main())
