"""Company sign-in (OpenID Connect): which account an identity at the provider signs in to, on
SQLite and PostgreSQL. The claims are what Streamlit's st.user holds after Authlib checked the
ID token; services.accounts.sign_in_with_provider maps them (rules in its module docstring)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from services import Refused, accounts, admin
from storage.accounts import NO_PASSWORD
from storage.migrate import upgrade
from storage.schema import lead_identities, lead_sessions, leads
from storage.store import make_engine

CLIENT = "csc-app"
ISSUER = "https://login.example.se"
OTHER_ISSUER = "https://id.other.example"
NOW = datetime.now(timezone.utc).replace(microsecond=0)
PASSWORD = "blue ferry lantern moss"


def claims(minutes_ago: float = 0, **changes) -> dict:
    """The claims of a fresh ID token for Anna, as st.user holds them, with ``changes``
    (a value of None drops the claim)."""
    base = {"is_logged_in": True, "iss": ISSUER, "sub": "anna-0001", "aud": [CLIENT], "email": "Anna@Example.se",
            "email_verified": True, "name": "Anna Lind", "nonce": "n", "provider": "default",
            "iat": int((NOW - timedelta(minutes=minutes_ago)).timestamp()),
            "exp": int((NOW + timedelta(hours=1)).timestamp())}
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def sign_in(store, **changes):
    minutes_ago = changes.pop("minutes_ago", 0)
    return accounts.sign_in_with_provider(store, claims(minutes_ago, **changes), CLIENT, now=NOW)


def _count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _state(store) -> tuple:
    """Everything a sign-in could create or change."""
    with store.engine.connect() as conn:
        return (conn.execute(select(leads.c.id, leads.c.name, leads.c.email, leads.c.role, leads.c.password_hash)
                             .order_by(leads.c.id)).all(),
                conn.execute(select(lead_identities.c.lead_id, lead_identities.c.issuer, lead_identities.c.subject,
                                    lead_identities.c.last_token_at).order_by(lead_identities.c.id)).all(),
                _count(store, lead_sessions))


def _password_lead(store, email="anna@example.se", role="lead"):
    return accounts.create_lead(store, "Anna (password)", email, PASSWORD, role)


# --- who signs in -------------------------------------------------------------------------------


def test_a_first_sign_in_creates_a_lead_with_the_names_of_the_claims_and_no_usable_password(store):
    signed = sign_in(store, name="<b>Anna</b> & Åsa")
    lead = signed.lead
    assert (lead.name, lead.email, lead.role, lead.is_coach) == ("<b>Anna</b> & Åsa", "anna@example.se", "lead", False)
    assert store.accounts.identity_lead(ISSUER, "anna-0001") == lead
    # The same kind of session as a password gives: the rest of the app works from it.
    assert accounts.current_session(store, signed.session_id, None).lead == lead
    assert accounts.claim(store, signed.handoff) is not None
    # No password opens it, and nobody can take the address by signing up.
    for password in ("", NO_PASSWORD, PASSWORD):
        assert store.accounts.check_password("anna@example.se", password) is None
    with pytest.raises(Refused) as refused:
        accounts.sign_in(store, "anna@example.se", PASSWORD)
    assert refused.value.code == "wrong_credentials"
    with pytest.raises(Refused) as refused:
        accounts.sign_up(store, "Mallory", "anna@example.se", PASSWORD, "10.0.0.9")
    assert refused.value.code == "signup_refused"


def test_a_returning_identity_signs_in_to_its_account_whatever_its_claims_say_now(store):
    first = sign_in(store, minutes_ago=5).lead
    again = sign_in(store, email="anna.lind@newname.example", name="Anna Berg", email_verified=False).lead
    assert again == first  # matched by (issuer, subject); the account keeps its name and address
    assert _count(store, leads) == 1 and _count(store, lead_identities) == 1


def test_a_verified_address_links_an_existing_password_account_which_keeps_its_password_and_role(store):
    coach = _password_lead(store, role="coach")
    signed = sign_in(store)
    assert signed.lead == coach and signed.lead.is_coach
    assert store.accounts.identity_lead(ISSUER, "anna-0001") == coach
    assert accounts.sign_in(store, "anna@example.se", PASSWORD).lead == coach  # the password still works
    assert _count(store, leads) == 1


def test_a_provider_that_writes_email_verified_as_a_string_is_understood(store):
    existing = _password_lead(store)
    assert sign_in(store, email_verified="true").lead == existing


def test_an_identity_of_another_issuer_is_another_person(store):
    """The same subject at another issuer is not Anna: it gets its own account, and cannot take
    hers through her (verified) address, as her account already has an identity."""
    anna = sign_in(store).lead
    other = sign_in(store, iss=OTHER_ISSUER, email="bo@example.se", name="Bo").lead
    assert other != anna and other.email == "bo@example.se"
    before = _state(store)
    with pytest.raises(accounts.ProviderDenied) as denied:
        sign_in(store, iss=OTHER_ISSUER, sub="someone", email="anna@example.se")
    assert (denied.value.code, denied.value.values) == ("email_linked", {"email": "anna@example.se"})
    assert _state(store) == before


def test_an_account_is_linked_to_at_most_one_identity(store):
    existing = _password_lead(store)
    assert sign_in(store).lead == existing
    with pytest.raises(accounts.ProviderDenied) as denied:
        sign_in(store, sub="anna-second-account")
    assert denied.value.code == "email_linked"
    assert store.accounts.identity_lead(ISSUER, "anna-second-account") is None


# --- refusals: a clear code, and nothing created or changed ---------------------------------------

REFUSALS = [
    # (what exists before, the claims' changes, the code)
    ("password account", {"email_verified": False}, "email_unverified"),
    ("password account", {"email_verified": None}, "email_unverified"),
    ("password account", {"email_verified": "yes"}, "email_unverified"),
    ("nothing", {"aud": ["another-app"]}, "wrong_audience"),
    ("nothing", {"aud": "another-app", "azp": CLIENT}, "wrong_audience"),
    ("nothing", {"aud": None}, "wrong_audience"),
    ("nothing", {"minutes_ago": 11}, "stale"),
    ("nothing", {"minutes_ago": -5}, "stale"),
    ("nothing", {"sub": None}, "claims_missing"),
    ("nothing", {"iss": ""}, "claims_missing"),
    ("nothing", {"iat": "yesterday"}, "claims_missing"),
    ("nothing", {"email": None, "name": "Anna"}, "email_missing"),
    ("nothing", {"email": "not an address"}, "email_missing"),
]


@pytest.mark.parametrize("before,changes,code", REFUSALS,
                         ids=[f"{code}-{'-'.join(map(str, changes))}" for _, changes, code in REFUSALS])
def test_a_refused_sign_in_says_why_and_creates_and_changes_nothing(store, before, changes, code):
    if before == "password account":
        _password_lead(store)
    state = _state(store)
    with pytest.raises(accounts.ProviderDenied) as denied:
        sign_in(store, **changes)
    assert denied.value.code == code
    assert _state(store) == state


def test_an_id_token_signs_in_once(store):
    """Streamlit keeps the claims in a cookie: a reload after signing out, or a stolen copy,
    must not sign in again with the same token."""
    token = claims()
    accounts.sign_in_with_provider(store, token, CLIENT, now=NOW)
    sessions = _count(store, lead_sessions)
    with pytest.raises(accounts.ProviderDenied) as denied:
        accounts.sign_in_with_provider(store, token, CLIENT, now=NOW + timedelta(seconds=30))
    assert denied.value.code == "stale" and _count(store, lead_sessions) == sessions
    # An older token of the same person is no better; a newer one signs in.
    with pytest.raises(accounts.ProviderDenied):
        sign_in(store, minutes_ago=1)
    assert accounts.sign_in_with_provider(store, claims(minutes_ago=-1), CLIENT, now=NOW + timedelta(minutes=1))


def test_with_sign_up_closed_only_known_or_linked_accounts_sign_in(store, monkeypatch):
    monkeypatch.setenv("CSC_OPEN_SIGNUP", "false")
    state = _state(store)
    with pytest.raises(accounts.ProviderDenied) as denied:
        sign_in(store)
    assert denied.value.code == "signup_closed" and _state(store) == state
    existing = _password_lead(store)  # an operator created it (csc-admin create-lead)
    assert sign_in(store).lead == existing


def test_a_refused_sign_in_leaves_the_password_sign_in_as_it_was(store):
    existing = _password_lead(store)
    with pytest.raises(accounts.ProviderDenied):
        sign_in(store, email_verified=False)
    assert accounts.sign_in(store, "anna@example.se", PASSWORD).lead == existing


def test_an_operator_makes_a_lead_created_by_company_sign_in_a_coach(store, database_url, monkeypatch, capsys):
    signed = sign_in(store)
    monkeypatch.setenv("CSC_DATABASE_URL", database_url)
    assert admin.main(["set-role", "--email", "ANNA@example.se", "--role", "coach"]) == 0
    assert "anna@example.se is now a coach" in capsys.readouterr().out
    # The session she has sees it at once, and so does her next sign-in.
    assert accounts.current_session(store, signed.session_id, None).lead.is_coach
    assert accounts.sign_in_with_provider(store, claims(minutes_ago=-1), CLIENT, now=NOW + timedelta(minutes=1)
                                          ).lead.is_coach
    assert admin.main(["set-role", "--email", "nobody@example.se", "--role", "coach"]) == 1


# --- the migration ------------------------------------------------------------------------------------


def test_0008_adds_the_identities_to_a_database_with_accounts_and_keeps_them(database_url):
    engine = make_engine(database_url)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        for name, email in (("Anna", "anna@example.se"), ("Bo", "bo@example.se")):
            conn.execute(text("INSERT INTO leads (name, email, password_hash, created_at, role) "
                              "VALUES (:n, :e, 'x', CURRENT_TIMESTAMP, 'coach')"), {"n": name, "e": email})
        anna, bo = conn.execute(text("SELECT id FROM leads ORDER BY name")).scalars().all()
    upgrade(engine)
    insert = text("INSERT INTO lead_identities (lead_id, issuer, subject, created_at) "
                  "VALUES (:lead, :issuer, :subject, CURRENT_TIMESTAMP)")
    with engine.begin() as conn:
        conn.execute(insert, {"lead": anna, "issuer": ISSUER, "subject": "s"})
        assert conn.execute(text("SELECT name, role FROM leads ORDER BY name")).all() == [("Anna", "coach"),
                                                                                        ("Bo", "coach")]
    # (issuer, subject) names one account, and an account has one identity.
    for row in ({"lead": bo, "issuer": ISSUER, "subject": "s"}, {"lead": anna, "issuer": OTHER_ISSUER, "subject": "t"}):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(insert, row)
    with engine.begin() as conn:  # the same subject at another issuer is another person
        conn.execute(insert, {"lead": bo, "issuer": OTHER_ISSUER, "subject": "s"})
        conn.execute(text("DELETE FROM leads WHERE id = :id"), {"id": bo})  # an account's identity goes with it
        assert conn.execute(text("SELECT lead_id FROM lead_identities")).scalars().all() == [anna]
    engine.dispose()
