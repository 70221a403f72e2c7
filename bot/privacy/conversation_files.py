"""A conversation's files on disk: its tracker journal file and its photo folder, both named by the SHA-256
of the conversation id (ids come from channels and are never used as file names directly)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path


def conversation_key(conversation_id: str) -> str:
    """The name bot.tracker_journal gives the conversation's journal file (+ .jsonl)."""
    return hashlib.sha256(conversation_id.encode()).hexdigest()


def journal_files(journal_dir: Path, conversation_id: str) -> list[Path]:
    key = conversation_key(conversation_id)
    # .json: the journal of earlier versions (one JSON document); .tmp: a rewrite interrupted before its rename
    names = (f"{key}.jsonl", f"{key}.json", f"{key}.tmp")
    return [path for path in (Path(journal_dir) / name for name in names) if path.exists()]


def photo_folder(photo_dir: Path, conversation_id: str) -> Path:
    return Path(photo_dir) / conversation_key(conversation_id)


def erase_journal(journal_dir: Path, conversation_id: str) -> int:
    removed = 0
    for path in journal_files(journal_dir, conversation_id):
        path.unlink(missing_ok=True)
        removed += 1
    return removed


def erase_photos(photo_dir: Path, conversation_id: str) -> int:
    folder = photo_folder(photo_dir, conversation_id)
    if not folder.is_dir():
        return 0
    shutil.rmtree(folder)
    return 1
