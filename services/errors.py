"""The two errors a page can get from a use case, and every message code they carry.

``Refused(code, **values)``: the request cannot be done as asked (a wrong password, a weak
one, an invalid link, a locked answer...). The page shows the catalog text ``errors.<code>``
with ``values`` in the user's language. ``Unavailable``: the database cannot be reached;
nothing saved is lost, and the user can try again. ``Full`` (a kind of ``Unavailable``): the
database's disk is full; nothing saved is lost, and only an operator can make room.
"""
from __future__ import annotations

from storage.errors import AlreadyFinished, NotReady, Refused
from storage.errors import StorageFull as Full
from storage.errors import StorageUnavailable as Unavailable

__all__ = ["AlreadyFinished", "ERROR_CODES", "Full", "NotReady", "Refused", "Unavailable"]

# Every code a use case or the storage below it can raise, with the values its text uses.
# tests/unit/test_catalog_keys.py checks that each has a text in all four languages.
ERROR_CODES: dict[str, tuple[str, ...]] = {
    # the agent
    "bad_link": (),
    "bad_invite": (),
    "answers_locked": (),
    "part2_locked": (),
    "part2_not_ready": (),
    "not_a_member": (),
    "save_failed": (),
    # team leads
    "wrong_credentials": (),
    "sign_in_locked": ("minutes",),
    "signup_locked": ("minutes",),
    "signup_closed": (),
    "name_missing": (),
    "bad_email": (),
    "signup_refused": (),
    "email_taken": (),  # only an operator is told this (csc-admin create-lead)
    "password_short": ("min",),
    "password_repeats": (),
    "password_sequence": (),
    "password_keyboard": (),
    "password_common": (),
    "password_date": (),
    "password_personal": (),
    "password_guessable": (),
    "team_name_missing": (),
    "team_name_taken": ("name",),
    "invite_closed": ("team", "lead"),
    "last_round": (),
    "not_found": (),
    "signed_out": (),
    # coaches
    "coach_no_teams": (),
    "grant_self": (),
    "coach_link_invalid": (),
    "coach_link_other": (),
    "coaches_only": (),
    # the instrument
    "unknown_version": ("version",),
    "unknown_group": (),
    # reports
    "report_not_ready": (),
    "nobody_shares": (),
    # anything
    "unavailable": (),
    "storage_full": (),  # the database's disk is full (Full)
    "unexpected": (),
}
