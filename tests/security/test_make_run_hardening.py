"""`make run` as an attacker on the same machine finds it: private files, no secret in `ps`, an action server
that only the Rasa server can call, and an HTTP API that refuses forged tokens with 401.

Runs the real `python -m bot.serve` (what `make run` runs) with its own VAR_DIR and free ports, started
under a permissive umask (022) so the test shows the servers make their files private themselves."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import jwt
import pytest
from sqlalchemy import func, select

from bot.services import ROOT, free_port
from bot.store import Booking, Intake, make_engine, session_factory
from tests.e2e.test_e2e_rest import ANSWERS, drive
from tests.support.assistant import RunningAssistant, model_path

pytestmark = pytest.mark.slow
SECRET_FILES = ("jwt-secret", "rest-channel-token", "action-server-token", "web-channel-secret")
SECRET_ENV = ("RASA_JWT_SECRET", "REST_CHANNEL_TOKEN", "ACTION_SERVER_TOKEN", "WEB_CHANNEL_SECRET",
              "LOG_PSEUDONYM_KEY", "DATABASE_URL", "TRACKER_SQLITE_PATH", "TRACKER_JOURNAL_DIR", "LOG_DIR")


def _wait(url: str, process: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "bot.serve exited early"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    raise AssertionError(f"{url} not ready")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    # left behind by an older version with open modes: must be made private at start
    (var / "log").mkdir(mode=0o755)
    old = var / "log" / "old.log"
    old.write_text("old log line\n")
    old.chmod(0o644)
    ports = {name: free_port() for name in ("RASA_PORT", "ACTION_PORT", "SITE_PORT", "STAFF_PORT")}
    env = {k: v for k, v in os.environ.items() if k not in SECRET_ENV}
    env.update({k: str(v) for k, v in ports.items()}, VAR_DIR=str(var), PYTHONPATH=str(ROOT))
    out = open(var.parent / f"{var.name}-serve.out", "wb")
    process = subprocess.Popen([sys.executable, "-m", "bot.serve", "--model", model_path()], cwd=ROOT, env=env,
                               stdout=out, stderr=subprocess.STDOUT, preexec_fn=lambda: os.umask(0o022),
                               start_new_session=True)
    try:
        _wait(f"http://127.0.0.1:{ports['STAFF_PORT']}/staff/health", process)
        client = RunningAssistant(tmp_path_factory.mktemp("client"))
        client.settings.rasa_port = ports["RASA_PORT"]
        client.settings.jwt_secret = (var / "jwt-secret").read_text().strip()
        client.settings.rest_token = (var / "rest-channel-token").read_text().strip()
        client.database_url = f"sqlite:///{var / 'clinic.db'}"
        client.serve_output = var.parent / f"{var.name}-serve.out"
        yield client, var, ports, process
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
        out.close()


def _counts(database_url: str) -> tuple[int, int]:
    engine = make_engine(database_url)
    try:
        with session_factory(engine)() as session:
            return (session.execute(select(func.count()).select_from(Intake)).scalar_one(),
                    session.execute(select(func.count()).select_from(Booking)).scalar_one())
    finally:
        engine.dispose()


def test_every_file_under_var_is_private_after_a_full_conversation(served):
    client, var, _, _ = served
    sender = "rest-privacy-check"
    client.say(sender, "hi")
    drive(client, sender, ANSWERS)
    assert client.tracker(sender)["slots"]["booking_reference"], "the conversation reached a booking"
    loose = []
    for folder, dirs, files in os.walk(var):
        for name in dirs:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            if mode & 0o077:
                loose.append((os.path.join(folder, name), oct(mode)))
        for name in files:
            mode = stat.S_IMODE(os.stat(os.path.join(folder, name)).st_mode)
            if mode & 0o077:
                loose.append((os.path.join(folder, name), oct(mode)))
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    assert (var / "clinic.db").exists() and (var / "tracker.db").exists()
    assert loose == []


def test_no_secret_is_in_any_process_arguments(served):
    _, var, _, _ = served
    secrets = {name: (var / name).read_text().strip() for name in SECRET_FILES if (var / name).exists()}
    assert {"jwt-secret", "rest-channel-token", "action-server-token"} <= set(secrets)
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        found += [(proc.name, name) for name, value in secrets.items() if value in cmdline]
    assert found == []


def _listen_addresses(port: int) -> set[str]:
    """Local addresses a TCP socket listens on for `port` (from /proc/net/tcp, state 0A = LISTEN)."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                addresses.add(address)
    return addresses


def test_the_action_server_listens_on_loopback_only(served):
    _, _, ports, _ = served
    # 0100007F is 127.0.0.1; 00000000 (0.0.0.0) would be every interface
    assert _listen_addresses(ports["ACTION_PORT"]) == {"0100007F"}


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json",
                                                                              **headers})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _forged_action_call(sender: str) -> bytes:
    """What an attacker posts: a made-up conversation that has just confirmed an intake and a booking."""
    slots = {name: value for name, value in ANSWERS.items() if value is not None}
    slots.update(first_name="Forged", age=40, requested_slot="summary_confirmed", consent=True)
    return json.dumps({
        "next_action": "validate_intake_form", "sender_id": sender, "version": "3.6.21", "domain": {},
        "tracker": {"sender_id": sender, "slots": slots, "latest_message": {"text": "yes", "intent": {
            "name": "affirm", "confidence": 1.0}, "entities": []}, "events": [], "active_loop": {
            "name": "intake_form"}, "latest_action_name": "action_listen", "paused": False,
            "followup_action": None, "latest_event_time": time.time(), "latest_input_channel": "rest"},
    }).encode()


@pytest.mark.parametrize("headers", [{}, {"X-Action-Token": "guess"}, {"X-Action-Token": ""}],
                         ids=["no-secret", "wrong-secret", "empty-secret"])
def test_a_forged_action_call_is_refused_and_changes_nothing(served, headers):
    client, _, ports, _ = served
    before = _counts(client.database_url)
    status, body = _post(f"http://127.0.0.1:{ports['ACTION_PORT']}/webhook", _forged_action_call("forged-1"), headers)
    assert status == 401, body[:200]
    assert b"Forged" not in body
    assert _counts(client.database_url) == before


def _api(client, token: str) -> int:
    status, _ = client.api_get("/conversations/rest-privacy-check/tracker", token=token)
    return status


def test_the_http_api_answers_401_to_forged_tokens(served):
    client, var, _, _ = served
    secret = (var / "jwt-secret").read_text().strip()
    claims = {"user": {"username": "x", "role": "admin"}, "exp": int(time.time()) + 600}
    unsigned = jwt.encode(claims, None, algorithm="none")
    assert _api(client, unsigned) == 401
    assert _api(client, jwt.encode(claims, secret, algorithm="HS512")) == 401
    assert _api(client, jwt.encode(claims, "not-the-secret-" * 3, algorithm="HS256")) == 401
    assert _api(client, "eyJhbGciOi.garbage") == 401
    assert _api(client, jwt.encode(claims, secret, algorithm="HS256")) == 200  # the real one still works


def test_the_rest_channel_needs_the_token_make_run_made(served):
    client, _, _, _ = served
    body = json.dumps({"sender": "rest-nobody", "message": "hi"}).encode()
    assert client.post_raw("/webhooks/rest/webhook", body)[0] == 401
    assert client.post_raw("/webhooks/rest/webhook", body, headers={"Authorization": "Bearer wrong"})[0] == 401
    assert client.post_raw("/webhooks/rest/webhook", body, headers=client.rest_headers())[0] == 200


def test_make_run_purges_on_a_schedule_and_logs_counts_only(served):
    client, _, _, _ = served
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        output = client.serve_output.read_text(errors="replace")
        if "Scheduled purge" in output:
            break
        time.sleep(1)
    assert "Scheduled purge erased:" in output
    assert "rest-privacy-check" not in output and "Sara" not in output
