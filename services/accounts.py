"""Team leads' accounts: sign-up, sign-in, sessions that survive a refresh, sign-out.

How a sign-in reaches the browser without the token ever passing through a page:
``sign_in`` creates a session and returns a one-time hand-over code; the page has the
browser post that code to ``/api/session`` (server.py), whose response sets the session
token in an HttpOnly, SameSite=Strict cookie. Later runs of the app find the lead by that
cookie (``current_session``). Signing out deletes the session, so every tab that used it
is signed out at its next step.

Sign-up must not become a way to test which addresses have accounts: it is throttled per
client like sign-in is per address, a taken address gets the same answer whatever the
reason, and an operator can turn open sign-up off (CSC_OPEN_SIGNUP=false).

Company sign-in (OpenID Connect): Streamlit's ``st.login`` does the protocol (Authlib checks
the ID token's signature, issuer, nonce and expiry); the page hands the claims it got to
``sign_in_with_provider``, which maps them to an account and creates the same kind of session
as a password does, so everything after sign-in is unchanged. The rules, in this order:

1. The claims must name the person (``iss``, ``sub``), list our client id in ``aud`` (Authlib
   itself accepts another audience when ``azp`` names us) and be fresh: issued at most
   TOKEN_MAX_AGE ago and never used before. Streamlit keeps the claims in a cookie for 30 days;
   a sign-in is the return from the provider, not that cookie, so CSC_SESSION_HOURS and
   "sign out everywhere" keep their meaning.
2. A known (issuer, subject) signs in to its account, whatever its address says now.
3. Else, an account with the same address is linked only when the provider says
   ``email_verified`` and the account has no identity yet; otherwise refused (no takeover).
4. Else a new lead (role "lead") with the name and address of the claims and no usable
   password, unless sign-up is closed (CSC_OPEN_SIGNUP=false).
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from storage import Lead, Session, Store, normalise_email, open_signup, session_hours
from storage.passwords import MIN_LENGTH
from storage.sql import clean_text

from .errors import Refused

__all__ = [
    "SESSION_COOKIE", "SignedIn", "claim", "create_lead", "valid_email", "current_session", "password_problem", "set_password", "set_role", "sign_in",
    "sign_out", "sign_up", "signup_open", "LOCK_MINUTES", "MAX_FAILURES", "MIN_LENGTH", "SIGNUP_LIMIT",
    "PROVIDER_DENIALS", "ProviderDenied", "ProviderIdentity", "local_passwords", "provider_identity",
    "provider_setting", "sign_in_with_provider", "TOKEN_MAX_AGE",
]

SESSION_COOKIE = "csc_session"  # HttpOnly, SameSite=Strict; holds the session token (server.py)
MAX_FAILURES = 5  # failed sign-ins in a row lock an address ...
LOCK_MINUTES = 15  # ... for this long, whether or not it has an account
SIGNUP_LIMIT = 5  # sign-up attempts per client in LOCK_MINUTES
MIN_SCORE = 3  # zxcvbn's 0..4: 3 is "safely unguessable", about 10^8 guesses or more
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WORDS = Path(__file__).resolve().parent / "data" / "common_words.txt"


@dataclass(frozen=True)
class SignedIn:
    session_id: int
    lead: Lead
    handoff: str  # one-time code the browser trades for the session cookie


@lru_cache(maxsize=1)
def _common_words() -> tuple[str, ...]:
    lines = _WORDS.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _personal_words(name: str, email: str) -> list[str]:
    parts = re.split(r"[\s@._+\-]+", f"{name} {email}".lower())
    return [p for p in parts if len(p) >= 3] + ([email.lower()] if email else [])


def password_problem(password: str, name: str = "", email: str = "") -> tuple[str, dict] | None:
    """Why a password is too easy to guess, as an error code and its values; None when it
    is good enough. A strength estimator (zxcvbn) judges it, with Nordic words and the
    person's own name and address added to its dictionaries."""
    if len(password) < MIN_LENGTH:
        return "password_short", {"min": MIN_LENGTH}
    from zxcvbn import zxcvbn

    personal = _personal_words(name, email)
    result = zxcvbn(password[:100], user_inputs=[*personal, *_common_words()])
    matches = result["sequence"]
    personal_length = sum(len(m["token"]) for m in matches
                          if m.get("dictionary_name") == "user_inputs" and m.get("matched_word") in personal)
    if personal_length * 2 >= len(password):
        return "password_personal", {}
    # One common word dressed up with digits and signs ("Julen2023!!", "Password1!") is what
    # cracking rules try first, whatever the estimator thinks of the digits.
    core = re.sub(r"[\W\d_]+", "", password).lower()
    if core and (core in _common_words() or _single_word(core)):
        return "password_common", {}
    if result["score"] >= MIN_SCORE:
        return None
    # Name the weakness that covers most of the password.
    covered: dict[str, int] = {}
    for m in matches:
        pattern = m["pattern"]
        if pattern == "dictionary":
            pattern = "personal" if m.get("matched_word") in personal else "common"
        elif pattern == "regex":
            pattern = "date"
        covered[pattern] = covered.get(pattern, 0) + len(m["token"])
    codes = {"personal": "password_personal", "common": "password_common", "repeat": "password_repeats",
             "sequence": "password_sequence", "spatial": "password_keyboard", "date": "password_date"}
    for pattern, _ in sorted(covered.items(), key=lambda kv: -kv[1]):
        if pattern in codes:
            return codes[pattern], {}
    return "password_guessable", {}


def _single_word(text: str) -> bool:
    """Whether the estimator reads ``text`` as one dictionary word."""
    from zxcvbn import zxcvbn

    matches = zxcvbn(text[:100])["sequence"]
    return len(matches) == 1 and matches[0]["pattern"] == "dictionary"


def _check_new_account(name: str, email: str, password: str) -> tuple[str, str]:
    name, email = clean_text(name), normalise_email(email)
    if not name:
        raise Refused("name_missing")
    if not _EMAIL.match(email):
        raise Refused("bad_email")
    problem = password_problem(password or "", name, email)
    if problem:
        raise Refused(problem[0], **problem[1])
    return name, email


def _signed_in(store: Store, lead: Lead) -> SignedIn:
    session_id, handoff = store.accounts.create_session(lead.id, timedelta(hours=session_hours()))
    return SignedIn(session_id, lead, handoff)


def signup_open() -> bool:
    """Whether anyone may create a lead account (CSC_OPEN_SIGNUP)."""
    return open_signup()


def sign_in(store: Store, email: str, password: str) -> SignedIn:
    """Refused "wrong_credentials", or "sign_in_locked" after MAX_FAILURES in a row."""
    key = f"signin:{normalise_email(email)}"
    if minutes := store.accounts.locked_for(key):
        raise Refused("sign_in_locked", minutes=minutes)
    lead = store.accounts.check_password(email or "", password or "")
    if lead is None:
        if minutes := store.accounts.strike(key, limit=MAX_FAILURES, minutes=LOCK_MINUTES):
            raise Refused("sign_in_locked", minutes=minutes)
        raise Refused("wrong_credentials")
    store.accounts.clear(key)
    return _signed_in(store, lead)


def sign_up(store: Store, name: str, email: str, password: str, client: str | None) -> SignedIn:
    """A new lead account, signed in. ``client`` identifies the device for throttling (its
    address). A taken address is refused like a wrong sign-in, unless the password is that
    account's: then the owner is simply signed in."""
    if not open_signup():
        raise Refused("signup_closed")
    name, email = _check_new_account(name, email, password)
    key = f"signup:{client or 'local'}"
    if minutes := store.accounts.locked_for(key):
        raise Refused("signup_locked", minutes=minutes)
    store.accounts.strike(key, limit=SIGNUP_LIMIT, minutes=LOCK_MINUTES)
    try:
        lead = store.accounts.create_lead(name, email, password)
    except Refused:
        try:
            return sign_in(store, email, password)
        except Refused as refused:
            if refused.code == "sign_in_locked":
                raise
            raise Refused("signup_refused") from None
    return _signed_in(store, lead)


def current_session(store: Store, session_id: int | None, cookie_token: str | None) -> Session | None:
    """The signed-in lead's live session: this tab's, or the browser's cookie."""
    if session_id is not None and (session := store.accounts.session(session_id)):
        return session
    if cookie_token:
        return store.accounts.session(token=cookie_token)
    return None


def claim(store: Store, handoff: str):
    """For the HTTP route: the session token and expiry for a hand-over code, or None."""
    return store.accounts.claim(handoff)


def sign_out(store: Store, session_id: int | None, cookie_token: str | None = None, *,
             everywhere: bool = False) -> None:
    """End this session (every tab using it), or with ``everywhere`` all the lead's sessions."""
    session = current_session(store, session_id, cookie_token)
    if session is None:
        return
    if everywhere:
        store.accounts.end_sessions(session.lead.id)
    else:
        store.accounts.end_session(session.id)


def create_lead(store: Store, name: str, email: str, password: str, role: str = "lead") -> Lead:
    """An operator's command: a lead (or, with role="coach", a coach) account, with the same
    checks as sign-up."""
    name, email = _check_new_account(name, email, password)
    return store.accounts.create_lead(name, email, password, role)


def valid_email(email: str) -> str:
    """The address normalised, or Refused("bad_email")."""
    email = normalise_email(email)
    if not _EMAIL.match(email):
        raise Refused("bad_email")
    return email


def set_role(store: Store, email: str, role: str) -> Lead:
    """An operator's command: make an account a coach or a lead (an account made by company
    sign-in is a lead until then). The change shows at the account's next step."""
    lead = store.accounts.set_role(normalise_email(email), role)
    if lead is None:
        raise Refused("not_found")
    return lead


def set_password(store: Store, email: str, password: str) -> None:
    """An operator's command: a new password for a lead, who is signed out everywhere."""
    lead_email = normalise_email(email)
    problem = password_problem(password or "", "", lead_email)
    if problem:
        raise Refused(problem[0], **problem[1])
    if not store.accounts.set_password(lead_email, password):
        raise Refused("not_found")


# -- company sign-in (OpenID Connect) ---------------------------------------------------------

TOKEN_MAX_AGE = timedelta(minutes=10)  # an ID token signs in only this soon after it was issued ...
CLOCK_SKEW = timedelta(minutes=2)  # ... allowing for a provider whose clock runs this far ahead

# Why a company sign-in did not sign anyone in, with the values its text (oidc.error_<code>)
# uses besides the provider's name, which every one of them may use.
# tests/unit/test_provider_sign_in.py checks that each has a text in all four languages.
PROVIDER_DENIALS: dict[str, tuple[str, ...]] = {
    "failed": (),  # the provider or Streamlit did not sign the person in (refused, cancelled, unreachable)
    "claims_missing": (),  # no issuer, subject or issue time
    "wrong_audience": (),  # the ID token was issued to another application
    "stale": (),  # the ID token is too old, or was used already
    "email_missing": (),  # a first sign-in without a usable address
    "email_unverified": ("email",),  # the address has an account, and the provider did not verify it
    "email_linked": ("email",),  # the address's account signs in with another identity
    "signup_closed": (),  # a first sign-in while only operators create accounts
}


class ProviderDenied(Exception):
    """A company sign-in that signs nobody in; ``code`` is a key of PROVIDER_DENIALS."""

    def __init__(self, code: str, **values):
        if code not in PROVIDER_DENIALS:
            raise ValueError(f"unknown code {code!r}")
        self.code = code
        self.values = values
        super().__init__(code)


@dataclass(frozen=True)
class ProviderIdentity:
    """Who the provider says signed in, checked."""
    issuer: str
    subject: str
    issued_at: datetime
    email: str | None  # normalised; None when missing or not an address
    email_verified: bool
    name: str


def _setting(name: str) -> str | None:
    return os.environ.get(name, "").strip() or None


def local_passwords() -> bool:
    """CSC_LOCAL_PASSWORDS=false: where company sign-in is configured, leads sign in only
    through it (no password form, no sign-up). Without company sign-in it changes nothing."""
    return (_setting("CSC_LOCAL_PASSWORDS") or "true").lower() not in ("false", "0", "no", "off")


def provider_setting() -> tuple[str | None, str | None]:
    """(CSC_OIDC_PROVIDER, CSC_OIDC_NAME): which provider of the ``[auth]`` secrets to use
    (None: the default one, or the only named one) and the name its button shows (None: a
    generic "your organisation's account")."""
    return _setting("CSC_OIDC_PROVIDER"), _setting("CSC_OIDC_NAME")


def _claim_text(claims: Mapping, key: str, limit: int) -> str | None:
    value = claims.get(key)
    return value if isinstance(value, str) and value.strip() and len(value) <= limit else None


def provider_identity(claims: Mapping, client_id: str, now: datetime | None = None) -> ProviderIdentity:
    """The identity in an ID token's claims (as ``st.user`` holds them), or ProviderDenied:
    "claims_missing", "wrong_audience" (our ``client_id`` is not among ``aud``), "stale"
    (issued more than TOKEN_MAX_AGE ago, or in the future)."""
    now = now or datetime.now(timezone.utc)
    issuer, subject = _claim_text(claims, "iss", 300), _claim_text(claims, "sub", 255)
    iat = claims.get("iat")
    if issuer is None or subject is None or isinstance(iat, bool) or not isinstance(iat, (int, float)):
        raise ProviderDenied("claims_missing")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience if isinstance(audience, list) else []
    if not client_id or client_id not in audiences:
        raise ProviderDenied("wrong_audience")
    try:
        issued_at = datetime.fromtimestamp(iat, timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ProviderDenied("claims_missing") from None
    if not now - TOKEN_MAX_AGE <= issued_at <= now + CLOCK_SKEW:
        raise ProviderDenied("stale")
    email = normalise_email(_claim_text(claims, "email", 254))
    email = email if _EMAIL.match(email) else None
    # Some providers send the flag as the string "true".
    verified = claims.get("email_verified") in (True, "true")
    names = [_claim_text(claims, "name", 500),
             " ".join(n for n in (_claim_text(claims, "given_name", 200), _claim_text(claims, "family_name", 200))
                      if n),
             _claim_text(claims, "preferred_username", 200), email.split("@")[0] if email else None]
    name = next((clean_text(n) for n in names if n and clean_text(n)), subject[:100])
    return ProviderIdentity(issuer, subject, issued_at, email, verified, name)


def sign_in_with_provider(store: Store, claims: Mapping, client_id: str, *,
                          now: datetime | None = None) -> SignedIn:
    """Sign in the person the provider vouches for (the rules in this module's docstring): a
    session as ``sign_in`` makes, or ProviderDenied; a refusal creates and changes nothing."""
    identity = provider_identity(claims, client_id, now)
    lead = store.accounts.identity_lead(identity.issuer, identity.subject)
    if lead is None:
        lead = _first_sign_in(store, identity)
    elif not store.accounts.use_identity_token(identity.issuer, identity.subject, identity.issued_at):
        raise ProviderDenied("stale")  # this token signed in before: a sign-in is a fresh return from the provider
    return _signed_in(store, lead)


def _first_sign_in(store: Store, identity: ProviderIdentity) -> Lead:
    """The account for an identity seen for the first time: linked by a verified address, or new."""
    if identity.email is None:
        raise ProviderDenied("email_missing")
    existing = store.accounts.lead_by_email(identity.email)
    if existing is not None:
        if not identity.email_verified:
            raise ProviderDenied("email_unverified", email=identity.email)
        if not store.accounts.link_identity(existing.id, identity.issuer, identity.subject, identity.issued_at):
            raise ProviderDenied("email_linked", email=identity.email)  # it has an identity: never a second
        return existing
    if not open_signup():
        raise ProviderDenied("signup_closed")
    lead = store.accounts.create_lead_with_identity(identity.name, identity.email, identity.issuer,
                                                    identity.subject, identity.issued_at)
    if lead is None:
        # Taken meanwhile: by this identity in another tab (then this token is spent), or by
        # someone else's account with this address.
        if store.accounts.identity_lead(identity.issuer, identity.subject) is not None:
            raise ProviderDenied("stale")
        raise ProviderDenied("email_unverified" if not identity.email_verified else "email_linked",
                             email=identity.email)
    return lead
