"""Login throttling: growing delays instead of a lockout, so failed logins cannot be used to keep a staff
member out of the app.

Three keys are throttled, each by its own run of failures (failures older than MEMORY are forgotten):
- the account from one client address, the usual guesser: a few free tries, then a delay that doubles with
  every further failure, up to 15 minutes;
- the client address over all accounts (password spraying): more free tries, the same growth; a success does
  not reset it, or one valid account would reset the guessing at all the others;
- the account from all addresses (a guesser with many addresses): capped at one minute, so the real user,
  who tries from another address, waits at most that long however long the attack goes on.
An address the account logged in from in the last KNOWN_ADDRESS_DAYS is known: only the account's own key at
that address applies there. So the real user at the usual computer is not slowed by failures elsewhere, and
a clinic whose staff share one address (NAT) is not slowed as a whole by everybody's typos or by a guesser
on the same network trying other accounts.

An attempt refused while a key is throttled is neither verified (a flood costs no argon2 work) nor recorded,
so it extends nothing: the throttle ends when it would have ended without the flood. The caller answers it
exactly like a wrong password. An admin unlock is stored as a success without an address (real attempts
always have one, "" when unknown): it ends the run of both account keys, and is visible in the table."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from bot.store.db import SessionFactory, write_session
from bot.store.models import utcnow
from bot.store.staff_models import StaffLoginAttempt as Attempt

MEMORY = dt.timedelta(hours=24)
KNOWN_ADDRESS_DAYS = 30
_MAX_DOUBLINGS = 30  # beyond this every delay is at its cap anyway; keeps 2**n small


@dataclass(frozen=True)
class Rule:
    name: str
    free_failures: int  # failures in a run before any delay
    first_delay: float  # seconds after the first failure past the free ones; doubled for each further one
    max_delay: float
    reset_by_success: bool

    def delay(self, failures: int) -> float:
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, _MAX_DOUBLINGS)
        return min(self.max_delay, self.first_delay * 2**doublings)


ACCOUNT_AT_ADDRESS = Rule(
    "account at address", free_failures=5, first_delay=2, max_delay=15 * 60, reset_by_success=True
)
ADDRESS = Rule("address", free_failures=20, first_delay=2, max_delay=15 * 60, reset_by_success=False)
ACCOUNT = Rule("account", free_failures=10, first_delay=2, max_delay=60, reset_by_success=True)


@dataclass(frozen=True)
class Throttled:
    rule: Rule
    until: dt.datetime


def _run(session: Session, rule: Rule, key, reset_key, now: dt.datetime) -> Throttled | None:
    """The rule's throttle for the attempts matching `key`, if one is on at `now`."""
    start = now - MEMORY
    if rule.reset_by_success:
        last_ok = session.execute(select(func.max(Attempt.at)).where(reset_key, Attempt.success.is_(True))).scalar()
        if last_ok is not None and last_ok > start:
            start = last_ok
    failures, last = session.execute(
        select(func.count(), func.max(Attempt.at)).where(key, Attempt.success.is_(False), Attempt.at > start)
    ).one()
    delay = rule.delay(failures)
    if not delay or last is None:
        return None
    until = last + dt.timedelta(seconds=delay)
    return Throttled(rule, until) if until > now else None


def _known_address(session: Session, username: str, address: str, now: dt.datetime) -> bool:
    if not address:
        return False
    since = now - dt.timedelta(days=KNOWN_ADDRESS_DAYS)
    return session.execute(
        select(
            exists().where(
                Attempt.username == username, Attempt.ip == address, Attempt.success.is_(True), Attempt.at > since
            )
        )
    ).scalar()


def throttled(session: Session, username: str, address: str, now: dt.datetime | None = None) -> list[Throttled]:
    """The throttles that are on for a login as `username` from `address` (empty: it may be tried)."""
    now = now or utcnow()
    unlock = Attempt.ip.is_(None)
    same_account = Attempt.username == username
    found = [
        _run(
            session,
            ACCOUNT_AT_ADDRESS,
            and_(same_account, Attempt.ip == address),
            and_(same_account, or_(Attempt.ip == address, unlock)),
            now,
        )
    ]
    if not _known_address(session, username, address, now):
        found += [
            _run(session, ADDRESS, Attempt.ip == address, None, now),
            _run(session, ACCOUNT, same_account, same_account, now),
        ]
    return [t for t in found if t is not None]


def _lock_key(value: str) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:8], "big", signed=True)


def serialize(session: Session, username: str, address: str) -> None:
    """Make concurrent attempts for the same account or address check and record one after another, so a
    burst of parallel requests cannot all pass the check before the first failure is written. SQLite's
    write transactions (BEGIN IMMEDIATE) are serialised already; PostgreSQL takes transaction-scoped
    advisory locks (in a fixed order, so two attempts never wait on each other)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted({_lock_key("staff-login-account:" + username), _lock_key("staff-login-address:" + address)}):
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def begin_attempt(
    session_factory: SessionFactory, username: str, address: str, now: dt.datetime | None = None
) -> int | None:
    """Check the throttles and, when none is on, record the attempt as a failure until the password proves
    right (succeed()). Returns the attempt's id, or None when throttled (nothing recorded)."""
    now = now or utcnow()
    with write_session(session_factory) as session:
        serialize(session, username, address)
        if throttled(session, username, address, now):
            return None
        attempt = Attempt(username=username, ip=address, success=False, at=now)
        session.add(attempt)
        session.flush()
        return attempt.id


def succeed(session: Session, attempt_id: int) -> None:
    session.get(Attempt, attempt_id).success = True


def unlock(session_factory: SessionFactory, username: str, now: dt.datetime | None = None) -> None:
    """End the account's throttles (both account keys, from every address). Client addresses stay throttled:
    an address that guessed at many accounts is not this account's to forgive."""
    with write_session(session_factory) as session:
        session.add(Attempt(username=username, ip=None, success=True, at=now or utcnow()))
