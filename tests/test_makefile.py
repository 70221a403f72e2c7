"""`make help` lists every target: each phony target's rule carries a `## what it does` comment."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKEFILES = [ROOT / "Makefile", *sorted((ROOT / "mk").glob("*.mk"))]


def _phony_targets() -> set[str]:
    names: set[str] = set()
    for path in MAKEFILES:
        for line in path.read_text().splitlines():
            if line.startswith(".PHONY:"):
                names.update(line.split(":", 1)[1].split())
    return names


def test_every_target_is_in_make_help():
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=True).stdout
    in_help = set(re.findall(r"^  make (\S+)", listed, re.M))
    assert _phony_targets() - in_help == set()
    assert "check" in in_help and "test" in in_help and "run" in in_help
