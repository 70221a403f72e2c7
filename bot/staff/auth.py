"""Who may in: password logins with a lockout, API bearer tokens, and the default-deny rule for routes.

Every route needs a logged-in staff member unless its handler is marked @public (the login form, the health
check and the stylesheet: nothing with patient data). New routes are therefore closed until opened."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Optional

from sqlalchemy import func, select

from bot.store.db import SessionFactory, write_session
from bot.store.models import utcnow
from bot.store.staff_models import StaffApiToken, StaffLoginAttempt, StaffUser

from .accounts import hash_token
from .passwords import hash_password, needs_rehash, verify_password
from .sessions import Principal
from .settings import StaffSettings

IP_LIMIT_FACTOR = 4  # one address may fail for several usernames (a shared clinic PC), but not endlessly


def public(handler: Callable) -> Callable:
    """Mark a route handler as reachable without login. Use only for handlers that serve no patient data."""
    handler.staff_public = True
    return handler


def is_public(handler: Callable) -> bool:
    return getattr(handler, "staff_public", False) is True


@dataclass(frozen=True)
class LoginResult:
    user: Optional[StaffUser]
    locked: bool = False


def _recent_failures(session, column, value, since: dt.datetime) -> int:
    # Failures since the last success for this name/IP within the window.
    last_ok = session.execute(
        select(func.max(StaffLoginAttempt.at)).where(column == value, StaffLoginAttempt.success.is_(True))
    ).scalar()
    start = max(since, last_ok) if last_ok else since
    return session.execute(
        select(func.count()).select_from(StaffLoginAttempt)
        .where(column == value, StaffLoginAttempt.success.is_(False), StaffLoginAttempt.at > start)
    ).scalar_one()


def locked_out(session_factory: SessionFactory, settings: StaffSettings, username: str, ip: Optional[str]) -> bool:
    since = utcnow() - dt.timedelta(minutes=settings.lockout_minutes)
    with session_factory() as session:
        if _recent_failures(session, StaffLoginAttempt.username, username, since) >= settings.failed_login_limit:
            return True
        return bool(ip) and _recent_failures(session, StaffLoginAttempt.ip, ip, since) >= (
            settings.failed_login_limit * IP_LIMIT_FACTOR)


def check_login(session_factory: SessionFactory, settings: StaffSettings, username: str, password: str,
                ip: Optional[str]) -> LoginResult:
    """Verify a password login and record the attempt. While locked out even the right password fails, and
    the answer is the same as for a wrong one (no hint which usernames exist)."""
    username = (username or "").strip().lower()[:64]
    if locked_out(session_factory, settings, username, ip):
        _record(session_factory, username, ip, False)
        return LoginResult(None, locked=True)
    with session_factory() as session:
        user = session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()
    ok = verify_password(user.password_hash if user else None, password or "")
    ok = ok and user is not None and user.active
    _record(session_factory, username, ip, ok)
    if not ok:
        return LoginResult(None)
    with write_session(session_factory) as session:
        stored = session.get(StaffUser, user.id)
        stored.last_login_at = utcnow()
        if needs_rehash(stored.password_hash):  # parameters raised since the hash was made
            stored.password_hash = hash_password(password)
    return LoginResult(user)


def _record(session_factory: SessionFactory, username: str, ip: Optional[str], success: bool) -> None:
    with write_session(session_factory) as session:
        session.add(StaffLoginAttempt(username=username, ip=(ip or "")[:64], success=success))


def bearer_principal(session_factory: SessionFactory, authorization: Optional[str]) -> Optional[Principal]:
    """The staff member an `Authorization: Bearer <token>` header belongs to, if the token is live."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    token = authorization[7:].strip()
    if not token or len(token) > 200:
        return None
    with session_factory() as session:
        row = session.execute(
            select(StaffApiToken, StaffUser).join(StaffUser, StaffUser.id == StaffApiToken.user_id)
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
