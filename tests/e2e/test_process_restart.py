"""Nothing down because one process died (issue 15): `python -m bot.serve` as `make run` starts it, on free
ports with its own var/, and each of its processes is killed with SIGKILL in the middle of a conversation.

Each time: the process is back (its health URL), the message in flight got a polite answer or a plain
connection error (never a hang, never an empty 200), the tracker holds every turn confirmed before, and the
conversation goes on to a booking."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot.services import ROOT, free_port
from tests.e2e.test_e2e_rest import ANSWERS, db_rows, drive, requested
from tests.support.assistant import RunningAssistant, model_path

pytestmark = pytest.mark.slow

TRY_AGAIN = "Sorry, something went wrong on our side — please send that again."
MODULES = {"actions": "bot.action_server", "rasa": "bot.rasa_server", "site": "bot.site", "staff": "bot.staff"}


class Served(RunningAssistant):
    """`python -m bot.serve` (the supervisor and its four services); talks through RunningAssistant's helpers."""

    def __init__(self, workdir: Path) -> None:
        super().__init__(workdir)
        self.site_port, self.staff_port = free_port(), free_port()
        self.output = self.workdir / "serve.out"
        self.serve: subprocess.Popen | None = None

    def start(self) -> Served:
        s = self.settings
        env = {
            **os.environ,
            **s.extra_env,
            "VAR_DIR": str(self.workdir / "var"),
            "LOG_DIR": str(s.log_dir),
            "TRACKER_SQLITE_PATH": s.tracker_sqlite_path,
            "RASA_PORT": str(s.rasa_port),
            "ACTION_PORT": str(s.action_port),
            "SITE_PORT": str(self.site_port),
            "STAFF_PORT": str(self.staff_port),
            # secrets through the environment, as in production (never arguments)
            "RASA_JWT_SECRET": s.jwt_secret,
            "REST_CHANNEL_TOKEN": s.rest_token,
            "ACTION_SERVER_TOKEN": s.action_token,
        }
        with open(self.output, "ab") as out:
            self.serve = subprocess.Popen([sys.executable, "-m", "bot.serve", "--model", model_path()], cwd=ROOT,
                                          env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 300
        while b"The assistant is running" not in self.output.read_bytes():
            assert self.serve.poll() is None, self.logs()
            assert time.monotonic() < deadline, self.logs()
            time.sleep(0.5)
        return self

    def stop(self) -> None:
        if self.serve is not None and self.serve.poll() is None:
            self.serve.send_signal(signal.SIGCONT)  # in case a test left it paused
            self.serve.terminate()
            self.serve.wait(60)

    def logs(self) -> str:
        return self.output.read_text(errors="replace")[-4000:] + "\n" + super().logs()

    # -- the processes ----------------------------------------------------------------------------------------
    def pid(self, service: str) -> int:
        """The process id of one of bot.serve's children, from /proc."""
        assert self.serve is not None
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.serve.pid and MODULES[service].encode() in argv:
                return int(entry.name)
        raise AssertionError(f"no {service} process")

    def health_url(self, service: str) -> str:
        s = self.settings
        return {
            "actions": f"http://127.0.0.1:{s.action_port}/health",
            "rasa": f"http://127.0.0.1:{s.rasa_port}/",
            "site": f"http://127.0.0.1:{self.site_port}/health",
            "staff": f"http://127.0.0.1:{self.staff_port}/staff/health",
        }[service]

    def healthy(self, service: str) -> bool:
        try:
            with urllib.request.urlopen(self.health_url(service), timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def kill(self, service: str) -> int:
        pid = self.pid(service)
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_back(self, service: str, old_pid: int, timeout: float = 180) -> float:
        """Seconds until a new process of `service` answers its health URL."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if self.pid(service) != old_pid and self.healthy(service):
                    return time.monotonic() - started
            except AssertionError:
                pass  # between the old process and the new one
            time.sleep(0.5)
        raise AssertionError(f"{service} not back after {timeout} s\n{self.logs()}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    running = Served(tmp_path_factory.mktemp("served"))
    try:
        running.start()
    except BaseException:
        print(running.logs())
        running.stop()
        raise
    try:
        yield running
    finally:
        running.stop()


def new_sender() -> str:
    return f"restart-{uuid.uuid4().hex[:10]}"


def user_texts(assistant, sender) -> list[str]:
    return [e.get("text") for e in assistant.tracker(sender)["events"] if e.get("event") == "user"]


def start_intake(assistant, sender, until: str) -> list[str]:
    """Greets, consents and answers up to the question `until`; returns the patient's messages kept so far."""
    assistant.texts(sender, "hi")
    drive(assistant, sender, ANSWERS, stop_before=until)
    assert requested(assistant, sender) == until
    return user_texts(assistant, sender)


def send_in_background(assistant, sender, text):
    """Sends one REST message from a thread; returns the thread and where its outcome will be."""
    outcome: dict = {}

    def post() -> None:
        try:
            outcome["reply"] = assistant.post_raw("/webhooks/rest/webhook",
                                                  json.dumps({"sender": sender, "message": text}).encode(),
                                                  headers=assistant.rest_headers())
        except (urllib.error.URLError, ConnectionError, OSError) as error:
            outcome["error"] = error

    thread = threading.Thread(target=post)
    thread.start()
    return thread, outcome


def finish_and_check_booking(assistant, sender, kept_before: list[str]) -> None:
    """No confirmed turn lost, and the intake goes on to a booking."""
    assert user_texts(assistant, sender)[: len(kept_before)] == kept_before
    # a phone of its own: one phone may hold only a few active bookings
    drive(assistant, sender, {**ANSWERS, "phone": f"0300 {random.randrange(10**6, 10**7)}"})
    slots = assistant.tracker(sender)["slots"]
    assert slots["booking_reference"] and slots["intake_status"] == "complete"
    _intake, bookings = db_rows(assistant, sender)
    assert [b.reference for b in bookings] == [slots["booking_reference"]]  # booked once


def test_action_server_killed_just_before_a_message(served):
    sender = new_sender()
    kept = start_intake(served, sender, "onset")
    old = served.kill("actions")
    # Rasa tries the action call again while the supervisor restarts the action server: a normal answer.
    texts = served.texts(sender, "suddenly")
    assert texts and TRY_AGAIN not in texts
    assert served.tracker(sender)["slots"]["onset"] == "sudden" and requested(served, sender) != "onset"
    served.wait_back("actions", old)
    finish_and_check_booking(served, sender, kept)


def test_action_server_killed_while_the_booking_is_confirmed(served):
    """Killed just after the request reached it (the booking may be written, its reply is lost): the call is
    made again and the booking is not made twice."""
    sender = new_sender()
    answers = {**ANSWERS, "phone": f"0300 {random.randrange(10**6, 10**7)}"}
    served.texts(sender, "hi")
    drive(served, sender, answers, stop_before="booking_confirmed")
    kept = user_texts(served, sender)
    thread, outcome = send_in_background(served, sender, "yes")
    time.sleep(0.05)
    old = served.kill("actions")
    thread.join(90)
    assert not thread.is_alive(), "the message in flight hung"
    status, body = outcome["reply"]
    replies = [m.get("text") for m in json.loads(body)]
    assert status == 200 and replies, (status, body)  # an answer (or the polite line), never empty
    served.wait_back("actions", old)
    if replies == [TRY_AGAIN]:  # the action server was not back in time: the patient sends it again
        served.texts(sender, "yes")
    assert user_texts(served, sender)[: len(kept)] == kept
    slots = served.tracker(sender)["slots"]
    assert slots["booking_reference"] and slots["booking_confirmed"] is True
    _intake, bookings = db_rows(served, sender)
    assert [b.reference for b in bookings] == [slots["booking_reference"]]  # booked once


def test_action_server_down_longer_than_the_retries_gets_the_polite_line(served):
    sender = new_sender()
    kept = start_intake(served, sender, "family_history")
    tracker_before = served.tracker(sender)
    served.serve.send_signal(signal.SIGSTOP)  # the supervisor paused: nobody restarts the action server
    try:
        old = served.kill("actions")
        replies = served.say(sender, "no")
    finally:
        served.serve.send_signal(signal.SIGCONT)
    assert [r.get("text") for r in replies] == [TRY_AGAIN]
    # the failed turn was not kept: the form did not move on, the same answer continues it
    after = served.tracker(sender)
    assert len(after["events"]) == len(tracker_before["events"]) and requested(served, sender) == "family_history"
    assert after["slots"]["family_history"] is None
    served.wait_back("actions", old)
    texts = served.texts(sender, "no")
    assert TRY_AGAIN not in texts and requested(served, sender) not in ("family_history", None)
    assert served.tracker(sender)["slots"]["family_history"] is False
    finish_and_check_booking(served, sender, kept)


def test_rasa_server_killed_during_a_message(served):
    sender = new_sender()
    kept = start_intake(served, sender, "shedding")
    # The action server paused: the message is surely in the middle of its handling when Rasa is killed.
    actions = served.pid("actions")
    os.kill(actions, signal.SIGSTOP)
    try:
        thread, outcome = send_in_background(served, sender, "neither")
        time.sleep(1.5)
        assert thread.is_alive()  # still waiting for its answer
        old = served.kill("rasa")
        thread.join(60)
    finally:
        os.kill(actions, signal.SIGCONT)
    assert not thread.is_alive(), "the message in flight hung"
    assert isinstance(outcome.get("error"), (urllib.error.URLError, ConnectionError, OSError)), outcome
    waited = served.wait_back("rasa", old)
    print(f"Rasa back after {waited:.0f} s")
    assert served.healthy("actions") and served.healthy("site") and served.healthy("staff")
    # the turn that was cut off is not in the conversation: the patient sends it again and goes on
    assert user_texts(served, sender) == kept and requested(served, sender) == "shedding"
    finish_and_check_booking(served, sender, kept)


@pytest.mark.parametrize("service", ["site", "staff"])
def test_site_and_staff_app_killed(served, service):
    sender = new_sender()
    kept = start_intake(served, sender, "triggers")
    old = served.kill(service)
    assert served.texts(sender, "none of these")  # the assistant keeps serving meanwhile
    served.wait_back(service, old)
    if service == "site":
        with urllib.request.urlopen(f"http://127.0.0.1:{served.site_port}/", timeout=10) as page:
            assert page.status == 200 and b"widget.js" in page.read()
    finish_and_check_booking(served, sender, kept)


def test_sigterm_stops_every_process(served):
    pids = [served.pid(service) for service in MODULES]
    served.serve.terminate()
    assert served.serve.wait(60) == 0
    time.sleep(0.5)
    alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    assert alive == []
