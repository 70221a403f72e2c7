"""The hair loss itself named in a list answer is no other symptom, condition or trigger ("koi itching nahi, bas
baal girte hain" was kept as an 'other' scalp symptom in a WhatsApp conversation)."""
from __future__ import annotations

import pytest

from bot.conversation.form import step
from bot.conversation.turn import Turn


@pytest.mark.parametrize("slot, reply, expected", [
    ("scalp_symptoms", "koi itching nahi, bas baal girte hain", []),
    ("scalp_symptoms", "no itching, just hair fall", []),
    ("scalp_symptoms", "nothing like that, only hair fall", []),
    ("conditions", "no, only hair loss", []),
    ("scalp_symptoms", "itching and hair fall", ["itching"]),
    ("scalp_symptoms", "dandruff, hair falling", ["scaling"]),
])
def test_the_complaint_itself_is_not_kept_as_an_other_answer(slot, reply, expected):
    outcome = step({"consent": True}, slot, Turn(reply, "inform", 0.9))
    assert outcome.updates.get(slot) == expected
    assert slot not in (outcome.updates.get("other_answers") or {})


def test_a_real_other_symptom_is_still_kept_in_the_patients_words():
    outcome = step({"consent": True}, "scalp_symptoms", Turn("a few small sores that heal", "inform", 0.9))
    assert outcome.updates.get("scalp_symptoms") == ["other"]
    assert outcome.updates["other_answers"]["scalp_symptoms"] == "a few small sores that heal"
