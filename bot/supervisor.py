"""Keeps `make run`'s services running: one that exits is started again with backoff while the others serve.

A service that exits without being asked to (a crash, `kill -9`, out of memory) is restarted after a delay
that doubles with each failure in a row (1 s, 2 s, 4 s ... at most 30 s) and goes back to the first once the
service has stayed up a while, so a crash loop neither spins the CPU nor gives up. Only names, exit codes,
times and log paths are logged: never what a patient wrote (that is only in the services' own logs).
Production gets the same from its service manager (deploy/systemd, deploy/compose.yml)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.services import Service

log = logging.getLogger("bot.supervisor")


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0  # seconds before the first restart
    longest: float = 30.0
    stable_after: float = 60.0  # up this long, the next failure counts as the first again
    crash_loop_after: int = 5  # failures in a row that are logged as a crash loop

    def delay(self, failures: int) -> float:
        """The wait before restarting after `failures` failures in a row (1, 2, ...)."""
        return min(self.first * 2 ** max(failures - 1, 0), self.longest)


@dataclass
class Supervised:
    """One service and what the supervisor knows of it."""

    name: str
    start: Callable[[], Service]
    service: Service | None = None
    started_at: float = 0.0
    ready: bool = False
    failures: int = 0  # in a row, without staying up `stable_after`
    restarts: int = 0  # since `make run` started
    restart_at: float | None = None  # when it is down and waiting for its restart
    history: list[tuple[float, int | None]] = field(default_factory=list)  # (when it exited, exit code)


class Supervisor:
    """Starts the services in order, then restarts any that exits until `stop_all()`."""

    def __init__(
        self,
        starters: list[tuple[str, Callable[[], Service]]],
        backoff: Backoff | None = None,
        poll_seconds: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.entries = [Supervised(name, start) for name, start in starters]
        self.backoff = backoff or Backoff()
        self.poll_seconds = poll_seconds
        self.clock = clock
        self._lock = threading.Lock()

    def entry(self, name: str) -> Supervised:
        return next(e for e in self.entries if e.name == name)

    def start_all(self, stopping: threading.Event | None = None, timeout: float = 180) -> None:
        """The first start, in order, each ready before the next (Rasa needs its action server):
        ServiceError if one cannot start, as a wrong port or a broken model is no crash to retry."""
        for entry in self.entries:
            if stopping is not None and stopping.is_set():
                return
            with self._lock:
                self._spawn(entry)
            assert entry.service is not None
            entry.service.wait_ready(timeout, stopping)
            entry.ready = True

    def watch(self, stopping: threading.Event) -> None:
        """Checks the services every `poll_seconds` until `stopping` is set."""
        while not stopping.is_set():
            self.check()
            stopping.wait(self.poll_seconds)

    def check(self) -> None:
        """One look at every service: restart what is due, note what died, note what is serving again."""
        with self._lock:
            for entry in self.entries:
                now = self.clock()
                if entry.service is None:
                    if entry.restart_at is not None and now >= entry.restart_at:
                        entry.restarts += 1
                        log.info("Restarting %s (restart %d)", entry.name, entry.restarts)
                        self._spawn(entry)
                elif entry.service.process.poll() is not None:
                    self._exited(entry, now)
                elif not entry.ready and entry.service.is_healthy(timeout=1):
                    entry.ready = True
                    log.info("%s is serving again after %.1f s", entry.name, now - entry.started_at)

    def stop_all(self) -> None:
        """Stops every service, the last started first; none is restarted afterwards."""
        with self._lock:
            for entry in reversed(self.entries):
                entry.restart_at = None
                if entry.service is not None:
                    entry.service.stop()

    def _spawn(self, entry: Supervised) -> None:
        entry.service = entry.start()
        entry.started_at = self.clock()
        entry.ready = False
        entry.restart_at = None

    def _exited(self, entry: Supervised, now: float) -> None:
        assert entry.service is not None
        service, code = entry.service, entry.service.process.returncode
        service.reap()  # children left behind would keep the port
        up = now - entry.started_at
        entry.failures = 1 if up >= self.backoff.stable_after else entry.failures + 1
        delay = self.backoff.delay(entry.failures)
        entry.history.append((now, code))
        entry.service, entry.ready, entry.restart_at = None, False, now + delay
        log.warning(
            "%s exited unexpectedly (exit code %s) after %.1f s up; restarting it in %g s (its log: %s)",
            entry.name,
            code,
            up,
            delay,
            service.log_path,
        )
        if entry.failures >= self.backoff.crash_loop_after:
            log.error(
                "%s is crash-looping: %d failures in a row, each within %.0f s of starting; still retrying every"
                " %.0f s at most. Read %s",
                entry.name,
                entry.failures,
                self.backoff.stable_after,
                self.backoff.longest,
                service.log_path,
            )
