"""Company sign-in's pure half: reading an ID token's claims, and a message for every refusal in
every language (the storage half is tests/integration/test_company_sign_in.py)."""
from __future__ import annotations

import re
import string
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from questionnaire import LANGUAGES, load_catalog
from services import accounts

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)


def _claims(**changes) -> dict:
    base = {"iss": "https://login.example.se", "sub": "s-1", "aud": "csc-app", "iat": NOW.timestamp()}
    base.update(changes)
    return {key: value for key, value in base.items() if value is not None}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_has_a_text_with_exactly_its_values_and_maybe_the_providers_name(lang):
    texts = load_catalog(lang).texts
    for code, values in accounts.PROVIDER_DENIALS.items():
        assert _placeholders(texts[f"oidc.error_{code}"]) - {"provider"} == set(values), (lang, code)


def test_every_refusal_the_code_raises_is_a_known_one():
    raised = set(re.findall(r'ProviderDenied\("([a-z_]+)"', (ROOT / "services/accounts.py").read_text()))
    raised |= set(re.findall(r'_denied\(\w+, "([a-z_]+)"', (ROOT / "views/company_sign_in.py").read_text()))
    assert raised == set(accounts.PROVIDER_DENIALS)  # every one raised somewhere, and only these


@pytest.mark.parametrize("changes,name,email,verified", [
    ({"name": "  Anna   Lind ", "email": " Anna@Example.SE", "email_verified": True}, "Anna Lind", "anna@example.se", True),
    ({"given_name": "Bo", "family_name": "Ek", "email": "bo@example.se"}, "Bo Ek", "bo@example.se", False),
    ({"preferred_username": "kari.n", "email_verified": "true"}, "kari.n", None, True),
    ({"email": "åsa@exempel.se", "email_verified": "True"}, "åsa", "åsa@exempel.se", False),
    ({"email": "no address"}, "s-1", None, False),
    ({"name": "<b>Kim</b>\u0007", "email": "kim@example.se"}, "<b>Kim</b>", "kim@example.se", False),
    ({"name": "x" * 600, "email": "k@example.se"}, "k", "k@example.se", False),  # a name too long to be one
], ids=["name", "given-and-family", "username", "email-local-part", "bad-address", "html-kept", "overlong"])
def test_the_name_and_address_come_from_the_claims_cleaned(changes, name, email, verified):
    identity = accounts.provider_identity(_claims(**changes), "csc-app", NOW)
    assert (identity.name, identity.email, identity.email_verified) == (name, email, verified)
    assert identity.issued_at == NOW


@pytest.mark.parametrize("changes,code", [
    ({"aud": ["csc-app", "another"]}, None),
    ({"aud": "another-app"}, "wrong_audience"),
    ({"aud": ["another-app"], "azp": "csc-app"}, "wrong_audience"),
    ({"aud": [["csc-app"]]}, "wrong_audience"),
    ({"iat": (NOW - accounts.TOKEN_MAX_AGE).timestamp()}, None),
    ({"iat": (NOW - accounts.TOKEN_MAX_AGE - timedelta(seconds=1)).timestamp()}, "stale"),
    ({"iat": (NOW + timedelta(minutes=1)).timestamp()}, None),  # the provider's clock a little ahead
    ({"iat": (NOW + timedelta(minutes=3)).timestamp()}, "stale"),
    ({"iat": True}, "claims_missing"),
    ({"iat": 1e300}, "claims_missing"),
    ({"sub": "x" * 256}, "claims_missing"),
    ({"iss": None}, "claims_missing"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_token_is_taken_only_for_us_and_only_fresh(changes, code):
    if code is None:
        assert accounts.provider_identity(_claims(**changes), "csc-app", NOW).subject == "s-1"
        return
    with pytest.raises(accounts.ProviderDenied) as denied:
        accounts.provider_identity(_claims(**changes), "csc-app", NOW)
    assert denied.value.code == code


def test_without_a_client_id_nothing_is_taken():
    with pytest.raises(accounts.ProviderDenied):
        accounts.provider_identity(_claims(aud=""), "", NOW)


@pytest.mark.parametrize("value,expected", [(None, True), ("", True), ("true", True), ("false", False),
                                            ("0", False), ("OFF", False)])
def test_local_passwords_stay_unless_turned_off(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("CSC_LOCAL_PASSWORDS", raising=False)
    else:
        monkeypatch.setenv("CSC_LOCAL_PASSWORDS", value)
    assert accounts.local_passwords() is expected
