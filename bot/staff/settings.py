"""The staff app's settings, from the environment with local defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Optional

from bot.services import VAR
from bot.store.db import database_url_from_env


def tracker_db_url_from_env(env: Mapping[str, str]) -> str:
    """TRACKER_DB_URL, else the SQLite tracker store `make run` uses (TRACKER_SQLITE_PATH, var/tracker.db)."""
    return env.get("TRACKER_DB_URL") or "sqlite:///" + env.get("TRACKER_SQLITE_PATH", str(VAR / "tracker.db"))


@dataclass(frozen=True)
class StaffSettings:
    database_url: str
    tracker_db_url: str
    secure_cookies: bool = False  # set when served over https (behind a TLS proxy)
    idle_minutes: int = 30
    max_hours: int = 8
    proxies_count: int = 0  # trusted reverse proxies in front: then X-Forwarded-For gives the client IP
    failed_login_delay: float = 0.5  # seconds added to every refused login; the throttle is throttle.py
    page_size: int = 50

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None, **overrides) -> "StaffSettings":
        env = os.environ if env is None else env
        values = dict(
            database_url=database_url_from_env(env),
            tracker_db_url=tracker_db_url_from_env(env),
            secure_cookies=env.get("STAFF_SECURE_COOKIES", "0").lower() in ("1", "true", "yes"),
            idle_minutes=int(env.get("STAFF_SESSION_IDLE_MINUTES", "30")),
            max_hours=int(env.get("STAFF_SESSION_MAX_HOURS", "8")),
            proxies_count=int(env.get("STAFF_PROXIES_COUNT", "0")),
            failed_login_delay=float(env.get("STAFF_FAILED_LOGIN_DELAY", "0.5")),
        )
        values.update(overrides)
        return cls(**values)
