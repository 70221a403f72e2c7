"""Starting, watching and stopping the assistant's server processes (used by `make run` and the tests)."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def jwt_secret() -> str:
    """RASA_JWT_SECRET from the environment, else one generated once and kept in var/ (never an open API)."""
    secret = os.environ.get("RASA_JWT_SECRET")
    if secret:
        return secret
    path = VAR / "jwt-secret"
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass
class Settings:
    """Everything the servers need, from the environment with local defaults."""
    model: str
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    site_port: int = 8080
    staff_port: int = 8090
    tracker_sqlite_path: str = str(VAR / "tracker.db")
    endpoints: str = str(ROOT / "endpoints.yml")
    credentials: str = str(ROOT / "credentials.yml")
    jwt_secret: str = ""
    cors: str = ""
    log_dir: Path = VAR / "log"
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, model: str) -> "Settings":
        env = os.environ
        return cls(
            model=model,
            host=env.get("RASA_HOST", "127.0.0.1"),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            action_port=int(env.get("ACTION_PORT", "5055")),
            site_port=int(env.get("SITE_PORT", "8080")),
            staff_port=int(env.get("STAFF_PORT", "8090")),
            tracker_sqlite_path=env.get("TRACKER_SQLITE_PATH", str(VAR / "tracker.db")),
            endpoints=env.get("RASA_ENDPOINTS", str(ROOT / "endpoints.yml")),
            credentials=env.get("RASA_CREDENTIALS", str(ROOT / "credentials.yml")),
            jwt_secret=jwt_secret(),
            cors=env.get("RASA_CORS", ""),
            log_dir=Path(env.get("LOG_DIR", str(VAR / "log"))),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}/webhook"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            ACTION_ENDPOINT_URL=self.action_url,
            TRACKER_SQLITE_PATH=self.tracker_sqlite_path,
            PYTHONPATH=str(ROOT),
            TF_CPP_MIN_LOG_LEVEL="3",
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
        )
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

    def wait_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServiceError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.health_url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.5)
        raise ServiceError(f"{self.name} not ready after {timeout:.0f}s; see {self.log_path}")

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is not None:
            return
        # Each service runs in its own process group, so its children stop with it.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _spawn(name: str, argv: list[str], settings: Settings, health_url: str) -> Service:
    settings.log_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.log_dir / f"{name}.log"
    log = open(log_path, "ab")
    process = subprocess.Popen(argv, cwd=ROOT, env=settings.env(), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    return Service(name, process, health_url, log_path)


def start_action_server(settings: Settings) -> Service:
    argv = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.action_port)]
    return _spawn("action-server", argv, settings, f"http://127.0.0.1:{settings.action_port}/health")


def rasa_argv(settings: Settings, command: str = "run") -> list[str]:
    argv = [sys.executable, "-m", "rasa", command, "--model", settings.model,
            "--endpoints", settings.endpoints]
    if command == "run":
        argv += ["--credentials", settings.credentials, "--interface", settings.host,
                 "--port", str(settings.rasa_port), "--enable-api",
                 # "=" form: a generated secret may start with "-", which argparse would take for an option
                 f"--jwt-secret={settings.jwt_secret}", "--jwt-method", "HS256"]
        if settings.cors:
            argv += ["--cors", *settings.cors.split(",")]
    return argv


def start_rasa(settings: Settings) -> Service:
    return _spawn("rasa", rasa_argv(settings), settings, f"http://{settings.host}:{settings.rasa_port}/")


def start_site(settings: Settings) -> Service:
    """The demo clinic site with the chat widget (bot/site), talking to this Rasa server."""
    argv = [sys.executable, "-m", "bot.site", "--port", str(settings.site_port), "--server-url", settings.rasa_url]
    return _spawn("site", argv, settings, f"http://127.0.0.1:{settings.site_port}/health")


def start_staff(settings: Settings) -> Service:
    """The staff review app (bot/staff): intakes, summaries, transcripts, bookings."""
    argv = [sys.executable, "-m", "bot.staff", "--host", "127.0.0.1", "--port", str(settings.staff_port)]
    return _spawn("staff", argv, settings, f"http://127.0.0.1:{settings.staff_port}/staff/health")
