"""The hand-off in the conversation, as plain Python (bot.conversation): after the patient's yes, the number
staff will call is asked when the conversation has none, and not when it has one (a booking's phone, the
WhatsApp number); a reply that is no number is told how to write one and asked once more, then the patient is
told to call the clinic; and what is recorded for staff (bot.conversation.handoff.to_record)."""
from __future__ import annotations

from bot.conversation.form import ask, step
from bot.conversation.handoff import read_phone, to_record
from bot.conversation.slot_names import HANDOFF, PENDING_CONFIRMATION
from bot.conversation.turn import Turn
from bot.store.handoff_models import AFTER_INTAKE, BEFORE_INTAKE, DURING_INTAKE, WITHOUT_CONSENT

HALFWAY = {"consent": True, "first_name": "Bushra", "age": 45, "sex": "female",
           "description": "hair thinning at the front since menopause", "duration_days": 400}
DONE = {**HALFWAY, "summary_confirmed": True, "intake_status": "complete"}


def reply(slots, requested, text, intent="inform", choice=None, conversation_id="rest-1"):
    """One patient message; returns (outcome, what would be recorded for staff)."""
    before = dict(slots)
    turn = Turn(text, intent, 0.9, choice)
    outcome = step(slots, requested, turn, conversation_id=conversation_id)
    slots.update(outcome.updates)
    return outcome, to_record(before, outcome.updates, turn, conversation_id)


def texts(outcome) -> str:
    return " | ".join(m.text for m in outcome.messages)


def test_the_number_is_asked_when_unknown_then_the_open_question_comes_back():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    outcome, recorded = reply(slots, "onset", "yes please", "affirm")
    assert slots[HANDOFF] is True and outcome.next_slot == "onset"
    assert recorded is not None and recorded.reason == DURING_INTAKE and recorded.phone is None
    assert recorded.with_words  # the patient agreed to the questions
    (question,) = ask("onset", slots)
    assert question.text == "What number can the clinic call you on?"
    outcome, recorded = reply(slots, "onset", "my number is 0300-1234567")
    assert texts(outcome).startswith("The clinic will call you on +92 300 1234567 during opening hours.")
    assert "continue the questions" in texts(outcome)
    assert recorded.phone == "+923001234567" and recorded.reason == DURING_INTAKE
    assert slots[PENDING_CONFIRMATION] is None and outcome.next_slot == "onset"
    assert "Suddenly" in [b.title for b in ask("onset", slots)[0].buttons]


def test_a_known_number_is_not_asked_for():
    slots = {**DONE, "phone": "+923331234567", PENDING_CONFIRMATION: "handoff"}
    outcome, recorded = reply(slots, None, "yes", "affirm")
    assert texts(outcome) == "The clinic will call you on +92 333 1234567 during opening hours."
    assert slots[PENDING_CONFIRMATION] is None and outcome.next_slot is None  # after the intake: nothing asked
    assert recorded.phone == "+923331234567" and recorded.reason == AFTER_INTAKE


def test_the_whatsapp_number_is_used():
    slots = {"consent": False, "intake_status": "declined_told", PENDING_CONFIRMATION: "handoff"}
    outcome, recorded = reply(slots, None, "yes", "affirm", conversation_id="wa-923001234567")
    assert "+92 300 1234567" in texts(outcome) and slots[PENDING_CONFIRMATION] is None
    assert recorded.phone == "+923001234567" and recorded.reason == WITHOUT_CONSENT
    assert not recorded.with_words  # without consent: the number only


def test_outside_the_intake_the_number_is_asked_and_then_nothing_else():
    slots = {"consent": False, "intake_status": "declined_told", PENDING_CONFIRMATION: "handoff"}
    outcome, _ = reply(slots, None, "yes", "affirm")
    assert outcome.next_slot == "consent"  # the form stays open only to ask the number ...
    assert ask("consent", slots)[0].text == "What number can the clinic call you on?"
    outcome, recorded = reply(slots, "consent", "+92 321 7654321")
    assert outcome.next_slot is None and texts(outcome) == "The clinic will call you on +92 321 7654321 during opening hours."
    assert recorded.phone == "+923217654321" and not recorded.with_words


def test_a_reply_that_is_no_number_is_told_how_to_write_it_then_asked_once_more_then_call_us():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    reply(slots, "onset", "yes", "affirm")
    outcome, recorded = reply(slots, "onset", "call me tomorrow")
    assert "doesn't look like a phone number" in texts(outcome) and recorded is None
    assert slots[PENDING_CONFIRMATION] == "handoff_phone" and outcome.next_slot == "onset"
    assert ask("onset", slots)[0].text.endswith("For example 0300 1234567.")
    outcome, recorded = reply(slots, "onset", "12345")
    assert "call the clinic directly" in texts(outcome) and recorded is None
    assert slots[PENDING_CONFIRMATION] is None and outcome.next_slot == "onset"
    assert slots[HANDOFF] is True  # the request itself stays with staff


def test_no_or_the_button_ends_the_number_question_at_once():
    for said, choice in (("no thanks", None), ("I'll call the clinic myself", "no")):
        slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
        reply(slots, "onset", "yes", "affirm")
        outcome, _ = reply(slots, "onset", said, choice=choice)
        assert "call the clinic directly" in texts(outcome) and slots[PENDING_CONFIRMATION] is None


def test_a_question_on_the_side_is_answered_by_the_rules_and_the_number_asked_again():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff"}
    reply(slots, "onset", "yes", "affirm")
    outcome, _ = reply(slots, "onset", "slowly over the last year")  # while the number is asked, it is the answer
    assert "doesn't look like" in texts(outcome)
    outcome, _ = reply(slots, "onset", "what does it cost?", "faq")
    assert outcome.reject and slots[PENDING_CONFIRMATION] == "handoff_phone"  # nothing changed by a reject
    assert ask("onset", slots)[0].text.startswith("What number")


def test_later_or_bye_is_no_number():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff_phone"}
    outcome, _ = reply(slots, "onset", "later", "goodbye")
    assert "doesn't look like" in texts(outcome) and not outcome.reject


def test_thoughts_of_self_harm_always_go_to_the_crisis_reply():
    slots = {**HALFWAY, PENDING_CONFIRMATION: "handoff_phone"}
    outcome, recorded = reply(slots, "onset", "i want to end it all", "self_harm")
    assert outcome.reject and recorded is None


def test_before_the_questions_the_reason_says_so_and_no_words_are_kept():
    slots = {PENDING_CONFIRMATION: "handoff"}
    _, recorded = reply(slots, None, "yes", "affirm")
    assert recorded.reason == BEFORE_INTAKE and not recorded.with_words


def test_read_phone():
    assert read_phone("0300 1234567") == "+923001234567"
    assert read_phone("it's 0092-300-1234567 thanks") == "+923001234567"
    assert read_phone("+44 20 7946 0958") == "+442079460958"
    assert read_phone("tomorrow at 5") is None and read_phone("") is None
