"""Team leads' accounts, their sessions and throttling.

A session's token lives in the browser in an HttpOnly cookie; the database keeps only its
SHA-256 hash. Signing in creates the session with a one-time hand-over code instead (also
hashed, valid for a minute): the browser trades the code for the token in a request of its
own (server.py), so the token never passes through a page, a script or the address bar.
Ending a session deletes its row, which signs out every tab that uses it.

Company sign-in (OpenID Connect) keeps the provider's (issuer, subject) beside the account in
``lead_identities``; an account the provider created has a password hash no password matches.
Which identity becomes which account is decided in services/accounts.py; here each step is one
transaction, and the database's unique keys settle two sign-ins racing for one identity.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from .errors import Refused
from .passwords import DUMMY_HASH, hash_password, verify_password
from .schema import lead_identities, lead_sessions, leads, throttles
from .sql import clean_text, hash_token, now as _now

__all__ = ["AccountStore", "Lead", "NO_PASSWORD", "Session", "normalise_email"]

HANDOFF_SECONDS = 60
# The password hash of an account created by company sign-in: no scrypt hash, so no password
# matches it (until an operator sets one with csc-admin set-password).
NO_PASSWORD = "!company-sign-in"
ROLES = ("lead", "coach")
_LEAD = (leads.c.id, leads.c.name, leads.c.email, leads.c.role)


@dataclass(frozen=True)
class Lead:
    """An account: a team lead, or a coach who sees the teams leads grant them."""
    id: int
    name: str
    email: str
    role: str = "lead"  # "lead" or "coach"

    @property
    def is_coach(self) -> bool:
        return self.role == "coach"


@dataclass(frozen=True)
class Session:
    id: int
    lead: Lead
    expires_at: datetime


def normalise_email(email: str | None) -> str:
    return clean_text(email, 254).lower()


def _aware(value: datetime | None) -> datetime | None:
    """In UTC. SQLite returns naive datetimes (they are UTC); PostgreSQL returns them in the
    connection's time zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


class AccountStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    # -- leads --------------------------------------------------------------------------

    def create_lead(self, name: str, email: str, password: str, role: str = "lead") -> Lead:
        """A new account; Refused("email_taken") when the address has an account."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        name, email = clean_text(name), normalise_email(email)
        try:
            with self.engine.begin() as conn:
                lead_id = conn.execute(insert(leads).values(
                    name=name, email=email, password_hash=hash_password(password), created_at=_now(), role=role,
                )).inserted_primary_key[0]
        except IntegrityError:
            raise Refused("email_taken") from None
        return Lead(lead_id, name, email, role)

    def lead(self, lead_id: int) -> Lead | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_LEAD).where(leads.c.id == lead_id)).first()
        return Lead(*row) if row else None

    def lead_by_email(self, email: str) -> Lead | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_LEAD).where(leads.c.email == normalise_email(email))).first()
        return Lead(*row) if row else None

    def set_password(self, email: str, password: str) -> bool:
        """Replace a lead's password (an operator's command); False for an unknown address.
        Their sessions end: whoever knew the old password is signed out."""
        with self.engine.begin() as conn:
            row = conn.execute(select(leads.c.id).where(leads.c.email == normalise_email(email))).first()
            if row is None:
                return False
            conn.execute(update(leads).where(leads.c.id == row.id).values(password_hash=hash_password(password)))
            conn.execute(delete(lead_sessions).where(lead_sessions.c.lead_id == row.id))
        return True

    def set_role(self, email: str, role: str) -> Lead | None:
        """Make the account with this address a "lead" or a "coach"; None for an unknown address."""
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        with self.engine.begin() as conn:
            conn.execute(update(leads).where(leads.c.email == normalise_email(email)).values(role=role))
        return self.lead_by_email(email)

    def check_password(self, email: str, password: str) -> Lead | None:
        """The lead with these credentials, or None. An unknown address costs a hash too,
        so the time taken does not tell whether it has an account."""
        with self.engine.connect() as conn:
            row = conn.execute(select(leads).where(leads.c.email == normalise_email(email))).first()
        usable = row is not None and row.password_hash != NO_PASSWORD
        # An account without a password costs a hash too: the time does not tell it apart.
        ok = verify_password(password, row.password_hash if usable else DUMMY_HASH)
        return Lead(row.id, row.name, row.email, row.role) if ok and usable else None

    # -- company sign-in (OpenID Connect) -----------------------------------------------------

    def identity_lead(self, issuer: str, subject: str) -> Lead | None:
        """The account that signs in with this identity at the provider, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(*_LEAD).join(lead_identities, lead_identities.c.lead_id == leads.c.id)
                               .where(lead_identities.c.issuer == issuer, lead_identities.c.subject == subject)).first()
        return Lead(*row) if row else None

    def create_lead_with_identity(self, name: str, email: str, issuer: str, subject: str,
                                  issued_at: datetime) -> Lead | None:
        """A new lead account with no usable password that signs in with this identity, its
        token ``issued_at`` used; None when the address or the identity was taken meanwhile."""
        name, email, now = clean_text(name), normalise_email(email), _now()
        try:
            with self.engine.begin() as conn:
                lead_id = conn.execute(insert(leads).values(
                    name=name, email=email, password_hash=NO_PASSWORD, created_at=now, role="lead",
                )).inserted_primary_key[0]
                conn.execute(insert(lead_identities).values(lead_id=lead_id, issuer=issuer, subject=subject,
                                                            created_at=now, last_token_at=issued_at))
        except IntegrityError:
            return None
        return Lead(lead_id, name, email, "lead")

    def link_identity(self, lead_id: int, issuer: str, subject: str, issued_at: datetime) -> bool:
        """Let an existing account sign in with this identity (its token ``issued_at`` used);
        False when the account already has an identity or the identity has an account."""
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(lead_identities).values(lead_id=lead_id, issuer=issuer, subject=subject,
                                                            created_at=_now(), last_token_at=issued_at))
        except IntegrityError:
            return False
        return True

    def use_identity_token(self, issuer: str, subject: str, issued_at: datetime) -> bool:
        """Spend an ID token issued at ``issued_at`` for this identity: True when it is newer
        than the last one used (then it is the last one), False when it was used or is older.
        One statement, so two tabs presenting one token cannot both sign in."""
        with self.engine.begin() as conn:
            changed = conn.execute(update(lead_identities).where(
                lead_identities.c.issuer == issuer, lead_identities.c.subject == subject,
                (lead_identities.c.last_token_at.is_(None)) | (lead_identities.c.last_token_at < issued_at),
            ).values(last_token_at=issued_at)).rowcount
        return changed == 1

    # -- throttles ---------------------------------------------------------------------------

    def locked_for(self, key: str) -> int:
        """Whole minutes left on the key's lock (0: not locked)."""
        now = _now()
        with self.engine.connect() as conn:
            row = conn.execute(select(throttles.c.locked_until).where(throttles.c.key == key)).first()
        return _minutes_left(_aware(row.locked_until) if row else None, now)

    def strike(self, key: str, *, limit: int, minutes: int) -> int:
        """Count one strike against ``key``. The ``limit``-th strike within ``minutes`` locks
        the key for ``minutes``; returns the minutes locked (0: not locked)."""
        now = _now()
        with self.engine.begin() as conn:
            _ensure(conn, key, now)
            row = conn.execute(select(throttles).where(throttles.c.key == key).with_for_update()).first()
            locked_until = _aware(row.locked_until)
            if locked_until and locked_until > now:
                return _minutes_left(locked_until, now)
            fresh = _aware(row.first_at) + timedelta(minutes=minutes) < now or locked_until is not None
            strikes = 1 if fresh else row.strikes + 1
            first_at = now if fresh else row.first_at
            lock = now + timedelta(minutes=minutes) if strikes >= limit else None
            conn.execute(update(throttles).where(throttles.c.key == key).values(
                strikes=0 if lock else strikes, first_at=first_at, locked_until=lock))
        return minutes if lock else 0

    def clear(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(throttles).where(throttles.c.key == key))

    # -- sessions ---------------------------------------------------------------------------

    def create_session(self, lead_id: int, lifetime: timedelta) -> tuple[int, str]:
        """A new session for the lead: (its id, the one-time hand-over code for the browser)."""
        handoff = secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as conn:
            session_id = conn.execute(insert(lead_sessions).values(
                lead_id=lead_id, handoff_hash=hash_token(handoff),
                handoff_expires_at=now + timedelta(seconds=HANDOFF_SECONDS), created_at=now, expires_at=now + lifetime,
            )).inserted_primary_key[0]
            conn.execute(delete(lead_sessions).where(lead_sessions.c.expires_at < now))  # tidy up as we go
        return session_id, handoff

    def claim(self, handoff: str) -> tuple[str, datetime] | None:
        """Trade a hand-over code for the session token (once, within a minute): the token and
        when it expires, or None."""
        if not isinstance(handoff, str) or not 20 <= len(handoff) <= 64:
            return None
        token = secrets.token_urlsafe(32)
        now = _now()
        with self.engine.begin() as conn:
            row = conn.execute(select(lead_sessions).where(lead_sessions.c.handoff_hash == hash_token(handoff))
                               .with_for_update()).first()
            if row is None or _aware(row.handoff_expires_at) < now or _aware(row.expires_at) < now:
                return None
            conn.execute(update(lead_sessions).where(lead_sessions.c.id == row.id).values(
                token_hash=hash_token(token), handoff_hash=None, handoff_expires_at=None))
        return token, _aware(row.expires_at)

    def session(self, session_id: int | None = None, *, token: str | None = None) -> Session | None:
        """A live session by its id (this tab's) or its token (the cookie), or None."""
        if session_id is None and not token:
            return None
        query = select(lead_sessions.c.id, lead_sessions.c.expires_at, leads.c.id.label("lead_id"), leads.c.name,
                       leads.c.email, leads.c.role).join(leads, leads.c.id == lead_sessions.c.lead_id)
        if session_id is not None:
            if not isinstance(session_id, int):
                return None
            query = query.where(lead_sessions.c.id == session_id)
        else:
            if not isinstance(token, str) or len(token) > 64:
                return None
            query = query.where(lead_sessions.c.token_hash == hash_token(token))
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or _aware(row.expires_at) <= _now():
            return None
        return Session(row.id, Lead(row.lead_id, row.name, row.email, row.role), _aware(row.expires_at))

    def end_session(self, session_id: int | None = None, *, token: str | None = None) -> None:
        with self.engine.begin() as conn:
            if session_id is not None:
                conn.execute(delete(lead_sessions).where(lead_sessions.c.id == session_id))
            if token and isinstance(token, str):
                conn.execute(delete(lead_sessions).where(lead_sessions.c.token_hash == hash_token(token)))

    def end_sessions(self, lead_id: int) -> None:
        """Sign the lead out everywhere."""
        with self.engine.begin() as conn:
            conn.execute(delete(lead_sessions).where(lead_sessions.c.lead_id == lead_id))


def _minutes_left(until: datetime | None, now: datetime) -> int:
    if until is None or until <= now:
        return 0
    return max(1, -int(-(until - now).total_seconds() // 60))


def _ensure(conn: Connection, key: str, now: datetime) -> None:
    """Insert the throttle row if it is missing, without failing when another request just did."""
    dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(conn.dialect.name)
    if dialect is not None:
        conn.execute(dialect.insert(throttles).values(key=key, strikes=0, first_at=now, locked_until=None)
                     .on_conflict_do_nothing(index_elements=["key"]))
    elif conn.execute(select(throttles.c.key).where(throttles.c.key == key)).first() is None:
        conn.execute(insert(throttles).values(key=key, strikes=0, first_at=now, locked_until=None))
