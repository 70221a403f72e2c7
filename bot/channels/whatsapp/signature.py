"""The two checks Meta's webhook requests pass before anything is read: the subscription handshake (GET) and
the body's signature (POST, X-Hub-Signature-256 = "sha256=" + HMAC-SHA256 of the raw body with the app secret).

The signature is over the raw bytes: re-serialised JSON (Urdu, emoji, escapes) would no longer match."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping

SIGNATURE_HEADER = "X-Hub-Signature-256"
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")  # Meta sends a number; anything else is not reflected


def handshake(params: Mapping[str, str | None], verify_token: str) -> tuple[int, str]:
    """(status, text body) for Meta's GET verification request."""
    mode, token, challenge = (params.get(k) for k in ("hub.mode", "hub.verify_token", "hub.challenge"))
    if mode != "subscribe" or not token or not verify_token:
        return 403, "Forbidden"
    if not hmac.compare_digest(token.encode(), verify_token.encode()):
        return 403, "Forbidden"
    if not challenge or not _CHALLENGE.match(challenge):
        return 400, "Bad challenge"
    return 200, challenge


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends for `body` (tests and the stand-in use it too)."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def signature_status(body: bytes, header: str | None, app_secret: str) -> int:
    """200 when `header` signs `body`; 401 when there is no signature; 403 when it is wrong."""
    if not header:
        return 401
    if not app_secret or not hmac.compare_digest(header.strip().encode(), sign(body, app_secret).encode()):
        return 403
    return 200
