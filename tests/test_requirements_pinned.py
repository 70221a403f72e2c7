"""Every dependency is pinned exactly, and the documented direct dependencies match the lock file."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\[\]-]+)==([^\s;]+)", line)
        assert match, f"{path.name}: not an exact pin: {line!r}"
        found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_lock_file_pins_everything_exactly():
    lock = pins(ROOT / "requirements.txt")
    assert lock["rasa"] == "3.6.21" and "rasa-sdk" in lock and lock["spacy"].startswith("3.4")
    assert lock["sqlalchemy"].startswith("1.4")


def test_documented_direct_dependencies_match_the_lock():
    lock = pins(ROOT / "requirements.txt")
    for path in sorted((ROOT / "requirements").glob("*.txt")):
        for name, version in pins(path).items():
            assert lock.get(name) == version, f"{path.name}: {name}=={version}, lock has {lock.get(name)}"
