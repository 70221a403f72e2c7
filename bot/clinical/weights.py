"""Loads weights.yml (the likely-type scorecard, red flags, contraindications) once, and checks its type keys."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

WEIGHTS_PATH = Path(__file__).with_name("weights.yml")


@lru_cache(maxsize=4)
def weights(path: str = str(WEIGHTS_PATH)) -> dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    short = data["types"]
    for f in data["features"]:
        unknown = set(f["weights"]) - set(short)
        if unknown:
            raise ValueError(f"feature {f['code']}: unknown type keys {unknown}")
    return data
