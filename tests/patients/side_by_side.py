"""Runs many conversations side by side against one assistant.

The Rasa server and the action server are two processes, so two or three conversations at a time keep both
busy; PATIENTS_WORKERS=1 runs them one after another (easier to read in the servers' logs)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
WORKERS = int(os.environ.get("PATIENTS_WORKERS", "3"))


def run_all(run: Callable[[T], R], items: Iterable[T], key: Callable[[T], str]) -> tuple[dict[str, R], float]:
    """{key(item): run(item)} and the wall-clock seconds it took."""
    items = list(items)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, WORKERS)) as pool:
        results = dict(zip((key(i) for i in items), pool.map(run, items), strict=True))
    return results, time.monotonic() - started
