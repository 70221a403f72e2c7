""" "Tell me more" (action_tell_me_more): the rest of the result, by case, with rasa-sdk's real Tracker."""
from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.result import TellMeMore
from bot.clinical import assess
from bot.conversation.clinical_result import result_messages


def tracker(slots):
    message = {"text": "tell me a bit more", "intent": {"name": "tell_me_more", "confidence": 0.9}, "entities": []}
    return Tracker("patient-h4", dict(slots), message, [], False, None, {}, "action_listen")


async def said(slots):
    dispatcher = CollectingDispatcher()
    events = await TellMeMore().run(dispatcher, tracker(slots), {})
    assert events == [], "it only talks"
    return [m["text"] for m in dispatcher.messages]


async def test_after_a_plain_result_it_gives_sessions_side_effects_and_the_evidence():
    assessment = assess({"age": 45, "sex": "male", "pattern": "hairline_crown", "onset": "gradual"}).to_dict()
    messages = await said({"assessment": assessment, "age": 45, "sex": "male"})
    text = " ".join(messages)
    assert 1 <= len(messages) <= 3
    for fact in ("5 to 8 sessions", "24 to 48 hours", "low quality"):  # the FAQ answers' words (issue 12)
        assert fact in text
    shown = " ".join(m.text for m in result_messages(assessment))
    assert "5 to 8 sessions" not in shown and "low quality" not in shown, "the short result left these for later"


async def test_for_a_child_it_describes_the_consultation_not_mesotherapy():
    assessment = assess({"age": 4, "pattern": "patches"}).to_dict()
    text = " ".join(await said({"assessment": assessment, "age": 4}))
    assert "your child" in text and "parent or guardian" in text
    assert not re.search(r"evidence|studies|sessions|numbing", text, re.I)


async def test_for_a_pregnant_patient_it_names_no_medicine():
    assessment = assess({"age": 30, "sex": "female", "pattern": "hairline_crown", "onset": "gradual",
                         "pregnancy": "breastfeeding"}).to_dict()
    text = " ".join(await said({"assessment": assessment, "age": 30, "sex": "female"}))
    assert "breastfeeding" in text
    assert not re.search(r"minoxidil|finasteride|\bPRP\b|transplant", text, re.I)


async def test_before_any_result_it_still_answers():
    messages = await said({"consent": True, "age": 33})
    assert messages and "questions" in " ".join(messages)
    child = " ".join(await said({"consent": True, "age": 7}))
    assert "your child" in child and "evidence" not in child
