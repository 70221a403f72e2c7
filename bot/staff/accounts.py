"""Staff accounts and API tokens: create, change password, disable, issue and revoke tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from bot.store.db import SessionFactory, write_session
from bot.store.models import utcnow
from bot.store.staff_models import StaffApiToken, StaffSession, StaffUser

from . import throttle
from .passwords import check_strength, hash_password

TOKEN_PREFIX = "skn_staff_"


class AccountError(ValueError):
    pass


def normalize_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise AccountError("a username is 1-64 letters, digits or . _ - @")
    return name


def create_user(
    session_factory: SessionFactory,
    username: str,
    password: str,
    *,
    display_name: str | None = None,
    is_admin: bool = False,
) -> StaffUser:
    name = normalize_username(username)
    check_strength(password, name)  # WeakPassword before touching the database
    password_hash = hash_password(password)
    with write_session(session_factory) as session:
        if session.execute(select(StaffUser.id).where(StaffUser.username == name)).first():
            raise AccountError(f"user {name!r} exists already")
        user = StaffUser(
            username=name, display_name=display_name, password_hash=password_hash, is_admin=is_admin, active=True
        )
        session.add(user)
        session.flush()
        return user


def _user(session, username: str) -> StaffUser:
    user = session.execute(
        select(StaffUser).where(StaffUser.username == normalize_username(username))
    ).scalar_one_or_none()
    if user is None:
        raise AccountError(f"no user {username!r}")
    return user


def set_password(session_factory: SessionFactory, username: str, password: str) -> None:
    """New password; every open session of the user ends (a changed password should lock others out)."""
    check_strength(password, normalize_username(username))
    password_hash = hash_password(password)
    with write_session(session_factory) as session:
        user = _user(session, username)
        user.password_hash = password_hash
        session.query(StaffSession).filter(StaffSession.user_id == user.id).delete()


def set_active(session_factory: SessionFactory, username: str, active: bool) -> None:
    with write_session(session_factory) as session:
        user = _user(session, username)
        user.active = active
        if not active:
            session.query(StaffSession).filter(StaffSession.user_id == user.id).delete()


def unlock_login(session_factory: SessionFactory, username: str) -> str:
    """End the login throttle of an existing account (after an attack, so its owner need not wait)."""
    with session_factory() as session:
        name = _user(session, username).username  # an unknown name is most likely a typo: say so
    throttle.unlock(session_factory, name)
    return name


def list_users(session_factory: SessionFactory) -> list[StaffUser]:
    with session_factory() as session:
        return list(session.execute(select(StaffUser).order_by(StaffUser.username)).scalars())


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session_factory: SessionFactory, username: str, name: str) -> tuple[int, str]:
    """A new API token for the user: (id, token). The token is shown once; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with write_session(session_factory) as session:
        user = _user(session, username)
        row = StaffApiToken(user_id=user.id, name=(name or "api")[:80], token_hash=hash_token(token))
        session.add(row)
        session.flush()
        return row.id, token


def revoke_token(session_factory: SessionFactory, token_id: int) -> None:
    with write_session(session_factory) as session:
        row = session.get(StaffApiToken, token_id)
        if row is None:
            raise AccountError(f"no token {token_id}")
        row.revoked_at = row.revoked_at or utcnow()
