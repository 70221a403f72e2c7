"""A reply to "how long?" that places nothing in time ("kaafi zyada", "a lot", a bare "2") is asked again for
weeks, months or years; the second time the patient's words are kept (seen in a widget trial: "kaafi zyada" was
stored as the duration). Words that do place it in time ("since my wedding") are an answer at once."""
from __future__ import annotations

from typing import Any

import pytest

from bot.conversation.form import ask, step
from bot.conversation.turn import Turn

AT_DURATION = {"consent": True, "first_name": "Bilal", "age": 31, "sex": "male",
               "description": "hair getting thin on top"}


def _after(slots: dict[str, Any], reply: str) -> tuple[dict[str, Any], Any]:
    outcome = step(dict(slots), "duration_days", Turn(reply, "inform", 0.9))
    return {**slots, **outcome.updates}, outcome


@pytest.mark.parametrize("reply", ["kaafi zyada", "a lot", "2", "three", "bohat"])
def test_no_time_in_the_reply_is_asked_again_for_a_rough_time(reply):
    slots, outcome = _after(AT_DURATION, reply)
    assert slots.get("duration_days") is None
    assert outcome.next_slot == "duration_days"
    assert "weeks, months or years" in ask("duration_days", slots)[0].text


def test_the_second_time_the_words_are_kept():
    slots, _ = _after(AT_DURATION, "kaafi zyada")
    slots, outcome = _after(slots, "bohat zyada, yaad nahi")
    assert slots["duration_days"] == "other"
    assert slots["other_answers"]["duration_days"] == "bohat zyada, yaad nahi"
    assert outcome.next_slot != "duration_days"


@pytest.mark.parametrize("reply, value", [
    ("since my wedding", "other"),
    ("shaadi ke baad se", "other"),
    ("char mahine", 120),
    ("2 saal", 730),
])
def test_a_reply_that_places_it_in_time_is_an_answer(reply, value):
    slots, _ = _after(AT_DURATION, reply)
    assert slots["duration_days"] == value
