"""``csc-admin``: what an operator does from the command line.

    csc-admin create-lead --name "Anna Lind" --email anna@example.se
    csc-admin create-coach --name "Bo Ek" --email bo@example.se
    csc-admin set-password --email anna@example.se
    csc-admin sign-out --email anna@example.se
    csc-admin set-role --email bo@example.se --role coach      (e.g. an account made by company sign-in)

    csc-admin rating-sheet --lang sv --out rater7-sv.csv        (a desirability rating sheet)
    csc-admin import-ratings --panel acme-2027 --rater r7 --about "team lead, Malmö" rater7-sv.csv
    csc-admin desirability [--lang sv]                          (the checks over the ratings)
    csc-admin item-report [--lang sv] [--group sv] [--version 2026.11]

The password is asked for twice at a prompt (not echoed), or read from standard input with
``--password-stdin`` for scripts. The database is the app's (CSC_DATABASE_URL). Exit codes:
0 done, 1 refused (the message says why), 2 bad usage.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from analysis.desirability import check_desirability
from questionnaire import evidence, load_catalog, load_instrument

from . import Refused, Unavailable, accounts, instrument, open_store

__all__ = ["main"]


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise SystemExit("The two passwords differ; nothing was changed.")
    return first


def _rating_sheet(args) -> int:
    only = None
    if args.unrated:  # after a rewrite: only the texts with fewer ratings than the protocol asks
        ratings = evidence.load_ratings()
        only = [k for k in evidence.statements(None, (args.lang,)) if ratings.raters(k) < evidence.MIN_RATERS]
        if not only:
            print(f"Every {args.lang} statement has {evidence.MIN_RATERS} ratings of its current text.")
            return 0
    sheet_id, rows = evidence.rating_sheet(args.lang, seed=args.seed, only=only)
    Path(args.out).write_bytes(evidence.sheet_csv(sheet_id, rows))
    print(f"Wrote {len(rows)} statements in random order to {args.out} ({args.lang}). The rater fills in the "
          f"last column with 1..7, as questionnaire/data/desirability/protocol.md says.")
    return 0


def _import_ratings(args) -> int:
    read = []
    for name in args.sheets:
        try:
            read.append((name, *evidence.read_sheet(Path(name).read_bytes())))
        except OSError as error:
            print(f"{name}: {error.strerror}", file=sys.stderr)
            return 1
        except evidence.SheetError as error:
            print(f"{name}: {_SHEET_MESSAGES[error.key].format(**error.values)}", file=sys.stderr)
            return 1
    ratings, prints = {}, {}
    for _name, _lang, sheet_ratings, sheet_prints in read:
        ratings.update(sheet_ratings)
        prints.update(sheet_prints)
    directory = Path(args.directory) if args.directory else None
    try:
        path = evidence.add_ratings(args.panel, args.rater, args.about, ratings, prints, kind=args.kind,
                                    description=args.description, collected=args.collected, directory=directory)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Added {len(ratings)} ratings by {args.rater} to {path}.")
    return 0


def _desirability(args) -> int:
    """The three checks of the protocol, per language, over the ratings that count."""
    ratings = evidence.load_ratings()
    langs = (args.check_lang,) if args.check_lang else ("en", "sv", "nb", "da")
    failed = False
    print(f"Questionnaire version {ratings.version}: panels {', '.join(p.id + ' (' + p.kind + ')' for p in ratings.panels)}"
          f"; {ratings.stale} ratings of earlier texts not counted.")
    for lang in langs:
        check = check_desirability(ratings, load_instrument(lang))
        if check is None:
            print(f"[{lang}] some statements have no ratings yet")
            failed = True
            continue
        failed |= not check.ok
        widest = check.widest_pair
        print(f"[{lang}] {'ok' if check.ok else 'FAILS'}: at least {check.fewest_raters} raters per statement; widest pair "
              f"gap {check.gaps[widest]:+.2f} ({widest}); mode means "
              + ", ".join(f"{m} {v:.2f}" for m, v in check.mode_means.items())
              + f" (all {check.overall:.2f}); always the nicer statement: "
              + ", ".join(f"{m} {v}" for m, v in check.nicer_scores.items()))
    return 1 if failed else 0


_SHEET_MESSAGES = {
    "sheet_encoding": "the sheet is not UTF-8 text; save it as CSV UTF-8",
    "sheet_columns": "the first line must be the headings {columns}",
    "sheet_mixed": "the rows come from more than one sheet (or none): one sheet per file",
    "sheet_id": "{sheet} is not a sheet id this command made",
    "sheet_version": "the sheet is for questionnaire version {version}, which this app does not know",
    "sheet_text": "line {line}: the code or the statement's text differs from the sheet that was handed out "
                  "(or the statement has been rewritten since)",
    "sheet_empty": "the sheet has no statements",
    "sheet_rating": "line {line}: the rating must be a whole number from {low} to {high}",
    "sheet_twice": "line {line}: this statement is on the sheet twice",
    "sheet_incomplete": "{missing} statements have no rating yet; a sheet is imported only when complete",
}

_CONTENT_COMMANDS = {"rating-sheet": _rating_sheet, "import-ratings": _import_ratings, "desirability": _desirability}


def _item_report(report, t) -> str:
    if report.count is None:
        return t.t("items.not_yet", min=instrument.MIN_RESULTS, version=report.version, pool=report.pool)
    lines = [t.t("items.title") + f" · {report.version} · {report.group}",
             t.t("items.snapshot", date=report.created_at.strftime("%Y-%m-%d"), count=report.count,
                 group_count=t.number(report.group_count, digits=0), noise=t.number(report.noise_points, digits=1)),
             ""]
    for row in report.rows:
        share = "  –" if row.share_a is None else f"{100 * row.share_a:3.0f} %"
        flag = f"  << {t.t('items.flag_' + row.flag)}" if row.flag else ""
        lines.append(f"{row.item_id}  A {share}  {row.a_mode} / {row.b_mode}{flag}")
    lines.append("")
    lines.append(t.t("items.distributions") + " (0..12, %)")
    for mode, shares in report.distributions.items():
        lines.append(f"{mode:14} " + " ".join(f"{100 * s:3.0f}" for s in shares))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="csc-admin", description="Conflict Style Coach: operator commands")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-lead", help="create a team lead account (also when sign-up is closed)")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    coach = sub.add_parser("create-coach", help="create a coach account: it sees the teams leads grant it")
    coach.add_argument("--name", required=True)
    coach.add_argument("--email", required=True)
    coach.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    reset = sub.add_parser("set-password", help="give a lead a new password; they are signed out everywhere")
    reset.add_argument("--email", required=True)
    reset.add_argument("--password-stdin", action="store_true")
    out = sub.add_parser("sign-out", help="end every session of a lead")
    out.add_argument("--email", required=True)
    role = sub.add_parser("set-role", help="make an account a coach (sees only the teams leads grant it) or a lead")
    role.add_argument("--email", required=True)
    role.add_argument("--role", required=True, choices=["lead", "coach"])
    sheet = sub.add_parser("rating-sheet", help="a desirability rating sheet for one rater (statements shuffled)")
    sheet.add_argument("--out", required=True, help="the CSV file to write")
    sheet.add_argument("--seed", type=int, help="the order's seed (default: a random one)")
    sheet.add_argument("--unrated", action="store_true",
                       help="only the statements with fewer than seven ratings of their current text")
    sheet.add_argument("--lang", choices=["en", "sv", "nb", "da"], default=argparse.SUPPRESS, required=True,
                       help="the language the rater rates")
    ratings = sub.add_parser("import-ratings", help="add filled-in rating sheets to a panel in the content files")
    ratings.add_argument("sheets", nargs="+", help="filled-in sheets of one rater")
    ratings.add_argument("--panel", required=True, help="panel id: lower-case letters, digits, hyphens")
    ratings.add_argument("--rater", required=True, help="the rater's id within the panel (no names needed)")
    ratings.add_argument("--about", default="", help="who the rater is (role, experience), kept as provenance")
    ratings.add_argument("--kind", default="human raters", choices=["human raters", "model reviewers"])
    ratings.add_argument("--description", default="", help="what the panel is (for a new panel)")
    ratings.add_argument("--collected", default="", help="when the ratings were made (for a new panel)")
    ratings.add_argument("--directory", help="the desirability folder (default: the app's content files)")
    checks = sub.add_parser("desirability", help="the desirability checks over the ratings that count")
    checks.add_argument("--lang", dest="check_lang", choices=["en", "sv", "nb", "da"], help="one language only")
    report = sub.add_parser("item-report", help="how often each statement A is chosen, and the score spread")
    report.add_argument("--group", default="all", help="all, or a language: en, sv, nb, da")
    report.add_argument("--version", help="questionnaire version (default: the current one)")
    report.add_argument("--lang", choices=["en", "sv", "nb", "da"], default=argparse.SUPPRESS,
                        help="language of the report")
    parser.add_argument("--lang", default="en", choices=["en", "sv", "nb", "da"], help="language of the messages")
    args = parser.parse_args(argv)
    t = load_catalog(args.lang)
    if args.command in _CONTENT_COMMANDS:
        return _CONTENT_COMMANDS[args.command](args)
    try:
        store = open_store()
        if args.command == "create-lead":
            lead = accounts.create_lead(store, args.name, args.email, _password(args))
            print(f"Created team lead {lead.name} <{lead.email}> (id {lead.id}).")
        elif args.command == "create-coach":
            coach = accounts.create_lead(store, args.name, args.email, _password(args), role="coach")
            print(f"Created coach {coach.name} <{coach.email}> (id {coach.id}).")
        elif args.command == "item-report":
            print(_item_report(instrument.item_report(store, None, args.lang, version=args.version, group=args.group),
                               t))
        elif args.command == "set-password":
            accounts.set_password(store, args.email, _password(args))
            print("Password changed; the lead is signed out everywhere.")
        elif args.command == "set-role":
            changed = accounts.set_role(store, args.email, args.role)
            print(f"{changed.email} is now a {changed.role}.")
        else:
            lead = store.accounts.lead_by_email(args.email)
            if lead is None:
                raise Refused("not_found")
            store.accounts.end_sessions(lead.id)
            print(f"Signed out {lead.email} everywhere.")
    except Refused as refused:
        print(t.t(f"errors.{refused.code}", **refused.values), file=sys.stderr)
        return 1
    except Unavailable:
        print(t.t("errors.unavailable"), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
