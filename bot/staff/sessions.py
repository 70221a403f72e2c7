"""Server-side login sessions: a random token in an HttpOnly cookie, its hash and expiry in staff_sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from bot.settings import StaffSettings
from bot.store.db import SessionFactory, write_session
from bot.store.models import utcnow
from bot.store.staff_models import StaffSession, StaffUser

COOKIE = "skn_staff_session"
COOKIE_PATH = "/staff"
TOUCH_EVERY = dt.timedelta(seconds=60)  # idle time is tracked to the minute: one write per minute at most


@dataclass(frozen=True)
class Principal:
    """Who is asking: a staff member, via a browser session (with its CSRF token) or an API token."""

    user_id: int
    username: str
    label: str
    is_admin: bool
    csrf_token: str | None = None  # None for API-token requests, which carry no ambient credential
    session_hash: str | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session_factory: SessionFactory, settings: StaffSettings, user_id: int, ip: str | None, user_agent: str | None
) -> str:
    """A new session for user_id; returns the cookie value. Also removes this user's expired sessions."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with write_session(session_factory) as session:
        session.execute(delete(StaffSession).where(StaffSession.user_id == user_id, StaffSession.expires_at < now))
        session.add(
            StaffSession(
                token_hash=_hash(token),
                user_id=user_id,
                csrf_token=secrets.token_urlsafe(32),
                created_at=now,
                last_seen_at=now,
                expires_at=now + dt.timedelta(hours=settings.max_hours),
                ip=(ip or "")[:64],
                user_agent=(user_agent or "")[:255],
            )
        )
    return token


def resume_session(session_factory: SessionFactory, settings: StaffSettings, token: str | None) -> Principal | None:
    """The session's staff member, or None when the token is unknown, expired, idle too long or the user disabled."""
    if not token or len(token) > 128:
        return None
    now = utcnow()
    token_hash = _hash(token)
    with session_factory() as session:
        row = session.execute(
            select(StaffSession, StaffUser)
            .join(StaffUser, StaffUser.id == StaffSession.user_id)
            .where(StaffSession.token_hash == token_hash)
        ).first()
    if row is None:
        return None
    stored, user = row
    idle_limit = stored.last_seen_at + dt.timedelta(minutes=settings.idle_minutes)
    if not user.active or now >= stored.expires_at or now >= idle_limit:
        end_session(session_factory, token)
        return None
    if now - stored.last_seen_at >= TOUCH_EVERY:
        with write_session(session_factory) as session:
            row = session.get(StaffSession, token_hash)
            if row is not None:
                row.last_seen_at = now
    return Principal(user.id, user.username, user.label, user.is_admin, stored.csrf_token, token_hash)


def end_session(session_factory: SessionFactory, token: str | None) -> None:
    if token:
        with write_session(session_factory) as session:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def set_private_cookie(response, name: str, value: str, secure: bool) -> None:
    """A cookie only the staff app's own requests carry: HttpOnly, SameSite=Lax, path /staff."""
    response.cookies[name] = value
    cookie = response.cookies[name]
    cookie["httponly"] = True
    cookie["samesite"] = "Lax"
    cookie["path"] = COOKIE_PATH
    cookie["secure"] = secure


def set_cookie(response, settings: StaffSettings, token: str) -> None:
    # No max-age: a browser session cookie; the server enforces idle and absolute expiry.
    set_private_cookie(response, COOKIE, token, settings.secure_cookies)


def clear_cookie(response) -> None:
    response.cookies[COOKIE] = ""
    response.cookies[COOKIE]["path"] = COOKIE_PATH
    response.cookies[COOKIE]["max-age"] = 0
    response.cookies[COOKIE]["httponly"] = True
    response.cookies[COOKIE]["samesite"] = "Lax"
