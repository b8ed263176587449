"""PDF reports: one person's report, a team's workshop report and batches of 10, 25 and 50
people, against a bare Typst document compiled by the same engine in the same run.

Everything runs on a fresh SQLite file (CSC_DATA_DIR in a temporary folder), with teams whose
members answered through the real use cases (tests.seeding.seed_team), seeded once before any
timing. Wall time, median and interquartile range over the runs after the warm-ups, with the
process's CPU time (all threads) beside it, because this machine is shared; the runs of the
single documents are interleaved, alternating their order, so that all see the same noise.

- baseline: a bare three-page A4 Typst document with one chart (the member's profile chart,
  reports.charts.profile_chart drawn by reports.svg.figure_svg once before the timing), a
  title, a name and Swedish body text from the playbook under headings, passed as JSON through
  sys_inputs and compiled with typst.compile(ignore_system_fonts=True): an inline source, none
  of our templates;
- individual: reports.pdf.individual_pdf(reports.model.individual_report(...)) for one member
  whose reading (services.agent.results_for) is made before the timing: build and render
  together, and each half on its own (build: the model with its three Plotly figures; render:
  the figures drawn as SVG, the JSON and Typst with our templates), and Typst's compile alone
  on the prepared JSON (individual_typst_only);
- member_report: services.reports.member_report end to end (privacy rules, database reads, the
  reading, the model and the PDF);
- team_workshop: services.reports.team_workshop for a team of 12 (nine sharing, three private);
- batch: services.reports.batch(kind="pdf") and (kind="zip") for teams of 10, 25 and 50 (all
  sharing), after one warm-up batch of 10 of each kind: time per batch and per person, and a
  least-squares line time = intercept + slope x people over every run (wall and CPU time), to
  show whether the time grows linearly with the team's size;
- memory: the peak resident set (VmHWM, reset just before) and tracemalloc's peak of Python
  allocations during one 50-person batch of each kind, in a fresh interpreter that has already
  printed one report (a warm server);
- where the time goes: cProfile of member_report (5 runs) and of a 10-person batch of each
  kind (cProfile sees Typst's compile as one call into Rust, and slows Python code several
  times, so Python's shares are overstated); and, inside Typst, the same document compiled from
  copies of our templates with one feature taken out (footer, hyphenation, the fitted-text
  helper, the charts, PDF tagging), 10 interleaved runs each.

Typst memoises layout across compilations in one process, so a byte-identical repeat costs a
fraction of a new document (measured too, as individual_render_identical). Every other timed
run therefore prints names never printed before in the process (the member, the team or the
batch's members are renamed in the database between runs, outside the timing), as a server
printing different people's reports would.

    .venv/bin/python bench/pdf_reports.py [--repeat 15] [--batch-repeat 3]
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import hashlib
import io
import itertools
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from timing import summarise, timed  # bench/timing.py (run as a script, bench/ is on the path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.pop("CSC_DATABASE_URL", None)  # always the embedded SQLite file

import pypdf  # noqa: E402
import typst  # noqa: E402
from sqlalchemy import text  # noqa: E402

WARMUPS = 3
SIZES = (10, 25, 50)
KINDS = ("pdf", "zip")
PASSWORD = "correct horse battery staple 9"
FIRST = ("Åsa", "Björn", "Märta", "Jörgen", "Linnéa", "Ola", "Karin", "Per-Erik", "Sofia", "Tove", "Zoë",
         "Mattias", "Ingrid", "Sven", "Elin", "Nils", "Sigrid", "Øystein", "Ragnhild", "Mikkel")
LAST = ("Lindqvist", "Öberg", "Ek", "Sjöström", "Håkansson", "Nordström", "Ängström", "Wåhlin", "Ådahl", "Björk",
        "Bakke", "Sørensen", "Jørgensen")


def names(count: int) -> list[str]:
    """Distinct Nordic names (first name i % 20, a last name shifted every 20)."""
    return [f"{FIRST[i % len(FIRST)]} {LAST[(i + i // len(FIRST)) % len(LAST)]}" for i in range(count)]


# --- the bare baseline -------------------------------------------------------------------------

BARE_SOURCE = r"""
#let d = json(bytes(sys.inputs.data))
#set document(title: d.title)
#set page(paper: "a4", margin: 2cm, numbering: "1 / 1")
#set text(size: 10.5pt, lang: "sv")
#set par(justify: true)
#text(size: 22pt, weight: "bold", d.title)

#text(size: 16pt, d.name)

#image(bytes(d.chart), format: "svg", width: 100%)
#for s in d.sections {
  heading(level: 2, s.heading)
  for p in s.paragraphs { p; parbreak() }
}
"""


def bare_sections(lang: str = "sv") -> list[dict]:
    from questionnaire.playbook import load_playbook
    return [{"heading": s.title, "paragraphs": [s.summary, s.needs, " ".join(s.steps), s.escalate]}
            for s in load_playbook(lang).situations]


def bare_pdf(name: str, chart: str, sections: list[dict]) -> bytes:
    data = {"title": "Din konfliktstil", "name": name, "chart": chart, "sections": sections}
    return typst.compile(BARE_SOURCE.encode(), ignore_system_fonts=True, sys_inputs={"data": json.dumps(data)})


def pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def three_pages(chart: str) -> list[dict]:
    """As many playbook sections as fill exactly three pages (the most that do)."""
    sections = bare_sections()
    best = None
    for count in range(1, len(sections) + 1):
        n = pages(bare_pdf("Sizing", chart, sections[:count]))
        if n == 3:
            best = sections[:count]
        elif n > 3:
            break
    if best is None:  # the playbook changed: say so rather than measure another document
        raise SystemExit("could not fill exactly three pages with the playbook's texts")
    return best


# --- timing ------------------------------------------------------------------------------------

def _log(begun: float, what: str) -> None:
    print(f"[{time.perf_counter() - begun:6.1f} s] {what}", file=sys.stderr, flush=True)






def _fit(points: list[tuple[int, float]]) -> dict:
    """Least squares time = intercept + slope * people, over every run (seconds in, ms out)."""
    xs, ys = [x for x, _ in points], [y * 1000 for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    return {"slope_ms_per_person": round(slope, 2), "intercept_ms": round(intercept, 1),
            "r_squared": round(1 - residual / total, 4), "points": len(points)}


class Renamer:
    """Names never printed before, set between runs (outside the timing), so that no run repeats
    an earlier document."""

    def __init__(self, store):
        self.store, self.counter = store, itertools.count(1)

    def tag(self) -> int:
        return next(self.counter)

    def members(self, ids_names) -> None:
        run = self.tag()
        with self.store.engine.begin() as conn:
            conn.execute(text("UPDATE respondents SET name = :name WHERE id = :id"),
                         [{"id": rid, "name": f"{name} {run}"} for rid, name in ids_names])

    def team(self, team_id: int, name: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(text("UPDATE teams SET name = :name WHERE id = :id"),
                         {"id": team_id, "name": f"{name} {self.tag()}"})


def interleaved(actions: dict, runs: int, warmups: int) -> dict:
    """``actions``: name -> (prepare, act); prepare runs untimed just before act. The order of
    the actions is reversed every other run."""
    samples = {name: [] for name in actions}
    for run in range(warmups + runs):
        for name, (prepare, act) in (list(actions.items()) if run % 2 == 0 else reversed(actions.items())):
            prepare()
            elapsed = timed(act)
            if run >= warmups:
                samples[name].append(elapsed)
    return samples


# --- profile -----------------------------------------------------------------------------------

# (label, the function in pstats: file suffix, function name); indented labels are part of the one above
HOT_SPOTS = [
    ("typst.compile (Typst: layout and PDF, in Rust)", ("~", "<built-in method typst._typst.compile>")),
    ("reports.pdf._data (the model as data, charts drawn)", ("reports/pdf.py", "_data")),
    ("  reports.svg.figure_svg", ("reports/svg.py", "figure_svg")),
    ("    plotly Figure.to_dict", ("plotly/basedatatypes.py", "to_dict")),
    ("reports.model.individual_report (the model)", ("reports/model.py", "individual_report")),
    ("  Plotly figures built (reports.charts._figure)", ("reports/charts.py", "_figure")),
    ("services.agent.results_for (the reading)", ("services/agent.py", "results_for")),
    ("services.reports._named (privacy rules: the round's members)", ("services/reports.py", "_named")),
    ("store.teams.scenario_choices (database)", ("storage/teams.py", "scenario_choices")),
    ("json.dumps", ("json/__init__.py", "dumps")),
    ("zipfile.ZipFile.writestr (deflate)", ("zipfile.py", "writestr")),
]


def profile(action, runs: int) -> dict:
    """cProfile's cumulative time of the hot spots, as a share of all profiled time. cProfile
    slows Python code several times and Rust not at all, so Python's shares are overstated."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        action()
    profiler.disable()
    summary = pstats.Stats(profiler)
    stats, total = summary.stats, summary.total_tt
    shares = {}
    for label, (file, name) in HOT_SPOTS:
        ct = sum(entry[3] for (path, _, function), entry in stats.items()
                 if function == name and path.replace(os.sep, "/").endswith(file))
        if ct:
            shares[label] = {"ms_per_run": round(ct / runs * 1000, 1), "share": round(ct / total, 3)}
    return {"runs": runs, "profiled_ms_per_run": round(total / runs * 1000, 1), "hot_spots": shares}


# Inside Typst, where cProfile cannot see: the same document compiled with one feature of our
# templates taken out (in a copy of the templates in a temporary folder; the project's own are
# not touched). The difference from "as_is" is that feature's cost.
ABLATIONS = {
    "as_is": [],
    "no_footer": [("style.typ", "    footer: context {", "    footer: (none, context {"),
                  ("style.typ", "      )\n    },\n  )\n", "      )\n    }).first(),\n  )\n")],
    # What the report used to be: justified and hyphenated throughout (a negative saving: its cost).
    "justified_hyphenated": [("style.typ", "hyphenate: false, fill: ink)", "hyphenate: true, fill: ink)"),
                             ("style.typ", "set par(justify: false,", "set par(justify: true,")],
    "no_fitted": [("style.typ", '#let fitted(s, size: 11pt, smallest: 6pt, weight: "regular") = layout(',
                   '#let fitted(s, size: 11pt, smallest: 6pt, weight: "regular") = text(size: size, weight: weight, '
                   'hyphenate: false, s)\n#let unused(s, size: 11pt, smallest: 6pt, weight: "regular") = layout(')],
    "no_charts": [("style.typ", "#let chart(svg, width: 100%) = block(",
                   "#let chart(svg, width: 100%) = none\n#let unused(svg, width: 100%) = block(")],
    "untagged": [],  # pdf_tags=False (the binding tags PDFs by default)
}


def ablation(templates: Path, folder: Path, document: dict, name: str, runs: int) -> dict:
    copies = {}
    for variant, edits in ABLATIONS.items():
        copy = folder / variant
        shutil.copytree(templates, copy)
        for file, old, new in edits:
            path = copy / file
            source = path.read_text(encoding="utf-8")
            if old not in source:  # the templates changed: say so rather than measure nothing
                return {"skipped": f"{variant}: {old!r} not found in {file}"}
            path.write_text(source.replace(old, new), encoding="utf-8")
        copies[variant] = copy
    counter = itertools.count()

    def compile_(variant):
        copy = copies[variant]

        def prepare():
            document["report"]["name"] = document["report"]["display_name"] = f"{name} a{next(counter)}"

        def act():
            typst.compile(str(copy / "main.typ"), root=str(copy), sys_inputs={"data": json.dumps(document)},
                          ignore_system_fonts=True, pdf_tags=variant != "untagged")
        return prepare, act

    samples = interleaved({variant: compile_(variant) for variant in copies}, runs, warmups=1)
    out = {variant: summarise(values) for variant, values in samples.items()}
    for variant, summary in out.items():  # on CPU time: steadier than wall time on a shared machine
        summary["cpu_saved_share"] = round(1 - summary["cpu_median_ms"] / out["as_is"]["cpu_median_ms"], 3)
        summary["wall_saved_share"] = round(1 - summary["median_ms"] / out["as_is"]["median_ms"], 3)
    return out


# --- memory ------------------------------------------------------------------------------------

MEMORY_PROBE = r"""
import json, os, sys, tracemalloc
sys.path.insert(0, {root!r})
os.environ.pop("CSC_DATABASE_URL", None)
os.environ["CSC_DATA_DIR"] = {folder!r}
from services import open_store, reports
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
store = open_store()
reports.member_report(store, {lead}, {warm_round}, {warm_member})  # a warm server: templates, fonts, catalog
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:  # resets VmHWM to the current resident set
    f.write("5")
tracemalloc.start()
data, _ = reports.batch(store, {lead}, {round_id}, "sv", kind={kind!r})
_, python_peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({{"rss_before_mb": round(before, 1), "peak_rss_mb": round(status("VmHWM"), 1),
                  "python_peak_mb": round(python_peak / 2**20, 1), "output_mb": round(len(data) / 2**20, 2)}}))
"""


def memory(folder: str, lead: int, warm_round: int, warm_member: int, round_id: int, kind: str) -> dict:
    code = MEMORY_PROBE.format(root=str(ROOT), folder=folder, lead=lead, warm_round=warm_round,
                               warm_member=warm_member, round_id=round_id, kind=kind)
    out = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                    text=True).stdout.strip().splitlines()[-1])
    out["peak_increase_mb"] = round(out["peak_rss_mb"] - out["rss_before_mb"], 1)
    return out


# --- the run -----------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--batch-repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pdf_reports.json")
    args = parser.parse_args()
    begun = time.perf_counter()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["CSC_DATA_DIR"] = folder
        from questionnaire import load_catalog
        from reports import model, pdf
        from reports.charts import profile_chart
        from reports.svg import figure_svg
        from services import accounts, agent, open_store
        from services import reports as use_cases
        from tests.seeding import SWEDISH_NAMES, seed_team

        store = open_store()
        lead = accounts.create_lead(store, "Anna Lind", "anna@example.se", PASSWORD).id
        team_name = "Kundtjänst Malmö"
        seeding = time.perf_counter()
        workshop = seed_team(store, lead, team_name, SWEDISH_NAMES, share=lambda i: i % 4 != 3)
        teams = {size: seed_team(store, lead, f"Team {size}", names(size), seed=size) for size in SIZES}
        seeding = time.perf_counter() - seeding
        people = {size: list(use_cases.printable(store, lead, teams[size].round_id).members) for size in SIZES}
        for size in SIZES:
            assert len(people[size]) == size, (size, len(people[size]))

        # The member: the first of the workshop team (shares, finished Part 2), read once.
        members, _ = store.teams.round_state(lead, workshop.round_id)
        member = next(m for m in members if m.name == SWEDISH_NAMES[0])
        assert member.scenarios_finished and member.shared and member.revealed
        choices = store.teams.scenario_choices(lead, workshop.round_id, [member.respondent_id])[member.respondent_id]
        catalog = load_catalog(member.lang)
        round_label = catalog.t("lead.round_label", number=1, date=datetime.now().strftime("%Y-%m-%d"))
        reading = agent.results_for(member.name, member.scores, choices, member.lang)
        rename = Renamer(store)

        def build(tag: int) -> model.IndividualReport:
            return model.individual_report(dataclasses.replace(reading, name=f"{member.name} {tag}"), member.lang,
                                           team=team_name, round_label=round_label,
                                           finished_on=member.finished_at.date())

        def typst_document(report) -> dict:  # what individual_pdf hands to Typst
            return pdf._document("individual", report.lang, "a4", "report", report=pdf._data(report))

        chart = figure_svg(profile_chart(reading.profile, reading.texts, catalog, reading.norms))
        sections = three_pages(chart)
        page_counts = {"baseline": pages(bare_pdf(member.name, chart, sections)),
                       "individual": pages(pdf.individual_pdf(build(0))),
                       "team_workshop": pages(use_cases.team_workshop(store, lead, workshop.round_id, "sv")[0])}
        identical = build(-1)
        digests: list[str] = []

        def record(data: bytes) -> bytes:
            digests.append(hashlib.sha256(data).hexdigest())
            return data

        # --- single documents, interleaved ---
        _log(begun, f"seeded in {seeding:.1f} s; single documents")
        state: dict = {}

        def put(key, make):
            return lambda: state.__setitem__(key, make())

        singles = interleaved({
            "baseline": (put("name", lambda: f"{member.name} {rename.tag()}"),
                         lambda: record(bare_pdf(state["name"], chart, sections))),
            "individual_build_and_render": (put("tag", rename.tag), lambda: record(pdf.individual_pdf(build(state["tag"])))),
            "individual_build": (put("tag", rename.tag), lambda: state.__setitem__("built", build(state["tag"]))),
            "individual_render": (put("model", lambda: build(rename.tag())),
                                  lambda: record(pdf.individual_pdf(state["model"]))),
            "individual_typst_only": (put("document", lambda: typst_document(build(rename.tag()))),
                                      lambda: record(pdf._compile(state["document"]))),
            "individual_render_identical": (lambda: None, lambda: pdf.individual_pdf(identical)),
            "member_report": (lambda: rename.members([(member.respondent_id, member.name)]),
                              lambda: record(use_cases.member_report(store, lead, workshop.round_id,
                                                                     member.respondent_id)[0])),
            "team_workshop": (lambda: rename.team(workshop.team_id, team_name),
                              lambda: record(use_cases.team_workshop(store, lead, workshop.round_id, "sv")[0])),
        }, args.repeat, WARMUPS)

        # --- batches: one warm-up batch of 10 of each kind, then the sizes interleaved ---
        _log(begun, "batches")

        def batch(kind: str, size: int):
            def prepare():
                rename.members(people[size])

            def act():
                data = record(use_cases.batch(store, lead, teams[size].round_id, "sv", kind=kind)[0])
                if kind == "pdf":
                    state.setdefault(f"batch_pdf_{size}", data)  # its pages are counted after the timing
            return prepare, act

        interleaved({kind: batch(kind, 10) for kind in KINDS}, 0, 1)  # the warm-up
        batch_samples = interleaved({(kind, size): batch(kind, size) for size in SIZES for kind in KINDS},
                                    args.batch_repeat, 0)
        for size in SIZES:
            page_counts[f"batch_pdf_{size}"] = pages(state.pop(f"batch_pdf_{size}"))

        # --- where the time goes ---
        _log(begun, "profile")

        def profiled_member():
            rename.members([(member.respondent_id, member.name)])
            use_cases.member_report(store, lead, workshop.round_id, member.respondent_id)

        def profiled_batch(kind):
            def run():
                rename.members(people[10])
                use_cases.batch(store, lead, teams[10].round_id, "sv", kind=kind)
            return run

        profiles = {"member_report": profile(profiled_member, 5),
                    "batch_pdf_10": profile(profiled_batch("pdf"), 1),
                    "batch_zip_10": profile(profiled_batch("zip"), 1)}
        with tempfile.TemporaryDirectory() as copies:
            inside_typst = ablation(pdf.TEMPLATES, Path(copies), typst_document(build(rename.tag())), member.name, 10)

        # --- memory of the 50-person batch, in a fresh interpreter ---
        _log(begun, "memory")
        rename.members(people[50])
        store.engine.dispose()
        mem = {kind: memory(folder, lead, workshop.round_id, member.respondent_id, teams[50].round_id, kind)
               for kind in KINDS}

    single = {name: summarise(values) for name, values in singles.items()}
    base = single["baseline"]["median_ms"]
    base_cpu = single["baseline"]["cpu_median_ms"]
    batches = {}
    for kind in KINDS:
        rows = {}
        for size in SIZES:
            summary = summarise(batch_samples[(kind, size)])
            rows[str(size)] = {**summary, "per_person_ms": round(summary["median_ms"] / size, 2),
                               "per_person_to_baseline": round(summary["median_ms"] / size / base, 2)}
            if kind == "pdf":
                rows[str(size)]["pages"] = page_counts[f"batch_pdf_{size}"]
            rows[str(size)]["cpu_per_person_ms"] = round(summary["cpu_median_ms"] / size, 2)
        fit = _fit([(size, wall) for size in SIZES for wall, _ in batch_samples[(kind, size)]])
        fit["slope_to_baseline"] = round(fit["slope_ms_per_person"] / base, 2)
        fit["per_person_50_to_10"] = round(rows["50"]["per_person_ms"] / rows["10"]["per_person_ms"], 2)
        cpu_fit = _fit([(size, cpu) for size in SIZES for _, cpu in batch_samples[(kind, size)]])
        cpu_fit["slope_to_baseline_cpu"] = round(cpu_fit["slope_ms_per_person"] / base_cpu, 2)
        cpu_fit["per_person_50_to_10"] = round(rows["50"]["cpu_per_person_ms"] / rows["10"]["cpu_per_person_ms"], 2)
        batches[kind] = {"sizes": rows, "least_squares": fit, "least_squares_cpu": cpu_fit}

    result = {
        "benchmark": "PDF reports with Typst: one person's report, a team of 12's workshop report, batches of "
                     "10/25/50 (one PDF, and a zip of one PDF each), against a bare three-page Typst document "
                     "with one chart compiled in the same run",
        "command": f".venv/bin/python bench/pdf_reports.py --repeat {args.repeat} --batch-repeat {args.batch_repeat}",
        "recorded": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {"platform": platform.platform(), "machine": platform.machine(), "cpu_count": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average_1_5_15_min_at_end": [round(v, 2) for v in os.getloadavg()]},
        "versions": {"typst": typst.__version__, "pypdf": pypdf.__version__},
        "database": "sqlite (a fresh file in a temporary folder)",
        "warmups": {"single": WARMUPS, "batch": "one batch of 10 of each kind"},
        "seeding_s": round(seeding, 1),
        "pages": page_counts,
        "goal": "one report within 3x the baseline; a batch linear in its size",
        "single": single,
        "ratio_to_baseline": {name: round(value["median_ms"] / base, 2) for name, value in single.items()
                              if name != "baseline"},
        "cpu_ratio_to_baseline": {name: round(value["cpu_median_ms"] / base_cpu, 2) for name, value in single.items()
                                  if name != "baseline"},
        "ms_per_page": {name: round(single[key]["median_ms"] / page_counts[name], 2) for name, key in
                        (("baseline", "baseline"), ("individual", "individual_build_and_render"),
                         ("team_workshop", "team_workshop"))},
        "batch": batches,
        "memory_batch_50": mem,
        "profile": profiles,
        "inside_typst_individual": inside_typst,
        "distinct_outputs": {"documents": len(digests), "distinct": len(set(digests))},
        "script_s": round(time.perf_counter() - begun, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
