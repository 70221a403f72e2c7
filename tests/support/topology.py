"""The production topology on one machine: two action servers and two Rasa servers behind HAProxy, on
PostgreSQL (tracker + clinic), the Redis lock store (which also counts the channels' rate limits) and RabbitMQ.

Each replica gets its own VAR_DIR and journal, as a separate machine would; what they must share comes from the
environment: the secrets (JWT, REST token, action token, web channel secret, log pseudonym key), the databases,
Redis and RabbitMQ. HAProxy runs as a child process with its configuration (deploy/haproxy.py, 0600) in the
work folder; the Rasa servers reach the action servers through it too."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import redis
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.lock_store import AtomicRedisLockStore
from bot.services import ROOT, ServerSettings, Service, free_port, start_action_server, start_rasa
from bot.store import make_engine
from deploy.haproxy import render, write_private
from tests.conftest import create_pg_database, drop_pg_database
from tests.support.assistant import model_path

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
REDIS_DB = 7  # the lock store and the rate limits of the topology tests; emptied at start
LOCAL = "127.0.0.1"


class Topology:
    def __init__(self, workdir: Path, credentials: Path, replicas: int = 2,
                 endpoints: Path = ROOT / "endpoints.production.yml", extra_env: dict[str, str] | None = None):
        self.workdir = Path(workdir)
        self.extra_env = extra_env or {}
        self.credentials = credentials
        self.endpoints = endpoints
        self.replicas = replicas
        self.queue = f"skn_topology_{uuid.uuid4().hex[:8]}"
        self.secrets = {name: secrets.token_urlsafe(32) for name in (
            "RASA_JWT_SECRET", "REST_CHANNEL_TOKEN", "ACTION_SERVER_TOKEN", "WEB_CHANNEL_SECRET", "LOG_PSEUDONYM_KEY")}
        self.rasa_port, self.actions_port = free_port(), free_port()  # HAProxy's two frontends
        self.stats_port = free_port()  # and its stats page
        self.tracker_url = self.clinic_url = ""
        self.rasa_settings: list[ServerSettings] = []
        self.services: list[Service] = []
        self.haproxy: subprocess.Popen | None = None
        self.haproxy_log = self.workdir / "haproxy.log"
        self.redis = redis.Redis(host=LOCAL, port=6379, db=REDIS_DB)

    # -- lifecycle -------------------------------------------------------------------------------------
    def _settings(self, name: str) -> ServerSettings:
        home = self.workdir / name
        home.mkdir(mode=0o700)
        tracker = make_url(self.tracker_url)
        env = {
            **self.secrets,
            "VAR_DIR": str(home / "var"),
            "TRACKER_JOURNAL_DIR": str(home / "journal"),
            "DATABASE_URL": self.clinic_url,
            "TRACKER_DB_URL": self.tracker_url,
            "TRACKER_DB_HOST": LOCAL, "TRACKER_DB_PORT": str(tracker.port or 5432),
            "TRACKER_DB_NAME": tracker.database or "", "TRACKER_DB_USER": tracker.username or "postgres",
            "TRACKER_DB_PASSWORD": tracker.password or "",
            # the rate limits follow the lock store's Redis (bot.settings.lock_store_redis_url)
            "REDIS_HOST": LOCAL, "REDIS_PORT": "6379", "REDIS_DB": str(REDIS_DB),
            "RABBITMQ_HOST": LOCAL, "RABBITMQ_PORT": "5672", "RABBITMQ_USER": "guest",
            "RABBITMQ_PASSWORD": "guest", "RABBITMQ_QUEUE": self.queue,
            "TRUSTED_PROXIES": LOCAL,  # HAProxy, and the tests themselves when they play a proxy
            "ACTION_ENDPOINT_URL": f"http://{LOCAL}:{self.actions_port}/webhook",
            **self.extra_env,
        }
        return ServerSettings(
            model=model_path(), log_dir=home / "log", tracker_sqlite_path=str(home / "tracker.db"),
            rasa_port=free_port(), action_port=free_port(), endpoints=str(self.endpoints),
            credentials=str(self.credentials), jwt_secret=self.secrets["RASA_JWT_SECRET"],
            rest_token=self.secrets["REST_CHANNEL_TOKEN"], action_token=self.secrets["ACTION_SERVER_TOKEN"],
            extra_env=env,
        )

    def start(self) -> Topology:
        from bot.store import migrate
        self.tracker_url, self.clinic_url = create_pg_database(), create_pg_database()
        migrate(self.clinic_url)
        self.redis.flushdb()
        action_settings = [self._settings(f"actions{n}") for n in range(1, self.replicas + 1)]
        self.rasa_settings = [self._settings(f"rasa{n}") for n in range(1, self.replicas + 1)]
        # all at once: loading the model is most of the wait, and the servers load it side by side
        self.services = [start_action_server(s) for s in action_settings] + [start_rasa(s) for s in self.rasa_settings]
        for service in self.services:
            service.wait_ready(timeout=300)
        config = self.workdir / "haproxy.cfg"
        write_private(config, render(
            rasa=[f"{LOCAL}:{s.rasa_port}" for s in self.rasa_settings],
            actions=[f"{LOCAL}:{s.action_port}" for s in action_settings],
            rasa_bind=f"{LOCAL}:{self.rasa_port}", actions_bind=f"{LOCAL}:{self.actions_port}", foreground=True,
            stats_bind=f"{LOCAL}:{self.stats_port}"))
        log = os.fdopen(os.open(self.haproxy_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
        # -db: stay in the foreground, log to stdout (our log file)
        self.haproxy = subprocess.Popen([HAPROXY, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        log.close()
        self._wait_for_proxy()
        return self

    def _wait_for_proxy(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.haproxy is not None
            if self.haproxy.poll() is not None:
                raise RuntimeError(f"haproxy exited with {self.haproxy.returncode}: {self.haproxy_log.read_text()}")
            if self.get(self.url, "/")[0] == 200 and self.get(f"http://{LOCAL}:{self.actions_port}", "/health")[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"haproxy did not answer in {timeout:.0f}s: {self.haproxy_log.read_text()}")

    def stop(self) -> None:
        if self.haproxy is not None and self.haproxy.poll() is None:
            os.killpg(self.haproxy.pid, signal.SIGTERM)
            self.haproxy.wait(10)
        # side by side: each may take seconds to close its connections
        with ThreadPoolExecutor(max(1, len(self.services))) as pool:
            list(pool.map(Service.stop, self.services))
        for url in (self.tracker_url, self.clinic_url):
            if url:
                drop_pg_database(url)

    @contextmanager
    def serving(self) -> Iterator[Topology]:
        try:
            self.start()
        except Exception:
            print(self.logs())
            self.stop()
            raise
        try:
            yield self
        finally:
            self.stop()

    def logs(self) -> str:
        paths = sorted(self.workdir.glob("*/log/*.log")) + [self.haproxy_log]
        return "\n".join(f"== {p}\n" + p.read_text(errors="replace")[-3000:] for p in paths if p.exists())

    # -- talking -------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """HAProxy's frontend for the Rasa servers."""
        return f"http://{LOCAL}:{self.rasa_port}"

    @property
    def replica_urls(self) -> list[str]:
        """Each Rasa server directly, bypassing the proxy."""
        return [s.rasa_url for s in self.rasa_settings]

    @staticmethod
    def call(method: str, url: str, path: str, body: Any = None,
             headers: dict[str, str] | None = None) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=150) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw.startswith((b"{", b"[")) else raw
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw.startswith((b"{", b"[")) else raw

    def get(self, url: str, path: str) -> tuple[int, Any]:
        try:
            return self.call("GET", url, path)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, None

    def say(self, sender: str, message: str, url: str | None = None) -> tuple[int, Any]:
        """One REST-channel message (through HAProxy unless `url` names a replica): (status, replies)."""
        return self.call("POST", url or self.url, "/webhooks/rest/webhook", {"sender": sender, "message": message},
                         {"Authorization": f"Bearer {self.secrets['REST_CHANNEL_TOKEN']}"})

    # -- what was stored -----------------------------------------------------------------------------------
    def stored_events(self, sender: str) -> list[tuple[str, dict[str, Any]]]:
        """(type, event) of the conversation's user and bot events in the tracker database, in stored order."""
        engine = make_engine(self.tracker_url)
        try:
            with engine.connect() as conn:
                rows = conn.execute(text("SELECT type_name, data FROM events WHERE sender_id = :s "
                                         "AND type_name IN ('user', 'bot') ORDER BY id"), {"s": sender}).all()
        finally:
            engine.dispose()
        return [(kind, json.loads(data)) for kind, data in rows]

    def lock_tickets(self, sender: str) -> tuple[int | None, int]:
        """(the conversation's last ticket number, how many tickets are live) in the Redis lock store."""
        counter, tickets = AtomicRedisLockStore(client=self.redis)._keys(sender)
        last = self.redis.get(counter)
        return (int(last) if last is not None else None), self.redis.zcard(tickets)

    def haproxy_servers_used(self, path: str) -> list[str]:
        """The backend server of each logged request for `path`, in log order (HAProxy's httplog lines)."""
        found = []
        for line in self.haproxy_log.read_text(errors="replace").splitlines():
            if f" {path} HTTP" in line:
                found += [word.split("/", 1)[1] for word in line.split() if word.startswith("rasa_servers/")]
        return found
