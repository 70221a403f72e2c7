"""Loads weights.yml once; every clinical module reads its own section from here."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

WEIGHTS_PATH = Path(__file__).with_name("weights.yml")
EXPLANATIONS_PATH = Path(__file__).with_name("explanations.yml")


@lru_cache(maxsize=4)
def weights(path: str = str(WEIGHTS_PATH)) -> Dict[str, Any]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    short = data["types"]
    for f in data["features"]:
        unknown = set(f["weights"]) - set(short)
        if unknown:
            raise ValueError(f"feature {f['code']}: unknown type keys {unknown}")
    return data


@lru_cache(maxsize=4)
def explanations(path: str = str(EXPLANATIONS_PATH)) -> Dict[str, Any]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))
