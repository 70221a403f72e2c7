"""Compares a stored intake summary with what a profile says must be stored: equal, and nothing invented.

An expected answer (a profile's `expect.intake.<slot>`) is one of:
  a plain value            the stored value, as the summary stores it ("female", 34, true, "skipped")
  a list                   a multiple choice: codes, and {other: "words"} for words that fit no option
  {other: "words"}         a single answer that fits no option: the patient's words, kept verbatim
  {between: [low, high]}   a number in this range (durations in days)
  {patient_text: true}     free text taken from the patient's own messages (the description)
  {any_of: [a, b, ...]}    any of these expectations (where two readings are equally right)
A slot the profile does not list must not be stored at all: that would be a fact the patient never gave.

The summary schema 1.0 has no place for an "other" answer's words, so {other: ...} expectations fail until it
has one; wherever the words end up (in the answer, `<slot>_other`, or an `other...` map keyed by slot), they
are found by searching the stored answer and those places.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from tests.patients.recognise import INTAKE_TOPICS

SKIPPED = "skipped"
_ABSENT = object()


@dataclass(frozen=True)
class Mismatch:
    kind: str
    slot: str
    detail: str


@cache
def known_codes(slot: str) -> frozenset[str]:
    """The codes the intake stores for a slot's options (from questions.yml: choices and button values)."""
    from bot.intake.questions import question

    q = question(slot)
    return frozenset({str(c) for c in q.choices} | {b.value for b in q.buttons}) - {"other", "none", SKIPPED}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _words_stored(slot: str, got: Any, summary: dict[str, Any]) -> str:
    """Every place an answer's own words may be stored, as one normalised string to search."""
    answers = summary.get("answers") or {}
    parts = [got] + [answers.get(f"{slot}_{suffix}") for suffix in ("other", "text", "words")]
    for container in (summary, answers):
        for key, value in container.items():
            if "other" in str(key).lower() and isinstance(value, dict):
                parts.append(value.get(slot))
    return _norm(json.dumps(parts, ensure_ascii=False, default=str))


def _string_leaves(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _string_leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _string_leaves(v)


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def compare(slot: str, want: Any, got: Any, summary: dict[str, Any], patient_texts: list[str]) -> list[Mismatch]:
    """Mismatches between one expected and one stored answer (empty when they match)."""
    if want is _ABSENT or want is None:
        if got is None:
            return []
        if got == SKIPPED:
            return [Mismatch("asked a question that does not apply", slot, 'stored "skipped"')]
        return [Mismatch("stored a fact the patient never gave", slot, f"stored {_show(got)}")]
    if isinstance(want, dict) and "any_of" in want:
        results = [compare(slot, w, got, summary, patient_texts) for w in want["any_of"]]
        return [] if any(not r for r in results) else results[0]
    if got is None:
        return [Mismatch("answer given but not stored", slot, f"expected {_show(want)}")]
    if got == SKIPPED and want != SKIPPED:
        return [Mismatch("answer refused: moved on without it", slot, f"expected {_show(want)}")]
    if want == SKIPPED:
        return (
            []
            if got == SKIPPED
            else [
                Mismatch("stored a fact the patient never gave", slot, f"the patient did not know; stored {_show(got)}")
            ]
        )
    if isinstance(want, list):
        return _compare_multi(slot, want, got, summary)
    if isinstance(want, dict):
        return _compare_rule(slot, want, got, summary, patient_texts)
    if isinstance(want, bool) or isinstance(got, bool):
        ok = got is want
    elif isinstance(want, str) and isinstance(got, str):
        ok = got.strip().lower() == want.strip().lower()
    else:
        ok = got == want
    return [] if ok else [Mismatch("wrong value stored", slot, f"expected {_show(want)}, stored {_show(got)}")]


def _compare_rule(
    slot: str, want: dict[str, Any], got: Any, summary: dict[str, Any], patient_texts: list[str]
) -> list[Mismatch]:
    if "between" in want:
        low, high = want["between"]
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and low <= got <= high
        return [] if ok else [Mismatch("wrong value stored", slot, f"expected {low}-{high}, stored {_show(got)}")]
    if "patient_text" in want:
        said = [_norm(t) for t in patient_texts]
        ok = isinstance(got, str) and _norm(got) != "" and any(_norm(got) in s for s in said)
        return [] if ok else [Mismatch("wrong value stored", slot, f"not the patient's own words: {_show(got)}")]
    if "other" in want:
        if _norm(str(want["other"])) in _words_stored(slot, got, summary):
            return []
        return [Mismatch("patient's own words not kept", slot, f'expected "{want["other"]}", stored {_show(got)}')]
    raise ValueError(f"unknown expectation for {slot}: {want!r}")


def _compare_multi(slot: str, want: list[Any], got: Any, summary: dict[str, Any]) -> list[Mismatch]:
    if not isinstance(got, (list, dict)):
        return [Mismatch("wrong value stored", slot, f"expected {_show(want)}, stored {_show(got)}")]
    codes = known_codes(slot)
    want_codes = {w for w in want if isinstance(w, str)} - {"other"}
    want_words = [str(w["other"]) for w in want if isinstance(w, dict) and "other" in w]
    got_codes = {s for s in _string_leaves(got) if s in codes}
    found: list[Mismatch] = []
    if got_codes - want_codes:
        found.append(
            Mismatch(
                "stored a fact the patient never gave",
                slot,
                f"{sorted(got_codes - want_codes)} (expected {_show(want)}, stored {_show(got)})",
            )
        )
    if want_codes - got_codes:
        found.append(
            Mismatch(
                "wrong value stored",
                slot,
                f"missing {sorted(want_codes - got_codes)} (expected {_show(want)}, stored {_show(got)})",
            )
        )
    stored_words = _words_stored(slot, got, summary)
    for words in want_words:
        if _norm(words) not in stored_words:
            found.append(Mismatch("patient's own words not kept", slot, f'expected "{words}", stored {_show(got)}'))
    return found


def compare_summary(expected: dict[str, Any], summary: dict[str, Any], patient_texts: list[str]) -> list[Mismatch]:
    """Every answer slot: the stored value matches the expectation; slots not expected are not stored."""
    answers = summary.get("answers") or {}
    found: list[Mismatch] = []
    for slot in INTAKE_TOPICS:
        found += compare(slot, expected.get(slot, _ABSENT), answers.get(slot), summary, patient_texts)
    return found


def schema_gaps(expected: dict[str, Any]) -> list[str]:
    """The expected answers that summary schema 1.0 cannot hold: every {other: words} (it keeps codes only)."""
    gaps = []
    for slot, want in expected.items():
        items = want if isinstance(want, list) else [want]
        for item in items:
            if isinstance(item, dict) and "other" in item:
                gaps.append(f'{slot}: "{item["other"]}"')
    return gaps
