"""A real running assistant for end-to-end tests: action server + Rasa server on free ports.

Conversations go to a temporary SQLite tracker store and clinic database unless the caller passes
other settings. The model is $RASA_MODEL (set by `make test`) or the newest one in models/.
"""
from __future__ import annotations

import json
import os
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Iterator

import jwt
import yaml

from bot.services import ROOT, ServerSettings, Service, free_port, start_action_server, start_rasa


def model_path() -> str:
    model = os.environ.get("RASA_MODEL")
    if model:
        return str(ROOT / model) if not os.path.isabs(model) else model
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError("No trained model: run `make train` (or `make test`, which trains first).")
    return str(models[-1])


class RunningAssistant:
    def __init__(self, workdir: Path, extra_env: dict[str, str] | None = None,
                 credentials: str | None = None, endpoints: str | None = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.database_url = f"sqlite:///{self.workdir / 'clinic.db'}"
        env = {"DATABASE_URL": self.database_url, "TRACKER_JOURNAL_DIR": str(self.workdir / "journal")}
        env.update(extra_env or {})
        self.settings = ServerSettings(
            model=model_path(),
            rasa_port=free_port(),
            action_port=free_port(),
            tracker_sqlite_path=str(self.workdir / "tracker.db"),
            jwt_secret=secrets.token_urlsafe(32),
            rest_token=secrets.token_urlsafe(32),
            action_token=secrets.token_urlsafe(32),
            log_dir=self.workdir / "log",
            extra_env=env,
        )
        if credentials:
            self.settings.credentials = credentials
        if endpoints:
            self.settings.endpoints = endpoints
        self.actions: Service | None = None
        self.rasa: Service | None = None

    # -- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> "RunningAssistant":
        from bot.store import migrate
        migrate(self.settings.extra_env["DATABASE_URL"])
        self.actions = start_action_server(self.settings)
        self.rasa = start_rasa(self.settings)
        self.actions.wait_ready()
        self.rasa.wait_ready()
        return self

    @contextmanager
    def serving(self) -> Iterator["RunningAssistant"]:
        """Runs the assistant for the length of a `with` block; its logs are printed if it cannot start."""
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

    def restart_rasa(self) -> None:
        assert self.rasa is not None
        self.rasa.stop()
        self.rasa = start_rasa(self.settings)
        self.rasa.wait_ready()

    def stop(self) -> None:
        for service in (self.rasa, self.actions):
            if service is not None:
                service.stop()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in sorted(self.settings.log_dir.glob("*.log")))

    # -- talking -------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.settings.rasa_url

    def post_raw(self, path: str, body: bytes, content_type: str = "application/json",
                 headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        request = urllib.request.Request(self.url + path, data=body, method="POST",
                                         headers={"Content-Type": content_type, **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    @property
    def rest_token(self) -> str:
        return self.settings.rest_token

    def rest_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.rest_token}"}

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Sends one message over the REST channel (with its bearer token); returns the bot's replies."""
        status, body = self.post_raw("/webhooks/rest/webhook",
                                     json.dumps({"sender": sender, "message": message}).encode(),
                                     headers=self.rest_headers())
        assert status == 200, (status, body[:500])
        return json.loads(body)

    def texts(self, sender: str, message: str) -> list[str]:
        return [reply.get("text", "") for reply in self.say(sender, message)]

    def token(self) -> str:
        return jwt.encode({"user": {"username": "tests", "role": "admin"}, "exp": int(time.time()) + 3600},
                          self.settings.jwt_secret, algorithm="HS256")

    def api_get(self, path: str, token: str | None = None) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {token or self.token()}"} if token != "" else {}
        request = urllib.request.Request(self.url + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def tracker(self, sender: str) -> dict[str, Any]:
        status, body = self.api_get(f"/conversations/{sender}/tracker")
        assert status == 200, (status, body)
        return body


def credentials_for_one_busy_client(directory: Path) -> str:
    """credentials.yml with the per-address message limit lifted.

    Every simulated patient talks from 127.0.0.1, so the limit that protects the server from one flooding client
    would stop the harness; the per-sender limits, which a patient could meet, stay as configured."""
    raw = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8")) or {}
    for settings in raw.values():
        if isinstance(settings, dict) and "messages_per_address" in settings:
            settings["messages_per_address"] = 1_000_000
    path = directory / "credentials.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return str(path)
