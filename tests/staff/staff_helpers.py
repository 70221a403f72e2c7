"""Helpers for the staff tests: a running staff app, a logged-in HTTP client, intakes, a tracker store."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

from bot.services import ROOT, free_port
from bot.staff.bench_data import booking_row, summary
from bot.intake.records import save_summary
from bot.store.db import write_session
from bot.store.models import Booking

PASSWORD = "a long test password 1"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class StaffServer:
    """`python -m bot.staff` in a subprocess on a free port, as `make run` will start it."""

    def __init__(self, database_url: str, tracker_db_url: str, log_path: Path, extra_env: Optional[dict] = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "DATABASE_URL": database_url, "TRACKER_DB_URL": tracker_db_url,
               "STAFF_FAILED_LOGIN_DELAY": "0", "PYTHONPATH": str(ROOT), **(extra_env or {})}
        self.env = env
        self.log_path = log_path
        self._log = open(log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.staff", "--port", str(self.port), "--no-migrate"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"staff app exited: {log_path.read_text()[-3000:]}")
            try:
                if requests.get(self.url + "/staff/health", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("staff app did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


class Client:
    """A browser-like HTTP client (cookies kept), which logs in through the real login form."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        self.csrf: Optional[str] = None

    def get(self, path: str, **kw) -> requests.Response:
        kw.setdefault("allow_redirects", False)
        return self.http.get(self.base + path, **kw)

    def post(self, path: str, data: Optional[dict] = None, csrf: Any = True, **kw) -> requests.Response:
        data = dict(data or {})
        if csrf is True:
            data["csrf_token"] = self.csrf
        elif csrf:
            data["csrf_token"] = csrf
        kw.setdefault("allow_redirects", False)
        return self.http.post(self.base + path, data=data, **kw)

    def api(self, method: str, path: str, body: Any = None, csrf: Any = True, **kw) -> requests.Response:
        headers = kw.pop("headers", {})
        if csrf is True and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        elif csrf and csrf is not True:
            headers["X-CSRF-Token"] = csrf
        return self.http.request(method, self.base + path, json=body, headers=headers, allow_redirects=False, **kw)

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        page = self.get("/staff/login")
        answer = self.post("/staff/login", {"username": username, "password": password}, csrf=csrf_from(page.text))
        if answer.status_code == 303:
            self.csrf = self.get("/staff/api/me").json()["csrf_token"]
        return answer


def make_intake(session_factory, conversation_id: str, booking: Optional[Dict[str, Any]] = None, **kw) -> int:
    """An intake saved the way the assistant saves it (build_summary + save_summary), with an optional booking."""
    intake_id = save_summary(session_factory, summary(conversation_id, **kw))
    if booking is not None:
        start = booking.pop("start", dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2))
        with write_session(session_factory) as session:
            session.add(Booking(**booking_row(conversation_id, kw.get("first_name", "Sara"), start,
                                              intake_id=intake_id, **booking)))
    return intake_id


EVENTS_DDL = """CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,
    timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"""


def write_tracker(path: Path, sender_id: str, events: List[Dict[str, Any]]) -> None:
    """Rows as Rasa's SQLTrackerStore writes them (same table and columns)."""
    with sqlite3.connect(path) as conn:
        conn.execute(EVENTS_DDL)
        t = time.time() - 600
        for i, e in enumerate(events):
            e = {"timestamp": t + i, **e}
            conn.execute(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (sender_id, e["event"], e["timestamp"], (e.get("parse_data") or {}).get("intent", {}).get("name"),
                 e.get("name") if e["event"] == "action" else None, json.dumps(e)))


def user(text: str, intent: str = "inform", confidence: float = 0.97, entities=None) -> Dict[str, Any]:
    return {"event": "user", "text": text, "input_channel": "rest",
            "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
                           "intent_ranking": [{"name": intent, "confidence": confidence},
                                              {"name": "deny", "confidence": 0.01}]}}


def bot(text: str, buttons=None) -> Dict[str, Any]:
    return {"event": "bot", "text": text, "data": {"buttons": buttons or None}}


def slot(name: str, value: Any) -> Dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}
