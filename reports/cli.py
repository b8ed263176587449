"""``coach-report``: the printed reports from the command line, the same PDFs as the app.

    coach-report team     --as coach@example.se --team "Kundtjänst Malmö" [--round 2] --out malmo.pdf
    coach-report batch    --as coach@example.se --team "Kundtjänst Malmö" [--zip] --out malmo.pdf
    coach-report person   --as coach@example.se --team "Kundtjänst Malmö" --member "Åsa Lind" --out asa.pdf
    coach-report csv      results.csv --lang sv [--zip] --out paper-round.pdf      (no database)
    coach-report form     --lang nb --out svarskjema.pdf
    coach-report template --out import.csv

``--as`` names the account whose view is printed (a lead, or a coach the team was granted
to): the privacy rules are the app's, so only members who share with that lead are printed
one by one. The database is the app's (CSC_DATABASE_URL). ``--paper a4|letter``; ``--lang``
is the language of the messages, the contents page, the team report and the form (personal
reports are in each person's own language). Exit codes: 0 done, 1 refused or bad input (the
message says why), 2 bad usage.
"""
from __future__ import annotations

import argparse
import errno
import sys
import unicodedata
from pathlib import Path

from questionnaire import LANGUAGES, load_catalog

__all__ = ["main"]


_REASONS = {errno.ENOENT: "reason_missing", errno.EACCES: "reason_denied", errno.EPERM: "reason_denied",
            errno.EISDIR: "reason_folder"}


def _reason(error: OSError) -> str:
    """Why a file could not be read or written, in the chosen language where we know the words."""
    key = _REASONS.get(error.errno)
    return _CATALOG[0].t(f"report.{key}") if key and _CATALOG else (error.strerror or type(error).__name__)


_CATALOG: list = []  # the catalog of --lang, set by main


def _printable(text: str) -> str:
    """Text from a file, safe for a terminal: control characters (escape sequences that could
    recolour or rewrite the screen) shown as their code instead."""
    return "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in text)


class _Problem(Exception):
    """Bad input the command explains itself (``report.cli_<key>`` in the chosen language)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


class _Progress:
    """A progress bar on standard error, drawn only on a terminal."""

    def __init__(self, label: str):
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty() or total <= 0:
            return
        width = 30
        filled = round(width * done / total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach-report", description="Conflict Style Coach: printed reports, the same PDFs as the app.",
        epilog="The database is the app's: CSC_DATABASE_URL, or the SQLite file in CSC_DATA_DIR (default ./var). "
               "--as chooses whose view is printed, with the app's privacy rules; it is not a sign-in: whoever "
               "can run this command with the database can read the database anyway. "
               "Exit codes: 0 written, 1 refused or bad input (the message says why), 2 bad usage.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", default="en", choices=LANGUAGES, help="language of messages and shared pages")
    common.add_argument("--paper", default="a4", choices=["a4", "letter"])
    common.add_argument("--out", type=Path, help="the file to write (default: a name made from the report)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("team", "the team workshop report of a round"),
                       ("batch", "every member who shares: one PDF with contents, or --zip"),
                       ("person", "one member's personal report")):
        command = sub.add_parser(name, parents=[common], help=text)
        command.add_argument("--as", dest="account", required=True, metavar="EMAIL",
                             help="the lead or coach whose view is printed")
        command.add_argument("--team", required=True, help="the team's name (or its id)")
        command.add_argument("--round", type=int, help="the round's number (default: the latest)")
        if name == "batch":
            command.add_argument("--zip", action="store_true", help="a zip of one PDF per person")
        if name == "person":
            command.add_argument("--member", required=True, help="the member's name, as in the dashboard")
    from_csv = sub.add_parser("csv", parents=[common], help="personal reports from an import file, no database")
    from_csv.add_argument("file", type=Path)
    from_csv.add_argument("--team", default="", help="the team's name printed on the reports")
    from_csv.add_argument("--zip", action="store_true", help="a zip of one PDF per person")
    sub.add_parser("form", parents=[common], help="the paper answer form")
    sub.add_parser("template", parents=[common], help="the empty import file for paper answers")
    return parser


def _round(store, account_id: int, email: str, team_arg: str, number: int | None):
    from services import teams

    visible = teams.viewable_teams(store, account_id)
    candidates = ([t for t in visible if t.name == team_arg or str(t.id) == team_arg]
                  or [t for t in visible if t.name.casefold() == team_arg.casefold()])
    if len(candidates) != 1:
        raise _Problem("cli_no_team", email=email, team=team_arg)
    team = candidates[0]
    chosen = team.latest if number is None else next((r for r in team.rounds if r.number == number), None)
    if chosen is None:
        raise _Problem("cli_no_round", team=team.name, number=number)
    return team, chosen


def _write(out: Path | None, default: str, data: bytes) -> Path:
    path = out or Path(default)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise _Problem("cli_unwritable", file=str(path), reason=_reason(error)) from None
    return path


def _from_database(args, progress: _Progress) -> Path:
    from services import open_store, reports

    store = open_store()
    account = store.accounts.lead_by_email(args.account)
    if account is None:
        raise _Problem("cli_no_account", email=args.account)
    team, chosen = _round(store, account.id, args.account, args.team, args.round)
    if args.command == "team":
        data, stem = reports.team_workshop(store, account.id, chosen.id, args.lang, args.paper)
        return _write(args.out, f"{stem}.pdf", data)
    if args.command == "batch":
        kind = "zip" if args.zip else "pdf"
        data, stem = reports.batch(store, account.id, chosen.id, args.lang, args.paper, kind, progress=progress)
        return _write(args.out, f"{stem}.{kind}", data)
    matches = [member_id for member_id, name in reports.printable(store, account.id, chosen.id)
               if name == args.member]
    if not matches:  # nobody by that name shares with this account's view
        raise _Problem("cli_no_member", member=args.member)
    if len(matches) > 1:
        raise _Problem("cli_two_members", member=args.member, count=len(matches))
    data, stem = reports.member_report(store, account.id, chosen.id, matches[0], args.paper)
    return _write(args.out, f"{stem}.pdf", data)


def _from_csv(args, catalog, progress: _Progress) -> Path | None:
    from reports import pdf
    from services import reports

    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise _Problem("cli_unreadable", file=str(args.file), reason=_reason(error)) from None
    people, problems = reports.csv_reports(data, args.lang, team=args.team, filename=args.file.name)
    if problems:
        for problem in problems:
            values = {key: _printable(str(value)) for key, value in problem.values.items()}
            text = catalog.t(f"import.{problem.code}", **values)
            where = catalog.t("import.line", line=problem.line) + ": " if problem.line else ""
            print(f"{args.file}: {where}{text}", file=sys.stderr)
        return None
    stem = pdf.file_stem(args.team or args.file.stem, "reports")  # the names: shortened, made safe
    if args.zip:
        return _write(args.out, f"{stem}.zip",
                      pdf.batch_zip(people, args.paper, progress=lambda n: progress(n, len(people))))
    return _write(args.out, f"{stem}.pdf", pdf.batch_pdf(people, args.team or args.file.stem, args.lang, args.paper,
                                                         progress=lambda n: progress(n, len(people))))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    catalog = load_catalog(args.lang)
    _CATALOG[:] = [catalog]
    from services import Refused, Unavailable, reports

    progress = _Progress(catalog.t("report.cli_progress"))
    try:
        if args.command == "form":
            path = _write(args.out, f"answer-form-{args.lang}.pdf", reports.answer_form(args.lang, args.paper))
        elif args.command == "template":
            path = _write(args.out, "import-template.csv", reports.import_template(args.lang))
        elif args.command == "csv":
            path = _from_csv(args, catalog, progress)
            if path is None:
                return 1
        else:
            path = _from_database(args, progress)
    except Refused as refused:
        progress.close()
        print(catalog.t(f"errors.{refused.code}", **refused.values), file=sys.stderr)
        return 1
    except Unavailable:
        progress.close()
        print(catalog.t("errors.unavailable"), file=sys.stderr)
        return 1
    except _Problem as problem:
        progress.close()
        print(catalog.t(f"report.{problem.key}", **problem.values), file=sys.stderr)
        return 1
    progress.close()
    print(catalog.t("report.cli_written", file=str(path)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
