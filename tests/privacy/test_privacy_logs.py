"""Log retention: daily rotation of the live logs, old archives deleted, idle live logs emptied."""
from __future__ import annotations

import datetime as dt
import os

from bot.privacy.logs import purge_logs

UTC = dt.timezone.utc
DAY = dt.timedelta(days=1)


def test_live_logs_rotate_once_a_day_and_a_writer_carries_on_at_the_start(tmp_path):
    now = dt.datetime.now(UTC).replace(microsecond=0)
    live = tmp_path / "action-server.log"
    writer = os.fdopen(os.open(live, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab", buffering=0)
    writer.write(b"first day\n")
    assert purge_logs(tmp_path, now - 30 * DAY, now).rotated == 1
    writer.write(b"second line\n")  # the server's open file: appended at the new end, not after a hole
    assert live.read_bytes() == b"second line\n"
    # a few hours later: not rotated again
    assert purge_logs(tmp_path, now - 30 * DAY, now + dt.timedelta(hours=3)).rotated == 0
    # the next day: rotated
    assert purge_logs(tmp_path, now - 30 * DAY, now + DAY).rotated == 1
    writer.close()
    archives = sorted(p.name for p in tmp_path.glob("action-server.log.*"))
    assert len(archives) == 2
    assert (tmp_path / archives[0]).read_bytes() == b"first day\n"
    assert (tmp_path / archives[1]).read_bytes() == b"second line\n"


def test_dry_run_counts_without_touching_anything(tmp_path):
    now = dt.datetime.now(UTC)
    old = tmp_path / "rasa.log.20200101T000000Z"
    old.write_text("old")
    os.utime(old, ((now - 40 * DAY).timestamp(),) * 2)
    (tmp_path / "rasa.log").write_text("live")
    result = purge_logs(tmp_path, now - 30 * DAY, now, dry_run=True)
    assert (result.deleted, result.emptied, result.rotated) == (1, 0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rasa.log", "rasa.log.20200101T000000Z"]
    assert (tmp_path / "rasa.log").read_text() == "live"


def test_a_missing_log_folder_is_nothing_to_do(tmp_path):
    now = dt.datetime.now(UTC)
    result = purge_logs(tmp_path / "none", now, now)
    assert (result.deleted, result.emptied, result.rotated) == (0, 0, 0)
