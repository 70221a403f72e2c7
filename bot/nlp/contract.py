"""The intake contract (bot/intake/questions.yml): slot names, kinds and allowed values.

bot/nlp may only emit slots and values this file allows; other engineers own the file, we only read it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

QUESTIONS_PATH = Path(__file__).resolve().parents[1] / "intake" / "questions.yml"


@lru_cache(maxsize=1)
def questions() -> Dict[str, Dict[str, Any]]:
    """slot name -> {"kind": ..., "choices": [...]} (choice values as strings/ints as written)."""
    data = yaml.safe_load(QUESTIONS_PATH.read_text(encoding="utf-8"))
    out = {}
    for q in data["questions"]:
        out[q["slot"]] = {"kind": q["kind"], "choices": list((q.get("choices") or {}).keys())}
    return out


def is_valid(slot: str, value: Any) -> bool:
    """True when `value` is an allowed value of `slot` under questions.yml."""
    q = questions().get(slot)
    if q is None:
        return False
    kind = q["kind"]
    if kind == "choice":
        return value in q["choices"]
    if kind == "multi":
        return isinstance(value, list) and all(v in q["choices"] for v in value)
    if kind == "yesno":
        return isinstance(value, bool)
    if kind in ("duration", "age"):
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if kind in ("name", "text"):
        return isinstance(value, str) and bool(value.strip())
    return False
