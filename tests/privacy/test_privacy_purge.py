"""The retention purge over the tracker store, journal, clinic database and logs; its CLI and make target."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, update

from bot.privacy.conversation_files import conversation_key, photo_folder
from bot.privacy.purge import KINDS, purge
from bot.settings import RetentionSettings
from bot.privacy.tracker_events import TrackerEvents
from bot.services import ROOT
from bot.store.models import Booking, BookingLookupFailure, Intake, IntakeVersion
from tests.privacy.conftest import SECRET, UTC, add_booking, store_intake

DAY = dt.timedelta(days=1)
# Now, not a fixed date: files written by the purge (log archives) get the real time as theirs.
NOW = dt.datetime.now(UTC).replace(microsecond=0)
OLD_ARCHIVE = f"rasa.log.{NOW - 60 * DAY:%Y%m%dT%H%M%SZ}"
RECENT_ARCHIVE = f"rasa.log.{NOW - 2 * DAY:%Y%m%dT%H%M%SZ}"
RETENTION = RetentionSettings(unfinished_days=30, completed_years=5, log_days=30)


def set_mtime(path: Path, moment: dt.datetime) -> None:
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def journal(targets, conversation_id: str) -> Path:
    return targets.journal_dir / f"{conversation_key(conversation_id)}.jsonl"


def _count(sessions, model, *where) -> int:
    with sessions() as s:
        return s.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _scene(targets, conversations, log_dir: Path) -> dict[str, int]:
    """Conversations and files of every age; returns the tracker events of the conversations to be erased."""
    sessions = targets.clinic_sessions
    ages = {"unfinished-old": 40 * DAY, "unfinished-recent": 5 * DAY, "unfinished-old-journal-newer": 40 * DAY,
            "completed-last-year": 400 * DAY, "completed-six-years-ago": 6 * 366 * DAY}
    for conversation_id, age in ages.items():
        conversations.save(conversation_id, NOW - age, (f"I use {SECRET}",))
        set_mtime(journal(targets, conversation_id), NOW - age)
    # the tracker database was down during this one's last messages: only the journal has them
    set_mtime(journal(targets, "unfinished-old-journal-newer"), NOW - DAY)
    for conversation_id in ("completed-last-year", "completed-six-years-ago", "only-in-clinic-six-years-ago"):
        intake_id = store_intake(sessions, conversation_id)
        with sessions() as s, s.begin():
            s.execute(update(Intake).where(Intake.id == intake_id).values(updated_at=NOW - ages.get(
                conversation_id, 6 * 366 * DAY)))
            if conversation_id == "completed-six-years-ago":  # saved twice: an earlier version is kept
                s.add(IntakeVersion(intake_id=intake_id, version=1, summary={}, review_status="new",
                                    saved_at=NOW - 6 * 366 * DAY))
    add_booking(sessions, "completed-six-years-ago", NOW - 6 * 366 * DAY, status="cancelled")
    with sessions() as s, s.begin():
        s.execute(update(Booking).where(Booking.conversation_id == "completed-six-years-ago")
                  .values(updated_at=NOW - 6 * 366 * DAY))
    add_booking(sessions, "completed-last-year", NOW - 400 * DAY)
    folder = photo_folder(targets.photo_dir, "completed-six-years-ago")
    folder.mkdir(parents=True)
    (folder / "1.jpg").write_bytes(b"photo")
    # journal files of no known conversation (the database lost them, or they were never written there)
    for name, age in (("a" * 64, 40 * DAY), ("b" * 64, 2 * DAY)):
        path = targets.journal_dir / f"{name}.json"
        path.write_text("{}")
        set_mtime(path, NOW - age)
    with sessions() as s, s.begin():
        s.add(BookingLookupFailure(conversation_id="guesser", phone="+923001111111", at=NOW - 40 * DAY))
        s.add(BookingLookupFailure(conversation_id="guesser", phone="+923001111111", at=NOW - DAY))
    # logs: the live ones, an old archive, a recent archive, a live log nobody wrote to for 40 days
    log_dir.mkdir()
    (log_dir / "rasa.log").write_text(f"recent line {SECRET}\n")
    set_mtime(log_dir / "rasa.log", NOW - dt.timedelta(minutes=5))
    for name, age in ((OLD_ARCHIVE, 60 * DAY), (RECENT_ARCHIVE, 2 * DAY)):
        (log_dir / name).write_text("old lines\n")
        set_mtime(log_dir / name, NOW - age)
    (log_dir / "site.log").write_text("very old lines\n")
    set_mtime(log_dir / "site.log", NOW - 40 * DAY)
    with TrackerEvents(targets.tracker_db_url) as events:
        return {c: events.count(c) for c in ("unfinished-old", "completed-six-years-ago")}


def _state(targets, log_dir):
    with TrackerEvents(targets.tracker_db_url) as events:
        conversations = sorted(events.last_event_times())
    return (conversations, _count(targets.clinic_sessions, Intake), _count(targets.clinic_sessions, Booking),
            _count(targets.clinic_sessions, BookingLookupFailure), sorted(p.name for p in targets.journal_dir.iterdir()),
            sorted(p.name for p in targets.photo_dir.iterdir()), sorted(p.name for p in log_dir.iterdir()),
            (log_dir / "site.log").stat().st_size)


def test_purge_erases_exactly_what_is_past_retention(targets, conversations, tmp_path):
    log_dir = tmp_path / "log"
    events = _scene(targets, conversations, log_dir)
    before = _state(targets, log_dir)

    dry = purge(targets, RETENTION, NOW, dry_run=True, log_dir=log_dir)
    assert _state(targets, log_dir) == before  # a dry run changes nothing
    report = purge(targets, RETENTION, NOW, log_dir=log_dir)

    expected = {"tracker_events": events["unfinished-old"] + events["completed-six-years-ago"],
                "intakes": 2, "intake_versions": 1, "bookings": 1, "booking_lookup_failures": 1,
                "journal_files": 3, "photo_folders": 1, "log_files": 2}
    assert (report.unfinished_conversations, report.completed_conversations) == (1, 2)
    assert report.erased == expected
    assert (dry.unfinished_conversations, dry.completed_conversations) == (1, 2)
    assert dry.erased == expected

    with TrackerEvents(targets.tracker_db_url) as tracker:
        assert sorted(tracker.last_event_times()) == ["completed-last-year", "unfinished-old-journal-newer",
                                                      "unfinished-recent"]
    with targets.clinic_sessions() as s:
        assert s.execute(select(Intake.conversation_id)).scalars().all() == ["completed-last-year"]
        assert s.execute(select(Booking.conversation_id)).scalars().all() == ["completed-last-year"]
        assert s.execute(select(BookingLookupFailure.at)).scalars().all() == [NOW - DAY]
    assert sorted(p.name for p in targets.journal_dir.iterdir()) == sorted(
        [journal(targets, c).name for c in ("completed-last-year", "unfinished-old-journal-newer",
                                            "unfinished-recent")] + ["b" * 64 + ".json"])
    assert list(targets.photo_dir.iterdir()) == []
    logs = sorted(p.name for p in log_dir.iterdir())
    assert OLD_ARCHIVE not in logs and RECENT_ARCHIVE in logs
    assert (log_dir / "site.log").exists() and (log_dir / "site.log").stat().st_size == 0  # emptied, kept open
    # the live log's lines moved to a dated archive, 0600, and the live file goes on empty
    assert (log_dir / "rasa.log").read_text() == ""
    archive = log_dir / f"rasa.log.{NOW:%Y%m%dT%H%M%SZ}"
    assert SECRET in archive.read_text() and archive.stat().st_mode & 0o777 == 0o600

    again = purge(targets, RETENTION, NOW, log_dir=log_dir)
    assert set(again.erased.values()) == {0}


def test_report_lines_give_counts_only(targets):
    report = purge(targets, RETENTION, NOW, dry_run=True)
    assert report.lines()[0].startswith("would erase: 0 unfinished")
    assert [line.split(":")[0].strip() for line in report.lines()[1:]] == list(KINDS)


def _cli(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RETENTION_", "TRACKER_", "DATABASE_URL"))}
    env.update(PYTHONPATH=str(ROOT), LOG_PSEUDONYM_KEY="k" * 40, **env_extra)
    return subprocess.run([sys.executable, "-m", "bot.privacy.purge", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_cli_prints_counts_only_and_erases_unless_dry_run(tmp_path):
    from bot.privacy.erasure import ErasureTargets
    from bot.store import migrate, session_factory
    from bot.store.db import make_engine
    from tests.privacy.conftest import Conversations

    clinic = f"sqlite:///{tmp_path / 'clinic.db'}"
    migrate(clinic)
    engine = make_engine(clinic)
    targets = ErasureTargets(session_factory(engine), f"sqlite:///{tmp_path / 'tracker.db'}", tmp_path / "journal",
                             tmp_path / "photos")
    writer = Conversations(targets)
    now = dt.datetime.now(UTC)
    writer.save("+923005550000", now - 10 * DAY, (f"I take {SECRET}",))
    writer.close()
    engine.dispose()
    set_mtime(journal(targets, "+923005550000"), now - 10 * DAY)
    env = {"DATABASE_URL": clinic, "TRACKER_SQLITE_PATH": str(tmp_path / "tracker.db"),
           "TRACKER_JOURNAL_DIR": str(tmp_path / "journal"), "PHOTO_DIR": str(tmp_path / "photos"),
           "LOG_DIR": str(tmp_path / "log"), "RETENTION_UNFINISHED_DAYS": "7"}

    dry = _cli(["--dry-run"], env, tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "would erase: 1 unfinished or declined conversations, 0 completed ones" in dry.stdout
    assert "unfinished or declined conversations 7 days" in dry.stdout
    for output in (dry.stdout, dry.stderr):
        assert SECRET not in output and "5550000" not in output
    with TrackerEvents(targets.tracker_db_url) as events:
        assert events.count("+923005550000") > 0

    real = _cli([], env, tmp_path)
    assert real.returncode == 0, real.stderr
    assert "erased: 1 unfinished" in real.stdout and "5550000" not in real.stdout + real.stderr
    with TrackerEvents(targets.tracker_db_url) as events:
        assert events.count("+923005550000") == 0
    assert list((tmp_path / "journal").iterdir()) == []


def test_the_cli_refuses_a_wrong_setting(tmp_path):
    result = _cli(["--dry-run"], {"DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                                  "RETENTION_COMPLETED_YEARS": "0"}, tmp_path)
    assert result.returncode == 2
    assert "RETENTION_COMPLETED_YEARS must be at least 1" in result.stderr
    assert not (tmp_path / "c.db").exists()  # refused before touching anything


def test_make_purge_runs_the_cli():
    for args, expected in (([], "-m bot.privacy.purge"), (["DRY_RUN=1"], "-m bot.privacy.purge --dry-run")):
        result = subprocess.run(["make", "-n", "--no-print-directory", "purge", *args], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert any(line.rstrip().endswith(expected) for line in result.stdout.splitlines()), result.stdout
