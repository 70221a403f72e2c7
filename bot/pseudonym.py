"""Stand-ins for sender ids in log lines: the same conversation gets the same short name in every log, but
the id cannot be read back from it.

A plain hash would not do: REST sender ids are often phone numbers, and hashing every phone number of a
country takes minutes. The hash is keyed with a secret kept in var/ (or $LOG_PSEUDONYM_KEY), so without the
key nobody can test a guess against a log line. Every process of one installation reads the same key, so the
Rasa server's and the action server's lines about one conversation match.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from bot.settings import Settings

LENGTH = 12  # hex digits: 48 bits, no collisions to speak of among a clinic's conversations


@lru_cache(maxsize=1)
def _key() -> bytes:
    # Log lines are written from everywhere, so the key is looked up once per process rather than passed in.
    return Settings.from_env().secrets.get("log_pseudonym_key").encode()


def pseudonym(sender_id: object, key: bytes | None = None) -> str:
    """'c-3f9a0b1c2d4e' for a sender or conversation id; the same id always gives the same pseudonym."""
    digest = hmac.new(
        key if key is not None else _key(), str(sender_id).encode("utf-8", "surrogatepass"), hashlib.sha256
    )
    return "c-" + digest.hexdigest()[:LENGTH]
