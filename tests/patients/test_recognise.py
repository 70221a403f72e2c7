"""The simulated patient recognises every question the bot can ask today, and takes no answer for a question.

When the team rewords a question so that this fails, the harness needs new words for it in recognise.py;
without this test, a reworded question would show up as "patient stuck" failures that are the harness's fault.
"""

from __future__ import annotations

import string
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from tests.patients.recognise import asked_topic

ROOT = Path(__file__).resolve().parents[2]


def _yaml(path: str):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def _messages_with(*keys: str) -> dict:
    """The bot's message file that has these top-level sections, wherever it lives under bot/ (files move)."""
    for path in sorted((ROOT / "bot").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and all(k in data for k in keys):
            return data
    raise AssertionError(f"no message file under bot/ has sections {keys}")


def _filled(text: str) -> str:
    """A message with its {placeholders} filled in as the bot would (the values do not matter here)."""
    names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
    return text.format(
        **{n: "Mon 1 Dec" if n in ("date", "day") else "X7K2PQ" if n == "reference" else "Sara" for n in names}
    )


def _questions() -> list[tuple[str, str, bool]]:
    """(topic, wording, shown with buttons) for every question the bot asks."""
    found = []
    for q in _yaml("bot/intake/questions.yml")["questions"]:
        buttons = bool(q.get("buttons"))
        found += [(q["slot"], q["ask"], buttons), (q["slot"], q["reask"], buttons)]
    messages = _messages_with("consent", "confirm", "form")
    found += [
        ("consent", messages["consent"]["ask"], True),
        ("consent", messages["consent"]["reask"], True),
        ("summary_confirm", messages["confirm"]["ask"], True),
        ("summary_confirm", messages["confirm"]["reask"], True),
    ]
    booking = _messages_with("offer", "time", "phone")
    found += [("wants_booking", booking["offer"][k], True) for k in ("ask", "ask_red_flag", "reask")]
    found += [("booking_time", booking["time"][k], True) for k in ("ask", "reask", "alternatives", "taken")]
    found += [("phone", booking["phone"][k], False) for k in ("ask", "reask")]
    found += [("email", booking["email"][k], True) for k in ("ask", "reask")]
    found += [("booking_confirm", booking["confirm"][k], True) for k in ("ask", "ask_reschedule", "reask")]
    found += [("lookup", booking["lookup"][k], False) for k in ("ask", "reask")]
    found += [("erasure_confirm", _messages_with("ask", "requested", "cancelled")["ask"], True)]
    return [(topic, _filled(text), buttons) for topic, text, buttons in found]


@pytest.mark.parametrize("topic,text,buttons", _questions(), ids=lambda v: v[:40] if isinstance(v, str) else "")
def test_every_question_is_recognised(topic, text, buttons):
    reply = {"text": text, "buttons": [{"title": "Yes", "payload": "/inform"}] if buttons else []}
    assert asked_topic([reply]) == topic


def test_a_booking_is_recognised_wherever_it_is_said():
    booked = _filled(_messages_with("offer", "time", "phone")["booked"])
    assert asked_topic([{"text": booked}, {"text": "Anything else?"}]) == "booked"


def test_the_question_after_an_answer_or_a_reask_with_buttons_is_the_one_recognised():
    pattern = next(q for q in _yaml("bot/intake/questions.yml")["questions"] if q["slot"] == "pattern")
    faq = _yaml("domain.yml")["responses"]["utter_faq/pain"][0]["text"]
    assert asked_topic([{"text": faq}, {"text": pattern["ask"], "buttons": [{"title": "x"}]}]) == "pattern"
    buttons_line = _messages_with("consent", "confirm", "form")["form"]["reask_with_buttons"]
    assert asked_topic([{"text": pattern["reask"]}, {"text": buttons_line, "buttons": [{"title": "x"}]}]) == "pattern"


def test_answers_and_statements_are_not_taken_for_questions():
    responses = _yaml("domain.yml")["responses"]
    said = defaultdict(list)
    for name, variants in responses.items():
        for variant in variants:
            said[name].append(variant["text"])
    for name, texts in said.items():
        for text in texts:
            assert asked_topic([{"text": text}]) is None, name
