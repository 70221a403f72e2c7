"""Counts findings per failure class across conversations, for the end-of-run to-do list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol


class _Finding(Protocol):
    kind: str
    subject: str


class Tally:
    def __init__(self, title: str):
        self.title = title
        self.runs = 0
        self.passed = 0
        self.seconds = 0.0
        self.notes: list[str] = []  # what the run covered, printed under the title
        # kind -> subject -> the conversations (profile ids or walk seeds) where it happened
        self._where: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(self, who: str, found: Iterable[_Finding]) -> None:
        found = list(found)
        self.runs += 1
        self.passed += not found
        for f in found:
            self._where[f.kind][f.subject].add(who)

    def lines(self) -> list[str]:
        if not self.runs:
            return []
        out = [f"{self.title}: {self.passed}/{self.runs} passed, conversations took {self.seconds:.0f} s"]
        out += [f"  ({note})" for note in self.notes]
        by_size = sorted(self._where.items(), key=lambda kv: -len(set().union(*kv[1].values())))
        for kind, subjects in by_size:
            total = set().union(*subjects.values())
            out.append(f"  {kind}: {len(total)} conversation(s)")
            for subject, who in sorted(subjects.items(), key=lambda kv: -len(kv[1])):
                shown = ", ".join(sorted(who)[:6]) + (", …" if len(who) > 6 else "")
                out.append(f"      {subject} x{len(who)}  ({shown})")
        return out


# Every tally of this run, printed by conftest.py's pytest_terminal_summary.
TALLIES: list[Tally] = []


def new_tally(title: str) -> Tally:
    tally = Tally(title)
    TALLIES.append(tally)
    return tally
