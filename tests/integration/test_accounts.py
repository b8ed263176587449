"""Team leads' accounts against SQLite and PostgreSQL: passwords, throttling, sign-up that
reveals no more than sign-in, sessions that survive a refresh and end everywhere, csc-admin."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from services import Refused, accounts, admin
from storage.passwords import verify_password
from storage.schema import lead_sessions, leads

PASSWORD = "blue ferry lantern moss"


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _code(call) -> str:
    with pytest.raises(Refused) as info:
        call()
    return info.value.code


@pytest.fixture
def anna(store):
    return accounts.sign_up(store, "Anna Lind", "Anna@Example.se", PASSWORD, "10.0.0.1").lead


# --- passwords and sign-up ------------------------------------------------------------------------


def test_passwords_are_stored_only_as_a_scrypt_hash(store, anna):
    with store.engine.connect() as conn:
        email, stored = conn.execute(select(leads.c.email, leads.c.password_hash)).one()
    assert email == "anna@example.se"  # one account per address, whatever the case
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored) and not verify_password(PASSWORD + "x", stored)


@pytest.mark.parametrize("name,email,password,code", [
    ("", "a@example.se", PASSWORD, "name_missing"),
    ("Anna", "not-an-address", PASSWORD, "bad_email"),
    ("Anna", "a@example.se", "          ", "password_repeats"),
    ("Anna", "a@example.se", "aaaaaaaaaa", "password_repeats"),
    ("Anna", "a@example.se", "1234567890", "password_common"),
    ("Anna", "a@example.se", "short", "password_short"),
])
def test_bad_sign_up_is_refused_with_a_code_and_stores_nothing(store, name, email, password, code):
    assert _code(lambda: accounts.sign_up(store, name, email, password, "10.0.0.1")) == code
    assert _count(store, leads) == 0


def test_a_taken_address_is_refused_like_any_failed_attempt(store, anna):
    """Not "this address has an account": the same answer whatever the reason."""
    assert _code(lambda: accounts.sign_up(store, "Someone", "anna@example.se", "other quiet harbour tea",
                                          "10.0.0.2")) == "signup_refused"
    assert _count(store, leads) == 1


def test_signing_up_again_with_the_right_password_just_signs_the_owner_in(store, anna):
    again = accounts.sign_up(store, "Anna", "anna@example.se", PASSWORD, "10.0.0.3")
    assert again.lead == anna and _count(store, leads) == 1


def test_sign_up_is_throttled_per_device(store):
    for i in range(accounts.SIGNUP_LIMIT):
        accounts.sign_up(store, f"Lead {i}", f"lead{i}@example.se", PASSWORD, "10.9.9.9")
    refused = None
    with pytest.raises(Refused) as info:
        accounts.sign_up(store, "One more", "more@example.se", PASSWORD, "10.9.9.9")
    refused = info.value
    assert refused.code == "signup_locked" and refused.values["minutes"] == accounts.LOCK_MINUTES
    assert _count(store, leads) == accounts.SIGNUP_LIMIT
    accounts.sign_up(store, "Elsewhere", "else@example.se", PASSWORD, "10.8.8.8")  # another device is not locked


def test_an_operator_can_close_sign_up(store, monkeypatch):
    monkeypatch.setenv("CSC_OPEN_SIGNUP", "false")
    assert not accounts.signup_open()
    assert _code(lambda: accounts.sign_up(store, "Anna", "a@example.se", PASSWORD, None)) == "signup_closed"
    lead = accounts.create_lead(store, "Anna", "a@example.se", PASSWORD)  # the operator's way
    assert accounts.sign_in(store, "a@example.se", PASSWORD).lead == lead


# --- sign-in and throttling ------------------------------------------------------------------------


def test_sign_in_with_the_right_password_and_not_the_wrong_one(store, anna):
    assert accounts.sign_in(store, " Anna@Example.se", PASSWORD).lead == anna
    assert _code(lambda: accounts.sign_in(store, "anna@example.se", "wrong password!")) == "wrong_credentials"


@pytest.mark.parametrize("email", ["anna@example.se", "nobody@example.se"])
def test_repeated_failures_lock_the_address_known_or_not(store, anna, email):
    for _ in range(accounts.MAX_FAILURES - 1):
        assert _code(lambda: accounts.sign_in(store, email, "guess")) == "wrong_credentials"
    with pytest.raises(Refused) as info:
        accounts.sign_in(store, email, "guess")
    assert info.value.code == "sign_in_locked" and info.value.values["minutes"] == accounts.LOCK_MINUTES
    assert _code(lambda: accounts.sign_in(store, email, PASSWORD)) == "sign_in_locked"  # even the right one waits
    accounts.sign_up(store, "Bo Holm", "bo@example.dk", PASSWORD, "10.1.1.1")
    assert accounts.sign_in(store, "bo@example.dk", PASSWORD).lead.name == "Bo Holm"  # others are not affected


def test_the_lock_ends_and_a_success_clears_the_count(store, anna):
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(Refused):
            accounts.sign_in(store, "anna@example.se", "guess")
    with store.engine.begin() as conn:  # time passes
        conn.execute(text("UPDATE throttles SET locked_until = :t"), {"t": "2000-01-01 00:00:00+00:00"})
    assert accounts.sign_in(store, "anna@example.se", PASSWORD).lead == anna
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM throttles WHERE key LIKE 'signin:%'")).scalar_one() == 0


def test_a_taken_address_on_sign_up_counts_towards_the_sign_in_lock(store, anna):
    for i in range(accounts.MAX_FAILURES):
        try:
            accounts.sign_up(store, "X", "anna@example.se", f"guess number {i} horse", f"10.2.0.{i}")
        except Refused:
            pass
    assert _code(lambda: accounts.sign_in(store, "anna@example.se", PASSWORD)) == "sign_in_locked"


# --- sessions ------------------------------------------------------------------------------------


def test_a_session_is_claimed_once_and_found_by_its_cookie_token(store, anna):
    signed = accounts.sign_in(store, "anna@example.se", PASSWORD)
    token, expires = accounts.claim(store, signed.handoff)
    assert accounts.claim(store, signed.handoff) is None  # a hand-over code works once
    assert accounts.current_session(store, None, token).lead == anna
    assert accounts.current_session(store, signed.session_id, None).id == signed.session_id
    with store.engine.connect() as conn:
        stored = conn.execute(select(lead_sessions.c.token_hash, lead_sessions.c.handoff_hash)
                              .where(lead_sessions.c.id == signed.session_id)).one()
    assert stored.token_hash != token and token not in stored.token_hash and stored.handoff_hash is None
    from storage.sql import now
    assert timedelta(hours=7.9) < expires - now() <= timedelta(hours=8)


def test_the_lifetime_is_configurable(store, anna, monkeypatch):
    monkeypatch.setenv("CSC_SESSION_HOURS", "1")
    token, expires = accounts.claim(store, accounts.sign_in(store, "anna@example.se", PASSWORD).handoff)
    from storage.sql import now
    assert timedelta(minutes=59) < expires - now() <= timedelta(hours=1)


def test_an_expired_session_or_hand_over_code_opens_nothing(store, anna):
    signed = accounts.sign_in(store, "anna@example.se", PASSWORD)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE lead_sessions SET handoff_expires_at = :t"), {"t": "2000-01-01 00:00:00+00:00"})
    assert accounts.claim(store, signed.handoff) is None
    other = accounts.sign_in(store, "anna@example.se", PASSWORD)
    token, _ = accounts.claim(store, other.handoff)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE lead_sessions SET expires_at = :t"), {"t": "2000-01-01 00:00:00+00:00"})
    assert accounts.current_session(store, other.session_id, token) is None


@pytest.mark.parametrize("bad", [None, "", "x" * 500, "not-a-token", 42])
def test_nonsense_tokens_and_codes_open_nothing(store, anna, bad):
    assert accounts.claim(store, bad) is None
    assert accounts.current_session(store, None, bad) is None


def test_signing_out_ends_the_session_for_every_tab_and_only_that_one(store, anna):
    here = accounts.sign_in(store, "anna@example.se", PASSWORD)
    there = accounts.sign_in(store, "anna@example.se", PASSWORD)
    here_token, _ = accounts.claim(store, here.handoff)
    there_token, _ = accounts.claim(store, there.handoff)
    accounts.sign_out(store, here.session_id, here_token)
    assert accounts.current_session(store, here.session_id, here_token) is None  # every tab of this browser
    assert accounts.current_session(store, None, there_token).lead == anna  # another device stays in


def test_signing_out_everywhere_ends_every_session_of_the_lead(store, anna):
    sessions = [accounts.sign_in(store, "anna@example.se", PASSWORD) for _ in range(3)]
    bo = accounts.sign_up(store, "Bo", "bo@example.dk", PASSWORD, "10.3.3.3")
    accounts.sign_out(store, sessions[0].session_id, everywhere=True)
    assert all(accounts.current_session(store, s.session_id, None) is None for s in sessions)
    assert accounts.current_session(store, bo.session_id, None) is not None


# --- the operator's command --------------------------------------------------------------------------


def test_the_operator_creates_a_lead_and_resets_a_password(database_url, monkeypatch, capsys):
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert admin.main(["create-lead", "--name", "Anna Lind", "--email", "anna@example.se", "--password-stdin"]) == 0
    assert "Anna Lind" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("aaaaaaaaaa\n"))
    assert admin.main(["--lang", "sv", "set-password", "--email", "anna@example.se", "--password-stdin"]) == 1
    assert "lösenord" in capsys.readouterr().err.lower()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(PASSWORD + "\n"))
    assert admin.main(["create-lead", "--name", "Again", "--email", "anna@example.se", "--password-stdin"]) == 1
    assert admin.main(["sign-out", "--email", "nobody@example.se"]) == 1
