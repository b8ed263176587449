"""How long a lead waits for an import or an export of a full file, against plain pandas on the
same data in the same run.

Import: a file of MAX_ROWS people (the most the reader takes) read by analysis.read_results
(encoding detection, headings in four languages, every line checked and scored), as UTF-8 CSV,
as Windows-1252 CSV (charset-normalizer's path) and as .xlsx; the baseline reads the same bytes
with pandas (read_csv with the encoding given, read_excel), which checks nothing.
Export: the members table of as many people written by reports.export (neutralised text,
Excel widths and frozen headings); the baseline writes the same frame with pandas.

Samples are interleaved (ours, then the baseline, per round) so both see the same noise.

    .venv/bin/python bench/import_export.py [--rounds 7] [--out bench/results/import_export.json]
"""
from __future__ import annotations

import argparse
import io
import json
import platform
import random
import sys
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from analysis import read_results  # noqa: E402
from analysis.importing import MAX_ROWS  # noqa: E402
from analysis.scoring import rank_modes  # noqa: E402
from questionnaire import MODES, load_catalog, load_instrument, load_mode_texts  # noqa: E402
from reports import ExportMember, team_tables, to_csv, to_excel  # noqa: E402
from timing import summarise, timed  # noqa: E402

FIRST = ("Åsa", "Bjørn", "Märta", "Kåre", "Søren", "Ingrid", "Jörgen", "Æsa", "Ola", "Linnéa")
LAST = ("Ødegård", "Öberg", "Lindqvist", "Æbelø", "Håkansson", "Bråten", "Sjöström", "Nielsen")


def _people(count: int, rng: random.Random) -> list[tuple[str, dict[str, int]]]:
    people = []
    for number in range(count):
        cuts = sorted(rng.sample(range(31), 4))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 30])]
        while max(parts) > 12:  # at most 12 per mode
            cuts = sorted(rng.sample(range(31), 4))
            parts = [b - a for a, b in zip([0, *cuts], [*cuts, 30])]
        people.append((f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}", dict(zip(MODES, parts))))
    return people


def _frame(people, lang: str) -> pd.DataFrame:
    names = {m: t.name for m, t in load_mode_texts(lang).items()}
    return pd.DataFrame([{load_catalog(lang).t("export.name"): name, **{names[m]: s[m] for m in MODES}}
                         for name, s in people])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "bench/results/import_export.json"))
    args = parser.parse_args()
    rng = random.Random(7)
    instrument = load_instrument()
    people = _people(MAX_ROWS, rng)
    frame = _frame(people, "nb")
    utf8 = frame.to_csv(sep=";", index=False).encode("utf-8-sig")
    cp1252 = frame.to_csv(sep=";", index=False).encode("cp1252")
    xlsx = io.BytesIO()
    frame.to_excel(xlsx, index=False)
    xlsx = xlsx.getvalue()
    members = [ExportMember(name, scores, rank_modes(scores)[0], date(2026, 11, 28), False) for name, scores in people]
    tables = team_tables(catalog=load_catalog("nb"), names={m: t.name for m, t in load_mode_texts("nb").items()},
                         team="Kundeservice Nord", round_number=1, members=members, figures=None, rounds=[], part2=[])

    cases = {
        "import_csv_utf8": (lambda: read_results(utf8, instrument, "team.csv"),
                            lambda: pd.read_csv(io.BytesIO(utf8), sep=";", encoding="utf-8-sig")),
        "import_csv_cp1252": (lambda: read_results(cp1252, instrument, "team.csv"),
                              lambda: pd.read_csv(io.BytesIO(cp1252), sep=";", encoding="cp1252")),
        "import_xlsx": (lambda: read_results(xlsx, instrument, "team.xlsx"),
                        lambda: pd.read_excel(io.BytesIO(xlsx))),
        "export_csv": (lambda: to_csv(tables[0], "nb"),
                       lambda: tables[0].frame.to_csv(sep=";", decimal=",", index=False)),
        "export_xlsx": (lambda: to_excel(tables), lambda: tables[0].frame.to_excel(io.BytesIO(), index=False)),
    }
    for ours, _ in cases.values():  # warm-up: caches (headings, catalogs), imports
        ours()
    result = read_results(cp1252, instrument, "team.csv")
    assert result.ok and len(result.rows) == MAX_ROWS, result.problems[:3]
    samples = {name: ([], []) for name in cases}
    for _ in range(args.rounds):
        for name, (ours, baseline) in cases.items():
            samples[name][0].append(timed(ours))
            samples[name][1].append(timed(baseline))
    figures = {}
    for name, (ours, baseline) in samples.items():
        a, b = summarise(ours), summarise(baseline)
        figures[name] = {"ours": a, "pandas": b, "ratio": round(a["median_ms"] / b["median_ms"], 2)}
        print(f"{name:20} ours {a['median_ms']:8.1f} ms   pandas {b['median_ms']:8.1f} ms   "
              f"ratio {figures[name]['ratio']}")
    record = {
        "command": "python bench/import_export.py " + " ".join(sys.argv[1:]),
        "date": date.today().isoformat(), "machine": platform.machine(), "python": platform.python_version(),
        "rows": MAX_ROWS, "bytes": {"csv_utf8": len(utf8), "csv_cp1252": len(cp1252), "xlsx": len(xlsx)},
        "rounds": args.rounds, "figures": figures,
    }
    Path(args.out).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
