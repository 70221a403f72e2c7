"""Anything that changes state is confirmed first, with a way out: a hand-off to staff, starting over
(issue 10, points 2 and 7). The actions only ask; the form carries out the patient's yes."""
from __future__ import annotations

from bot.conversation.confirmations import has_answers
from bot.conversation.form import ask, next_slot, resume, start, step
from bot.conversation.slot_names import HANDOFF, PENDING_CONFIRMATION
from bot.conversation.turn import Turn

HALFWAY = {"consent": True, "first_name": "Bushra", "age": 45, "sex": "female",
           "description": "hair thinning at the front since menopause", "duration_days": 400}


def reply(slots, requested, text, intent="inform", choice=None):
    outcome = step(slots, requested, Turn(text, intent, 0.9, choice))
    slots.update(outcome.updates)
    return outcome


def test_a_pending_hand_off_is_asked_in_place_of_the_open_question():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    assert resume(slots, "onset").next_slot == "onset"
    messages = ask("onset", slots)
    assert len(messages) == 1 and "member of our staff" in messages[0].text and messages[0].text.endswith("?")
    assert [b.value for b in messages[0].buttons] == ["yes", "no"]


def test_yes_hands_off_and_the_open_question_comes_back():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    outcome = reply(slots, "onset", "haan please", "affirm")
    # No number known in this conversation: it is asked first (tests/handoffs/ has the whole of it).
    assert slots[HANDOFF] is True and slots[PENDING_CONFIRMATION] == "handoff_phone"
    assert any("asked a member of our staff" in m.text for m in outcome.messages)
    assert outcome.next_slot == "onset" and "What number" in ask("onset", slots)[0].text
    outcome = reply(slots, "onset", "0300 1234567")
    assert slots[PENDING_CONFIRMATION] is None and "+92 300 1234567" in outcome.messages[0].text
    assert outcome.next_slot == "onset" and "Suddenly" in [b.title for b in ask("onset", slots)[0].buttons]


def test_no_hands_nothing_off():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    outcome = reply(slots, "onset", "No, carry on", choice="no")
    assert slots.get(HANDOFF) is None and slots[PENDING_CONFIRMATION] is None and outcome.next_slot == "onset"


def test_an_answer_instead_of_yes_or_no_drops_the_request_and_answers_the_question():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    outcome = reply(slots, "onset", "slowly over the last year")
    assert slots["onset"] == "gradual" and slots[PENDING_CONFIRMATION] is None and slots.get(HANDOFF) is None
    assert outcome.next_slot == "pattern"


def test_a_hand_off_asked_outside_the_intake_does_not_start_the_questions():
    slots = {"consent": True, "intake_status": "stopped", PENDING_CONFIRMATION: "handoff", "phone": "+923001234567"}
    outcome = reply(slots, None, "yes", "affirm")
    assert slots[HANDOFF] is True and outcome.next_slot is None
    assert any("call you on +92 300 1234567 during opening hours" in m.text for m in outcome.messages)


def test_start_over_is_asked_first_and_no_keeps_every_answer():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "start_over"}
    question = ask("onset", slots)[0]
    assert "clears your answers" in question.text and len(question.buttons) == 2
    outcome = reply(slots, "onset", "no keep them", "deny")
    assert slots["age"] == 45 and slots["description"] and outcome.next_slot == "onset"


def test_yes_to_start_over_clears_everything_and_asks_for_consent_again():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "start_over", "intake_retries": {"onset": 1}}
    outcome = reply(slots, "onset", "Yes, start over", choice="yes")
    assert all(slots[k] is None for k in HALFWAY) and slots[PENDING_CONFIRMATION] is None
    assert outcome.next_slot == "consent" and next_slot(slots) == "consent"


def test_start_over_after_the_intake_ended_keeps_the_form_open_to_ask():
    done = {**HALFWAY, "intake_status": "stopped", PENDING_CONFIRMATION: "start_over"}
    outcome = start(done, None)
    assert outcome.next_slot is not None and "clears your answers" in ask(outcome.next_slot, done)[0].text
    declined = {"consent": False, "intake_status": "declined_told", PENDING_CONFIRMATION: "start_over"}
    slots = dict(declined)
    outcome = reply(slots, start(declined, None).next_slot, "no", "deny")
    assert slots["consent"] is False and outcome.next_slot is None


def test_start_over_with_nothing_to_lose_needs_no_question():
    assert not has_answers({"intake_retries": {}, "handoff_requested": True})
    assert not has_answers({"consent": False, "intake_status": "declined"}), "changing one's mind after no"
    assert has_answers({"consent": True, "age": 40}) and has_answers({"booking_reference": "ABC234"})
