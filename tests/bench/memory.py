"""Peak memory of a server's processes, from /proc (psutil is not a dependency).

Each server is started in its own process group (bot.services), so "the server" is every process in that
group. VmHWM is the kernel's own record of a process's peak resident set size, so short peaks between samples
are not missed; the group's peak is taken as the sum of its processes' peaks (an upper bound when they did not
peak at the same moment; the Rasa server is one process, so for it the figure is exact).
"""

from __future__ import annotations

import os
from pathlib import Path


def _group_members(group: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == group:
                members.append(int(entry.name))
        except (ProcessLookupError, PermissionError):
            continue
    return members


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def peak_rss_mib(group: int) -> float:
    """The peak resident memory (MiB) of the processes now in process group `group`."""
    return sum(_status_kib(pid, "VmHWM") for pid in _group_members(group)) / 1024


def rss_mib(group: int) -> float:
    """The resident memory (MiB) of the processes now in process group `group`."""
    return sum(_status_kib(pid, "VmRSS") for pid in _group_members(group)) / 1024
