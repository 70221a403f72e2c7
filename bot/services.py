"""Starting, watching and stopping the assistant's server processes (used by `make run` and the tests)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bot.private_files import ROOT
from bot.settings import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerSettings:
    """What the server processes are started with: ports, files and the secrets they share."""

    model: str
    log_dir: Path
    tracker_sqlite_path: str
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    site_port: int = 8080
    staff_port: int = 8090
    endpoints: str = str(ROOT / "endpoints.yml")
    credentials: str = str(ROOT / "credentials.yml")
    # Secrets reach the servers through their environment (readable only by this user), never arguments.
    jwt_secret: str = ""
    rest_token: str = ""  # the REST channel's bearer token
    action_token: str = ""  # what the Rasa server sends the action server (X-Action-Token)
    action_host: str = "127.0.0.1"
    cors: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, model: str, settings: Settings) -> ServerSettings:
        secrets = settings.secrets
        return cls(
            model=model,
            log_dir=settings.log_dir,
            tracker_sqlite_path=settings.tracker_sqlite_path,
            host=settings.rasa_host,
            rasa_port=settings.rasa_port,
            action_port=settings.action_port,
            site_port=settings.site_port,
            staff_port=settings.staff_port,
            endpoints=settings.endpoints,
            credentials=settings.credentials,
            jwt_secret=secrets.get("jwt"),
            rest_token=secrets.get("rest_token"),
            action_token=secrets.get("action_token"),
            action_host=settings.action_host,
            cors=settings.cors,
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        host = "127.0.0.1" if self.action_host in ("0.0.0.0", "::") else self.action_host
        return f"http://{host}:{self.action_port}/webhook"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            ACTION_ENDPOINT_URL=self.action_url,
            ACTION_HOST=self.action_host,
            ACTION_PORT=str(self.action_port),
            TRACKER_SQLITE_PATH=self.tracker_sqlite_path,
            PYTHONPATH=str(ROOT),
            TF_CPP_MIN_LOG_LEVEL="3",
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
        secrets = {
            "RASA_JWT_SECRET": self.jwt_secret,
            "REST_CHANNEL_TOKEN": self.rest_token,
            "ACTION_SERVER_TOKEN": self.action_token,
        }
        env.update({name: value for name, value in secrets.items() if value})
        env.update(self.extra_env)
        return env


class ServiceError(RuntimeError):
    pass


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    health_url: str
    log_path: Path

    def is_healthy(self, timeout: float = 2) -> bool:
        """Whether its health URL answers 200 now."""
        try:
            with urllib.request.urlopen(self.health_url, timeout=timeout) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def wait_ready(self, timeout: float = 180, stopping: threading.Event | None = None) -> None:
        """Returns once healthy; ServiceError if it exits or is not ready in time. `stopping` set: returns early."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if stopping is not None and stopping.is_set():
                return
            if self.process.poll() is not None:
                raise ServiceError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            if self.is_healthy():
                return
            time.sleep(0.5)
        raise ServiceError(f"{self.name} not ready after {timeout:.0f}s; see {self.log_path}")

    def reap(self) -> None:
        """After the process died: kills what is left of its group, so a restart finds its port free."""
        with contextlib.suppress(ProcessLookupError, PermissionError):  # nothing left of the group
            os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is not None:
            self.reap()
            return
        # Each service runs in its own process group, so its children stop with it.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _spawn(name: str, argv: list[str], settings: ServerSettings, health_url: str) -> Service:
    settings.log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_path = settings.log_dir / f"{name}.log"
    # 0600 whatever the caller's umask (the tests' is not private); logs may name conversations' ids
    log = os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
    process = subprocess.Popen(
        argv, cwd=ROOT, env=settings.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return Service(name, process, health_url, log_path)


def start_action_server(settings: ServerSettings) -> Service:
    argv = [
        sys.executable,
        "-m",
        "bot.action_server",
        "--host",
        settings.action_host,
        "--port",
        str(settings.action_port),
    ]
    return _spawn("action-server", argv, settings, settings.action_url.replace("/webhook", "/health"))


def rasa_argv(settings: ServerSettings, command: str = "run") -> list[str]:
    if command != "run":
        return [sys.executable, "-m", "rasa", command, "--model", settings.model, "--endpoints", settings.endpoints]
    # bot.rasa_server adds the JWT secret from the environment inside the process: not in `ps`.
    argv = [
        sys.executable,
        "-m",
        "bot.rasa_server",
        "run",
        "--model",
        settings.model,
        "--endpoints",
        settings.endpoints,
        "--credentials",
        settings.credentials,
        "--interface",
        settings.host,
        "--port",
        str(settings.rasa_port),
        "--enable-api",
    ]
    if settings.cors:
        argv += ["--cors", *settings.cors.split(",")]
    return argv


def start_rasa(settings: ServerSettings) -> Service:
    return _spawn("rasa", rasa_argv(settings), settings, f"http://{settings.host}:{settings.rasa_port}/")


def start_site(settings: ServerSettings) -> Service:
    """The demo clinic site with the chat widget (bot/site), talking to this Rasa server."""
    argv = [sys.executable, "-m", "bot.site", "--port", str(settings.site_port), "--server-url", settings.rasa_url]
    return _spawn("site", argv, settings, f"http://127.0.0.1:{settings.site_port}/health")


def start_staff(settings: ServerSettings) -> Service:
    """The staff review app (bot/staff): intakes, summaries, transcripts, bookings."""
    argv = [sys.executable, "-m", "bot.staff", "--host", "127.0.0.1", "--port", str(settings.staff_port)]
    return _spawn("staff", argv, settings, f"http://127.0.0.1:{settings.staff_port}/staff/health")
