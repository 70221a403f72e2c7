"""Log files under $LOG_DIR kept RETENTION_LOG_DAYS.

The servers append to <name>.log for as long as they run, so a file's age says nothing about its oldest line.
Once a day each one's content is moved into <name>.log.<UTC time> (copied, then the live file is emptied:
the servers write with O_APPEND, so they carry on at its new end; a line written in that instant can be lost,
as with logrotate's copytruncate). Those archives are deleted when they are older than the retention; a live
file nobody wrote to within the retention is emptied, not deleted, because a server may still hold it open."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROTATE_EVERY = dt.timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%SZ"
_ARCHIVE = re.compile(r"^(?P<live>.+\.log)\.(?P<stamp>\d{8}T\d{6}Z)$")


@dataclass
class LogPurge:
    rotated: int = 0
    deleted: int = 0  # archives (and other old files) deleted
    emptied: int = 0  # live logs untouched for the whole retention


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)


def _last_rotation(live: Path) -> dt.datetime | None:
    stamps = []
    for archive in live.parent.glob(live.name + ".*"):
        match = _ARCHIVE.match(archive.name)
        if match and match["live"] == live.name:
            stamps.append(dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.timezone.utc))
    return max(stamps, default=None)


def _rotate(live: Path, now: dt.datetime) -> None:
    archive = live.with_name(f"{live.name}.{now.strftime(_STAMP)}")
    fd = os.open(archive, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(live, "rb") as source, os.fdopen(fd, "wb") as target:
        shutil.copyfileobj(source, target)
    os.truncate(live, 0)


def purge_logs(log_dir: Path, cutoff: dt.datetime, now: dt.datetime, dry_run: bool = False) -> LogPurge:
    """Rotates the live logs (at most daily) and removes what is older than `cutoff`."""
    log_dir = Path(log_dir)
    result = LogPurge()
    if not log_dir.is_dir():
        return result
    live_logs = sorted(p for p in log_dir.glob("*.log") if p.is_file() and not p.is_symlink())
    for path in sorted(p for p in log_dir.rglob("*") if p.is_file() and not p.is_symlink()):
        if _mtime(path) >= cutoff:
            continue
        if path in live_logs:
            if path.stat().st_size:
                result.emptied += 1
                if not dry_run:
                    os.truncate(path, 0)
        else:
            result.deleted += 1
            if not dry_run:
                path.unlink(missing_ok=True)
    for live in live_logs:
        last = _last_rotation(live)
        if live.stat().st_size and (last is None or now - last >= ROTATE_EVERY):
            result.rotated += 1
            if not dry_run:
                _rotate(live, now)
    return result
