"""``csc-admin``: what an operator does from the command line.

    csc-admin create-lead --name "Anna Lind" --email anna@example.se
    csc-admin create-coach --name "Bo Ek" --email bo@example.se
    csc-admin set-password --email anna@example.se
    csc-admin sign-out --email anna@example.se

The password is asked for twice at a prompt (not echoed), or read from standard input with
``--password-stdin`` for scripts. The database is the app's (CSC_DATABASE_URL). Exit codes:
0 done, 1 refused (the message says why), 2 bad usage.
"""
from __future__ import annotations

import argparse
import getpass
import sys

from questionnaire import load_catalog

from . import Refused, Unavailable, accounts, open_store

__all__ = ["main"]


def _password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise SystemExit("The two passwords differ; nothing was changed.")
    return first


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
    parser.add_argument("--lang", default="en", choices=["en", "sv", "nb", "da"], help="language of the messages")
    args = parser.parse_args(argv)
    t = load_catalog(args.lang)
    try:
        store = open_store()
        if args.command == "create-lead":
            lead = accounts.create_lead(store, args.name, args.email, _password(args))
            print(f"Created team lead {lead.name} <{lead.email}> (id {lead.id}).")
        elif args.command == "create-coach":
            coach = accounts.create_lead(store, args.name, args.email, _password(args), role="coach")
            print(f"Created coach {coach.name} <{coach.email}> (id {coach.id}).")
        elif args.command == "set-password":
            accounts.set_password(store, args.email, _password(args))
            print("Password changed; the lead is signed out everywhere.")
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
