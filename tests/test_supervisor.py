"""bot.supervisor with small real child processes (a tiny HTTP server each) instead of the assistant's servers."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.services import Service, ServiceError, free_port
from bot.supervisor import Backoff, Supervisor

# A stand-in service: answers 200 on /health; with CRASH set, exits at once with code 3.
CHILD = """
import http.server, os, sys
if os.environ.get("CRASH"):
    sys.exit(3)
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def starter(name: str, tmp_path: Path, crash: bool = False, started: list[Service] | None = None):
    port = free_port()

    def start() -> Service:
        env = {**os.environ, **({"CRASH": "1"} if crash else {})}
        log_path = tmp_path / f"{name}.log"
        process = subprocess.Popen([sys.executable, "-c", CHILD, str(port)], env=env, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        service = Service(name, process, f"http://127.0.0.1:{port}/health", log_path)
        if started is not None:
            started.append(service)
        return service

    return name, start


def wait_until(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def supervisors():
    made: list[Supervisor] = []
    yield made
    for supervisor in made:
        supervisor.stop_all()


def test_a_killed_service_is_restarted_while_the_others_keep_running(tmp_path, supervisors):
    supervisor = Supervisor([starter("a", tmp_path), starter("b", tmp_path), starter("c", tmp_path)],
                            Backoff(first=0.1, longest=0.4), poll_seconds=0.05)
    supervisors.append(supervisor)
    supervisor.start_all()
    pids = {e.name: e.service.process.pid for e in supervisor.entries}
    os.kill(pids["b"], signal.SIGKILL)
    stopping = threading.Event()
    watcher = threading.Thread(target=supervisor.watch, args=(stopping,))
    watcher.start()
    try:
        b = supervisor.entry("b")
        wait_until(lambda: b.restarts == 1 and b.ready)
        assert b.service.process.pid != pids["b"] and b.service.is_healthy()
        assert b.restarts == 1 and b.history[0][1] == -signal.SIGKILL
        # the others were never touched
        for name in ("a", "c"):
            entry = supervisor.entry(name)
            assert entry.service.process.pid == pids[name] and entry.restarts == 0 and entry.service.is_healthy()
    finally:
        stopping.set()
        watcher.join()


def test_the_delay_doubles_up_to_the_longest_and_a_crash_loop_is_logged(tmp_path, supervisors, caplog):
    clock = FakeClock()
    supervisor = Supervisor([starter("flaky", tmp_path, crash=True)],
                            Backoff(first=1, longest=8, stable_after=60, crash_loop_after=4), clock=clock)
    supervisors.append(supervisor)
    entry = supervisor.entry("flaky")
    with pytest.raises(ServiceError, match="flaky exited with 3"):
        supervisor.start_all()  # a service that cannot start at all is an error, not a restart
    delays = []
    with caplog.at_level(logging.INFO, logger="bot.supervisor"):
        for _ in range(6):
            wait_until(lambda: entry.service.process.poll() is not None)
            supervisor.check()  # notes the exit and schedules the restart
            assert entry.service is None
            delays.append(entry.restart_at - clock.now)
            clock.now = entry.restart_at - 0.01
            supervisor.check()
            assert entry.service is None  # not before its time
            clock.now = entry.restart_at
            supervisor.check()  # restarted
            assert entry.service is not None
    assert delays == [1, 2, 4, 8, 8, 8]
    assert entry.restarts == 6
    loops = [r for r in caplog.records if "crash-looping" in r.getMessage()]
    assert len(loops) == 3 and loops[0].levelno == logging.ERROR and "flaky.log" in loops[0].getMessage()
    assert any("exit code 3" in r.getMessage() for r in caplog.records)


def test_the_delay_starts_again_from_the_first_after_staying_up(tmp_path, supervisors):
    clock = FakeClock()
    supervisor = Supervisor([starter("s", tmp_path)], Backoff(first=1, longest=30, stable_after=60), clock=clock)
    supervisors.append(supervisor)
    supervisor.start_all()
    entry = supervisor.entry("s")

    def kill_and_note() -> float:
        entry.service.process.kill()
        entry.service.process.wait()
        supervisor.check()
        delay = entry.restart_at - clock.now
        clock.now = entry.restart_at
        supervisor.check()
        return delay

    clock.now += 5
    assert kill_and_note() == 1
    clock.now += 5  # died again soon after its restart: a failure in a row
    assert kill_and_note() == 2
    clock.now += 61  # stayed up over a minute: the next failure is a first one again
    assert kill_and_note() == 1


def test_stop_all_stops_every_service_and_nothing_is_restarted(tmp_path, supervisors):
    started: list[Service] = []
    supervisor = Supervisor([starter("a", tmp_path, started=started), starter("b", tmp_path, started=started)],
                            Backoff(first=0.05), poll_seconds=0.05)
    supervisors.append(supervisor)
    supervisor.start_all()
    started[0].process.kill()
    started[0].process.wait()
    supervisor.check()  # "a" waits for its restart
    stopping = threading.Event()
    watcher = threading.Thread(target=supervisor.watch, args=(stopping,))
    watcher.start()
    stopping.set()
    watcher.join(5)
    assert not watcher.is_alive()
    supervisor.stop_all()
    time.sleep(0.2)
    supervisor.check()
    assert all(s.process.poll() is not None for s in started)
    assert supervisor.entry("a").service is None and supervisor.entry("a").restart_at is None
    assert len(started) == 2  # "a" was not started again


def test_a_stop_request_during_the_first_start_returns_at_once(tmp_path, supervisors):
    stopping = threading.Event()
    stopping.set()
    started: list[Service] = []
    supervisor = Supervisor([starter("a", tmp_path, started=started)])
    supervisors.append(supervisor)
    supervisor.start_all(stopping)
    assert started == []
