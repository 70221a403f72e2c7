"""End to end: a patient who declines consent leaves no byte of what they wrote in any file the assistant
keeps (tracker database and its -wal/-shm, clinic database, journal, logs), and still gets answers.
A consenting patient's answers are stored (so the search below can find what is there)."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.support.assistant import RunningAssistant

pytestmark = pytest.mark.slow

# Made-up words that occur nowhere else: any of them in a file can only come from these patients.
DECLINER = {"name": "Quillonia", "medicine": "Zentravorin", "age": "47 years old", "faq": "Plumbrachet"}
CONSENTER_BEFORE = {"name": "Oskaviel", "medicine": "Dravonexil", "age": "52 years old"}
CONSENTER_NAME = "Marvolette"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("declined-consent")
    # Everything the servers write lives in the workdir, so the test can read all of it.
    with RunningAssistant(workdir, extra_env={"LOG_DIR": str(workdir / "log")}).serving() as running:
        yield running


def opening(facts):
    return (f"hi I'm {facts['name']}, {facts['age']}, losing hair in patches since I started "
            f"{facts['medicine']} tablets")


def files_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def occurrences(files: dict[Path, bytes], words) -> list[tuple[str, str]]:
    """(word, file) for each word found, as UTF-8/ASCII bytes (also what JSON escaping leaves of ASCII)
    and as UTF-16 in case a file stores text that way."""
    found = []
    for word in words:
        forms = (word.encode("utf-8"), word.encode("utf-16-le"), word.encode("utf-16-be"))
        found += [(word, path.name) for path, data in files.items() if any(form in data for form in forms)]
    return found


def test_a_declined_conversation_leaves_no_trace_and_a_consenting_one_is_kept(assistant):
    decliner = f"e2e-{uuid.uuid4().hex[:10]}"
    first = assistant.texts(decliner, opening(DECLINER))
    assert any("store your answers" in t for t in first), first  # the consent question
    declined = assistant.texts(decliner, "no")
    assert any("won't store" in t for t in declined), declined
    faq = assistant.texts(decliner, f"does mesotherapy hurt? {DECLINER['faq']} asked me")
    assert any("numbing" in t.lower() for t in faq), faq  # still answered
    slots = assistant.tracker(decliner)["slots"]
    assert slots["consent"] is False and slots["first_name"] is None and slots["age"] is None

    consenter = f"e2e-{uuid.uuid4().hex[:10]}"
    assistant.texts(consenter, opening(CONSENTER_BEFORE))
    assistant.texts(consenter, "yes")
    # Nothing from before consent was filled: the questions start at the first one.
    assert assistant.tracker(consenter)["slots"]["requested_slot"] == "first_name"
    assistant.texts(consenter, CONSENTER_NAME)
    slots = assistant.tracker(consenter)["slots"]
    assert slots["first_name"] == CONSENTER_NAME and slots["age"] is None and slots["medicines"] is None

    files = files_under(assistant.workdir)
    names = {path.name for path in files}
    assert {"tracker.db", "clinic.db"} <= names and any(name.endswith(".log") for name in names), names
    assert any(path.parent.name == "journal" for path in files), names
    assert occurrences(files, [*DECLINER.values(), *CONSENTER_BEFORE.values()]) == []
    # The consenting patient's answer is stored (database and journal): the search finds what is there.
    # (the tracker database is in WAL mode: a recent turn may still be in its -wal file)
    found_in = {name for _, name in occurrences(files, [CONSENTER_NAME])}
    assert found_in & {"tracker.db", "tracker.db-wal"} and any(name.endswith(".jsonl") for name in found_in)
