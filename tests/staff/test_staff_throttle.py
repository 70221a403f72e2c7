"""Login throttling instead of a lockout: an attacker's failed logins slow the attacker, never keep the real user
out for long, and attempts refused while throttled are not counted. check_login is driven with a clock, so
hours of attack take seconds; the last test makes the attack over HTTP against the running app."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from bot.staff import throttle
from bot.staff.accounts import AccountError, unlock_login
from bot.staff.auth import check_login
from bot.staff.users import main as users_main
from bot.store.models import utcnow
from bot.store.staff_models import StaffLoginAttempt

from staff_helpers import PASSWORD, Client, StaffServer

ATTACKER = "203.0.113.66"
REAL_USER = "198.51.100.7"
WRONG = "a wrong guess 2024"
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)


def _failures(session_factory, address=None) -> int:
    stmt = select(func.count()).select_from(StaffLoginAttempt).where(StaffLoginAttempt.success.is_(False))
    if address:
        stmt = stmt.where(StaffLoginAttempt.ip == address)
    with session_factory() as session:
        return session.execute(stmt).scalar_one()


def _throttled_until(session_factory, username, address, now):
    with session_factory() as session:
        found = throttle.throttled(session, username, address, now)
    return max((t.until for t in found), default=None)


class Attacker:
    """Guesses bob's password from one address every `step`, recording which attempts were counted."""

    def __init__(self, session_factory, address=ATTACKER, username="bob"):
        self.session_factory, self.address, self.username = session_factory, address, username
        self.sent = self.refused = 0
        self.last_counted_at = None

    def guess(self, now) -> None:
        result = check_login(self.session_factory, self.username, WRONG, self.address, now=now)
        assert result.user is None
        self.sent += 1
        if result.throttled:
            self.refused += 1
        else:
            self.last_counted_at = now


def test_delays_grow_and_are_capped():
    rule = throttle.ACCOUNT_AT_ADDRESS
    delays = [rule.delay(n) for n in range(rule.free_failures + 15)]
    assert delays[:rule.free_failures] == [0] * rule.free_failures
    assert delays[rule.free_failures:rule.free_failures + 3] == [2, 4, 8]
    assert max(delays) == rule.max_delay and rule.delay(10**9) == rule.max_delay  # no overflow
    assert throttle.ACCOUNT.delay(10**6) <= 60  # the bound on the real user's wait


def test_refused_attempts_are_not_counted_and_do_not_extend_the_throttle(users, session_factory):
    attacker = Attacker(session_factory)
    for i in range(throttle.ACCOUNT_AT_ADDRESS.free_failures):
        attacker.guess(T0 + dt.timedelta(seconds=i))
    until = _throttled_until(session_factory, "bob", ATTACKER, T0 + dt.timedelta(seconds=5))
    assert until is not None
    counted = _failures(session_factory)
    t = T0 + dt.timedelta(seconds=5)
    while t < until:  # a flood while throttled: ten attempts a second
        attacker.guess(t)
        t += dt.timedelta(milliseconds=100)
    assert attacker.refused >= 10
    assert _failures(session_factory) == counted  # nothing recorded
    assert _throttled_until(session_factory, "bob", ATTACKER, T0 + dt.timedelta(seconds=5)) == until  # not moved
    # When it ends, the right password works again from the same address.
    assert check_login(session_factory, "bob", PASSWORD, ATTACKER, now=until).user is not None


def test_an_attack_from_one_address_keeps_the_real_user_out_for_at_most_a_minute(users, session_factory):
    attacker = Attacker(session_factory)
    step = dt.timedelta(seconds=10)
    t = T0
    while t < T0 + dt.timedelta(hours=2):  # two hours of guessing, every 10 seconds
        attacker.guess(t)
        t += step
    counted = attacker.sent - attacker.refused
    assert _failures(session_factory, ATTACKER) == counted  # only attempts that were let through count
    assert attacker.refused > 600 and counted < 30  # the attacker got very few real guesses
    # The attacker's own address is slowed for up to 15 minutes: even the right password is refused there.
    assert check_login(session_factory, "bob", PASSWORD, ATTACKER, now=t).throttled

    # The worst moment for the real user: right after one of the attacker's counted guesses, when the
    # account-wide throttle (there have been more than 10 failures) has just started.
    while attacker.last_counted_at != t:
        t += step
        attacker.guess(t)
    first_try = t
    assert check_login(session_factory, "bob", PASSWORD, REAL_USER, now=t).user is None  # it does bite
    while True:
        t += dt.timedelta(seconds=5)
        attacker.guess(t)  # the attack goes on meanwhile
        if check_login(session_factory, "bob", PASSWORD, REAL_USER, now=t).user is not None:
            break
        assert t - first_try <= dt.timedelta(seconds=throttle.ACCOUNT.max_delay + 5), "the real user is kept out"


def test_an_address_bob_logged_in_from_is_not_slowed_by_failures_elsewhere(users, session_factory):
    assert check_login(session_factory, "bob", PASSWORD, REAL_USER, now=T0).user is not None
    # Many attacking addresses: each gets its own free tries, so the account-wide count passes its limit.
    t = T0 + dt.timedelta(minutes=1)
    for n in range(12):
        Attacker(session_factory, address=f"192.0.2.{n}").guess(t)
        t += dt.timedelta(seconds=1)
    assert check_login(session_factory, "bob", PASSWORD, "192.0.2.200", now=t).throttled  # unknown address
    assert check_login(session_factory, "bob", PASSWORD, REAL_USER, now=t).user is not None  # known one


def test_unknown_usernames_are_throttled_like_real_ones(users, session_factory):
    for name in ("bob", "nobody"):
        results = [check_login(session_factory, name, WRONG, ATTACKER, now=T0 + dt.timedelta(seconds=i / 2))
                   for i in range(7)]
        assert [r.throttled for r in results] == [False] * 5 + [True] * 2, name


def test_spraying_many_accounts_from_one_address_is_throttled(users, session_factory):
    # The clinic's staff share one address (NAT); alice logged in from it before, bob never did.
    assert check_login(session_factory, "alice", PASSWORD, ATTACKER, now=T0).user is not None
    t = T0 + dt.timedelta(minutes=1)
    for n in range(throttle.ADDRESS.free_failures):
        assert not check_login(session_factory, f"user{n}", WRONG, ATTACKER, now=t).throttled
        t += dt.timedelta(seconds=1)
    assert check_login(session_factory, "someone-else", WRONG, ATTACKER, now=t).throttled
    assert check_login(session_factory, "bob", PASSWORD, ATTACKER, now=t).throttled  # new here: slowed too
    assert check_login(session_factory, "alice", PASSWORD, ATTACKER, now=t).user is not None  # known here
    assert check_login(session_factory, "bob", PASSWORD, REAL_USER, now=t).user is not None  # elsewhere: fine


def test_admin_unlock_ends_the_accounts_throttle(users, session_factory, db_url, monkeypatch, capsys):
    start = utcnow() - dt.timedelta(seconds=10)  # real time: the command records the unlock at its own now
    attacker = Attacker(session_factory)
    for i in range(30):
        attacker.guess(start + dt.timedelta(seconds=i * 0.3))
    assert check_login(session_factory, "bob", PASSWORD, ATTACKER).throttled
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert users_main(["unlock", "--username", "Bob"]) == 0
    assert "bob: login throttle ended" in capsys.readouterr().out
    assert check_login(session_factory, "bob", PASSWORD, ATTACKER).user is not None
    assert users_main(["unlock", "--username", "nobody-by-that-name"]) == 2  # a typo is said, not ignored
    with pytest.raises(AccountError):
        unlock_login(session_factory, "nobody-by-that-name")


@pytest.fixture
def proxied_server(_migrated_db_url, db_url, tracker_path, tmp_path):
    """The staff app behind a (pretend) reverse proxy: X-Forwarded-For says who the client is."""
    server = StaffServer(db_url, f"sqlite:///{tracker_path}", tmp_path / "staff.log",
                         extra_env={"STAFF_PROXIES_COUNT": "1"})
    yield server
    server.stop()


def _login_from(server, address, password):
    client = Client(server.url)
    client.http.headers["X-Forwarded-For"] = address
    return client.login("bob", password)


def test_lockout_abuse_over_http(proxied_server, users, session_factory):
    answers = [_login_from(proxied_server, ATTACKER, WRONG) for _ in range(25)]
    assert {a.status_code for a in answers} == {401}
    assert _failures(session_factory, ATTACKER) < 10  # 25 sent, only those before the throttle counted
    throttled = _login_from(proxied_server, ATTACKER, PASSWORD)
    assert throttled.status_code == 401  # the attacker's address is throttled, whatever the password
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731 - tokens differ, nothing else
    assert strip(throttled.text) == strip(answers[0].text)  # refused exactly like a wrong password
    assert _login_from(proxied_server, REAL_USER, PASSWORD).status_code == 303  # the real user gets in
