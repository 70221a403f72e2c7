"""Who may in: password logins (throttled, throttle.py), API bearer tokens, and the default-deny rule for routes.

Every route needs a logged-in staff member unless its handler is marked @public (the login form, the health
check and the stylesheet: nothing with patient data). New routes are therefore closed until opened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from bot.store.db import SessionFactory, storage_errors, write_session
from bot.store.models import utcnow
from bot.store.staff_models import StaffApiToken, StaffUser

from . import throttle
from .accounts import hash_token
from .passwords import hash_password, needs_rehash, verify_password
from .sessions import Principal


def public(handler: Callable) -> Callable:
    """Mark a route handler as reachable without login. Use only for handlers that serve no patient data."""
    setattr(handler, "staff_public", True)  # noqa: B010 - a mark on the function, read by is_public
    return handler


def is_public(handler: Callable) -> bool:
    return getattr(handler, "staff_public", False) is True


@dataclass(frozen=True)
class LoginResult:
    user: StaffUser | None
    throttled: bool = False


@storage_errors
def check_login(
    session_factory: SessionFactory, username: str, password: str, ip: str | None, now: dt.datetime | None = None
) -> LoginResult:
    """Verify a password login and record the attempt (throttle.py). While a throttle is on even the right
    password fails, and the caller answers exactly as for a wrong one (no hint which usernames exist)."""
    username = (username or "").strip().lower()[:64]
    address = (ip or "")[:64]
    attempt_id = throttle.begin_attempt(session_factory, username, address, now)
    if attempt_id is None:
        return LoginResult(None, throttled=True)
    with session_factory() as session:
        user = session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
    ok = verify_password(user.password_hash if user else None, password or "")
    if not (ok and user is not None and user.active):
        return LoginResult(None)
    with write_session(session_factory) as session:
        throttle.succeed(session, attempt_id)
        stored = session.get(StaffUser, user.id)
        stored.last_login_at = now or utcnow()
        if needs_rehash(stored.password_hash):  # parameters raised since the hash was made
            stored.password_hash = hash_password(password)
    return LoginResult(user)


def bearer_principal(session_factory: SessionFactory, authorization: str | None) -> Principal | None:
    """The staff member an `Authorization: Bearer <token>` header belongs to, if the token is live."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    token = authorization[7:].strip()
    if not token or len(token) > 200:
        return None
    with session_factory() as session:
        row = session.execute(
            select(StaffApiToken, StaffUser)
            .join(StaffUser, StaffUser.id == StaffApiToken.user_id)
            .where(StaffApiToken.token_hash == hash_token(token), StaffApiToken.revoked_at.is_(None))
        ).first()
    if row is None or not row[1].active:
        return None
    api_token, user = row
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at > dt.timedelta(minutes=1):
        with write_session(session_factory) as session:
            session.get(StaffApiToken, api_token.id).last_used_at = now
    return Principal(user.id, user.username, user.label, user.is_admin)
