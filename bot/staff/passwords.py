"""Staff passwords: hashing with argon2id (argon2-cffi's defaults follow RFC 9106) and a strength check for
new passwords with zxcvbn, which knows common passwords, names, keyboard patterns and dates, not length only."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline slow-hash scenario"
_ZXCVBN_CHARS = 100  # zxcvbn's matching grows quickly with length; past 100 characters it adds nothing
# Words an attacker guesses first at this clinic, besides the user's own name.
_SITE_WORDS = ("staff", "hair", "intake", "dermatology", "dermatologist", "password")

_hasher = PasswordHasher()
# Verifying against this when the username is unknown makes both answers take the same time.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class WeakPassword(ValueError):
    pass


def _clinic_words() -> list[str]:
    from bot.booking.schedule import default_schedule  # the clinic's name lives in schedule.yml

    clinic = default_schedule().clinic
    return [clinic.name, *re.findall(r"\w+", f"{clinic.name} {clinic.address}")]


def _user_inputs(username: str | None) -> list[str]:
    words = [*_clinic_words(), *_SITE_WORDS]
    if username:
        words += [username, *re.split(r"[._@-]+", username)]
    return [w.lower() for w in words if w]


def check_strength(password: str, username: str | None = None) -> None:
    """Raise WeakPassword unless `password` is long enough and zxcvbn scores it at least MIN_SCORE, counting
    the username and the clinic's name as known words (they are the first guesses of anyone attacking)."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"a password has at most {MAX_LENGTH} characters")
    result = zxcvbn(password[:_ZXCVBN_CHARS], user_inputs=_user_inputs(username))
    if result["score"] < MIN_SCORE:
        feedback = result.get("feedback") or {}
        hints = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
        hint = " ".join(h for h in hints if h)
        raise WeakPassword(
            "this password is too easy to guess"
            + (f": {hint}" if hint else "")
            + " A few unrelated words make a strong one."
        )


def hash_password(password: str) -> str:
    """The argon2id hash. Callers that set a new password call check_strength first; a login that only
    re-hashes an existing password with newer parameters must not be refused for an older rule."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
