"""Session tokens of the web channel: the server picks the sender id and signs it, so a client can only
ever continue a conversation it was given, never name someone else's."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import jwt

from bot.settings import Settings

AUDIENCE = "skn-web"
SENDER_PREFIX = "web-"


class InvalidToken(Exception):
    """Missing, forged, tampered with or expired."""


def channel_secret() -> str:
    """WEB_CHANNEL_SECRET, else one generated once and kept in var/ (like the HTTP API's JWT secret), so
    sessions survive a restart of `make run` without anyone having to configure a secret."""
    return Settings.from_env().secrets.get("web_channel")


@dataclass(frozen=True)
class TokenIssuer:
    secret: str
    ttl_seconds: int = 12 * 3600  # the domain's session_expiration_time: one clinic day

    def __post_init__(self) -> None:
        if len(self.secret) < 32:
            raise ValueError("The web channel secret must be at least 32 characters (RFC 7518 3.2).")

    def issue(self) -> tuple[str, str, int]:
        """A new random sender id and its signed token; returns (token, sender_id, expires_at)."""
        sender_id = SENDER_PREFIX + secrets.token_urlsafe(18)
        now = int(time.time())
        expires = now + self.ttl_seconds
        claims = {"sub": sender_id, "aud": AUDIENCE, "iat": now, "exp": expires}
        return jwt.encode(claims, self.secret, algorithm="HS256"), sender_id, expires

    def verify(self, token: str | None) -> str:
        """The sender id inside a valid token; raises InvalidToken otherwise."""
        if not token:
            raise InvalidToken("missing")
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=["HS256"],
                audience=AUDIENCE,
                options={"require": ["sub", "exp", "iat", "aud"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise InvalidToken("expired") from error
        except jwt.PyJWTError as error:
            raise InvalidToken("invalid") from error
        sender_id = claims["sub"]
        if not isinstance(sender_id, str) or not sender_id.startswith(SENDER_PREFIX):
            raise InvalidToken("invalid")
        return sender_id
