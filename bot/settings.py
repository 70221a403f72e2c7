"""Everything the assistant is configured with, read from the environment in one place.

Each process builds one Settings at start (`Settings.from_env()`) and hands each part what it needs: no
other module reads configuration from the environment. With nothing configured `make run` still works:
everything kept lives under var/ (VAR_DIR), secrets are generated into it once. The README lists the
variables."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.private_files import ROOT, kept_secret, var_dir


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a number, got {raw!r}") from None


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        # 0 would erase everything at the next purge: never what a mistyped setting should do
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "0").strip().lower() in ("1", "true", "yes")


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


@dataclass(frozen=True)
class RetentionSettings:
    """How long patient data is kept (bot.privacy): ages run from a conversation's last activity."""

    unfinished_days: int = 30  # unfinished, stopped or declined conversations
    completed_years: int = 5  # completed intakes with their conversation and bookings
    log_days: int = 30  # rotated log files

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> RetentionSettings:
        return cls(
            unfinished_days=_positive_int(env, "RETENTION_UNFINISHED_DAYS", cls.unfinished_days),
            completed_years=_positive_int(env, "RETENTION_COMPLETED_YEARS", cls.completed_years),
            log_days=_positive_int(env, "RETENTION_LOG_DAYS", cls.log_days),
        )

    def unfinished_cutoff(self, now: dt.datetime) -> dt.datetime:
        return now - dt.timedelta(days=self.unfinished_days)

    def completed_cutoff(self, now: dt.datetime) -> dt.datetime:
        return years_before(now, self.completed_years)

    def log_cutoff(self, now: dt.datetime) -> dt.datetime:
        return now - dt.timedelta(days=self.log_days)


@dataclass(frozen=True)
class StaffSettings:
    """The staff app (bot.staff)."""

    database_url: str
    tracker_db_url: str
    # where an erasure reaches besides the databases (the same as Settings'; defaults: var/ in the repository)
    journal_dir: Path = ROOT / "var" / "tracker-journal"
    photo_dir: Path = ROOT / "var" / "photos"
    secure_cookies: bool = False  # set when served over https (behind a TLS proxy)
    idle_minutes: int = 30
    max_hours: int = 8
    proxies_count: int = 0  # trusted reverse proxies in front: then X-Forwarded-For gives the client IP
    failed_login_delay: float = 0.5  # seconds added to every refused login; the throttle is throttle.py
    page_size: int = 50
    # to tell WhatsApp patients of a cancelled or moved appointment (through the WhatsApp outbox)
    whatsapp: WhatsAppSettings = field(default_factory=lambda: WhatsAppSettings())


DEFAULT_GRAPH_URL = "https://graph.facebook.com/v26.0"  # Meta's newest Graph API version (July 2026)


@dataclass(frozen=True)
class WhatsAppSettings:
    """The WhatsApp channel (bot.channels.whatsapp). Off unless the four required values are set.

    The access token and app secret are secrets: kept only in the environment, never logged."""

    verify_token: str = ""  # WHATSAPP_VERIFY_TOKEN: the word Meta echoes in the webhook handshake
    app_secret: str = field(default="", repr=False)  # WHATSAPP_APP_SECRET: signs every webhook body
    access_token: str = field(default="", repr=False)  # WHATSAPP_ACCESS_TOKEN: bearer token for sending
    phone_number_id: str = ""  # WHATSAPP_PHONE_NUMBER_ID: the clinic number's id (not the number)
    graph_url: str = DEFAULT_GRAPH_URL  # WHATSAPP_GRAPH_URL: Graph API base with its version
    template_name: str = ""  # WHATSAPP_TEMPLATE_NAME: the one approved template (outside the 24 h window)
    template_language: str = "en"  # WHATSAPP_TEMPLATE_LANGUAGE

    @property
    def enabled(self) -> bool:
        return all((self.verify_token, self.app_secret, self.access_token, self.phone_number_id))

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WhatsAppSettings:
        def get(name: str) -> str:
            return env.get(name, "").strip()

        return cls(
            verify_token=get("WHATSAPP_VERIFY_TOKEN"),
            app_secret=get("WHATSAPP_APP_SECRET"),
            access_token=get("WHATSAPP_ACCESS_TOKEN"),
            phone_number_id=get("WHATSAPP_PHONE_NUMBER_ID"),
            graph_url=(get("WHATSAPP_GRAPH_URL") or DEFAULT_GRAPH_URL).rstrip("/"),
            template_name=get("WHATSAPP_TEMPLATE_NAME"),
            template_language=get("WHATSAPP_TEMPLATE_LANGUAGE") or "en",
        )


# name -> (environment variable, file under var/ it is generated into when the variable is not set)
SECRETS = {
    "jwt": ("RASA_JWT_SECRET", "jwt-secret"),  # signs the Rasa HTTP API's JWTs (HS256)
    "rest_token": ("REST_CHANNEL_TOKEN", "rest-channel-token"),  # the REST channel's bearer token
    "action_token": ("ACTION_SERVER_TOKEN", "action-server-token"),  # Rasa server -> action server
    "web_channel": ("WEB_CHANNEL_SECRET", "web-channel-secret"),  # signs the web chat's session tokens
    "log_pseudonym_key": ("LOG_PSEUDONYM_KEY", "log-pseudonym-key"),  # keys the ids' pseudonyms in logs
}


@dataclass(frozen=True)
class Secrets:
    """The secrets, from the environment or generated once into var/ (mode 0600) when first asked for."""

    given: Mapping[str, str]  # the SECRETS variables that are set in the environment
    var_dir: Path

    def get(self, name: str) -> str:
        env_var, file_name = SECRETS[name]
        return kept_secret(env_var, file_name, environ=self.given, var=self.var_dir)

    def where(self, name: str) -> str:
        """Where a secret comes from, for messages: "$RASA_JWT_SECRET or var/jwt-secret"."""
        env_var, file_name = SECRETS[name]
        return f"${env_var} or {self.var_dir / file_name}"


@dataclass(frozen=True)
class Settings:
    var_dir: Path  # everything kept: databases, journal, logs, photos, generated secrets (mode 0700)
    database_url: str  # the clinic database (intakes, bookings, staff)
    tracker_sqlite_path: str  # Rasa's SQL tracker store on SQLite (endpoints.yml)
    tracker_db_url: str  # where the tracker store's `events` table is read (staff, erasure)
    journal_dir: Path  # bot.tracker_store's journal of conversations
    photo_dir: Path
    log_dir: Path
    retention: RetentionSettings
    staff: StaffSettings
    secrets: Secrets
    purge_interval_hours: float = 6
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    site_port: int = 8080
    staff_host: str = "127.0.0.1"
    staff_port: int = 8090
    endpoints: str = str(ROOT / "endpoints.yml")
    credentials: str = str(ROOT / "credentials.yml")
    cors: str = ""  # origins allowed to call the Rasa server from a browser, comma-separated
    web_allowed_origins: str = ""  # sites whose pages may use the web chat channel, comma-separated
    rasa_max_body_bytes: int = 1024 * 1024
    whatsapp: WhatsAppSettings = WhatsAppSettings()
    # Proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the client: the channels'
    # per-address limits; none by default, so a header a client sends itself is never believed.
    trusted_proxies: str = ""
    # The Redis where the channels keep what every Rasa server must share (rate limits, replies to messages sent
    # again); "" = each process on its own. Default: the lock store's REDIS_HOST/PORT/DB when they are set.
    channel_redis_url: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        var = var_dir(env)
        database_url = env.get("DATABASE_URL") or default_database_url(var)
        tracker_sqlite_path = env.get("TRACKER_SQLITE_PATH") or str(var / "tracker.db")
        tracker_db_url = env.get("TRACKER_DB_URL") or "sqlite:///" + tracker_sqlite_path
        journal_dir = Path(env.get("TRACKER_JOURNAL_DIR") or var / "tracker-journal")
        photo_dir = Path(env.get("PHOTO_DIR") or var / "photos")
        return cls(
            var_dir=var,
            database_url=database_url,
            tracker_sqlite_path=tracker_sqlite_path,
            tracker_db_url=tracker_db_url,
            journal_dir=journal_dir,
            photo_dir=photo_dir,
            log_dir=Path(env.get("LOG_DIR") or var / "log"),
            retention=RetentionSettings.from_env(env),
            staff=StaffSettings(
                database_url=database_url,
                tracker_db_url=tracker_db_url,
                journal_dir=journal_dir,
                photo_dir=photo_dir,
                secure_cookies=_flag(env, "STAFF_SECURE_COOKIES"),
                idle_minutes=int(env.get("STAFF_SESSION_IDLE_MINUTES", "30")),
                max_hours=int(env.get("STAFF_SESSION_MAX_HOURS", "8")),
                proxies_count=int(env.get("STAFF_PROXIES_COUNT", "0")),
                failed_login_delay=float(env.get("STAFF_FAILED_LOGIN_DELAY", "0.5")),
                whatsapp=WhatsAppSettings.from_env(env),
            ),
            secrets=Secrets({v: env[v] for v, _ in SECRETS.values() if env.get(v, "").strip()}, var),
            purge_interval_hours=_number(env, "PURGE_INTERVAL_HOURS", 6),
            rasa_host=env.get("RASA_HOST", "127.0.0.1"),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            action_host=env.get("ACTION_HOST", "127.0.0.1"),
            action_port=int(env.get("ACTION_PORT", "5055")),
            site_port=int(env.get("SITE_PORT", "8080")),
            staff_host=env.get("STAFF_HOST", "127.0.0.1"),
            staff_port=int(env.get("STAFF_PORT", "8090")),
            endpoints=env.get("RASA_ENDPOINTS", str(ROOT / "endpoints.yml")),
            credentials=env.get("RASA_CREDENTIALS", str(ROOT / "credentials.yml")),
            cors=env.get("RASA_CORS", ""),
            web_allowed_origins=env.get("WEB_ALLOWED_ORIGINS", ""),
            rasa_max_body_bytes=int(env.get("RASA_MAX_BODY_BYTES", str(1024 * 1024))),
            whatsapp=WhatsAppSettings.from_env(env),
            trusted_proxies=env.get("TRUSTED_PROXIES", ""),
            channel_redis_url=env.get("CHANNEL_REDIS_URL") or lock_store_redis_url(env),
        )


def lock_store_redis_url(env: Mapping[str, str]) -> str:
    """The lock store's Redis (REDIS_HOST/PORT/DB of endpoints.production.yml) when it is configured: several
    Rasa servers then share their rate limits without another setting."""
    host = env.get("REDIS_HOST", "").strip()
    if not host:
        return ""
    return f"redis://{host}:{env.get('REDIS_PORT', '').strip() or 6379}/{env.get('REDIS_DB', '').strip() or 1}"


def default_database_url(var: Path) -> str:
    """The SQLite file `make run` uses when DATABASE_URL is not set."""
    return f"sqlite:///{var / 'clinic.db'}"


def tensorflow_defaults(env: MutableMapping[str, str] | None = None) -> None:
    """Sets what the Rasa server's TensorFlow reads from the environment, unless already set: without oneDNN's
    graph rewrites the loaded model takes ~125 MB less memory (1.27 -> 1.14 GB here) and parses as fast
    (TF_ENABLE_ONEDNN_OPTS=1 brings them back). Called before TensorFlow is imported."""
    target = os.environ if env is None else env
    target.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
