"""The intake form's flow, as plain Python: what a reply fills, what to say, and which question comes next.

The Rasa form calls `step` once per patient message (through the `validate_intake_form` action). The
answers live in Rasa slots; this module only reads them and returns the changes. Each message is read by
bot.nlp at most once (Turn.understood); the booking questions are booking_steps.py's.
"""

from __future__ import annotations

from typing import Any

from bot.booking.desk import BookingDesk
from bot.conversation import booking_steps as booking
from bot.conversation.answers import contains_phrase, parse_answer, parse_yes_no
from bot.conversation.clinical_result import assess_intake, description_reading
from bot.conversation.readback import display_value, readback
from bot.conversation.slot_names import (
    ASSESSMENT,
    BOOKING_QUESTIONS,
    CONFIRM,
    CONSENT,
    DESCRIPTION_READING,
    MANAGE,
    MANAGE_REFERENCE,
    RETRIES,
    STATUS,
    WAITING_FOR_CHANGE,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.conversation.volunteered import corrections, is_correction, mentioned_slots, volunteered
from bot.conversation.wording import buttons, text
from bot.intake.questions import SKIPPED, question, question_slots, questions
from bot.messages import Button
from bot.store import StorageUnavailable

# Intents that interrupt the form: the form hands them to the rules (answer, then return to the question).
INTERRUPTIONS = {
    "ask_why",
    "faq",
    "out_of_scope",
    "human_handoff",
    "start_over",
    "stop",
    "bot_challenge",
    "thank",
    "goodbye",
    "delete_my_data",
}
INTERRUPTION_CONFIDENCE = 0.6
SKIP_WORDS = {
    "skip",
    "skip it",
    "skip this",
    "skip this question",
    "pass",
    "next",
    "next question",
    "rather not say",
    "i'd rather not say",
    "prefer not to say",
    "i don't know",
    "dont know",
    "don't know",
    "not sure",
    "no idea",
    "pata nahi",
}
BACK_WORDS = {"go back", "back", "previous question", "previous", "back please", "wait go back"}
# Words that name a question when the patient says what to change in the summary.
WORDS_FOR_QUESTIONS = {
    "first_name": ("name",),
    "age": ("age", "old"),
    "sex": ("sex", "gender"),
    "description": ("description", "my words", "in my words"),
    "duration_days": ("how long", "duration", "going on"),
    "onset": ("started", "start", "onset"),
    "pattern": ("where", "pattern", "location"),
    "shedding": ("shedding", "clumps"),
    "triggers": ("trigger", "triggers", "last six months"),
    "family_history": ("family",),
    "hairstyles": ("hairstyle", "hairstyles", "braids"),
    "scalp_symptoms": ("scalp",),
    "nail_changes": ("nail", "nails"),
    "conditions": ("condition", "conditions"),
    "medicines": ("medicine", "medicines", "medication", "tablets"),
    "pregnancy": ("pregnant", "pregnancy"),
    "treatments_tried": ("treatment", "treatments", "tried"),
}
RETRIES_BEFORE_OPTIONS = 2
RETRIES_BEFORE_MOVING_ON = 4


def applies(slot: str, slots: dict[str, Any]) -> bool:
    """Whether a question applies to this patient (pregnancy only where it can)."""
    condition = question(slot).when
    if condition == "may_be_pregnant":
        sex = slots.get("sex")
        age = slots.get("age")
        if sex == "male":
            return False
        return not isinstance(age, int) or 12 <= age <= 55
    return True


def next_slot(slots: dict[str, Any]) -> str | None:
    """The next question: consent, the unanswered questions, confirmation, then booking.

    Cancelling or moving an appointment comes first whenever the patient asks for it."""
    if slots.get(MANAGE):
        return booking.next_slot(slots)
    if slots.get(MANAGE_REFERENCE) and slots.get(CONSENT) is None:
        return None  # came only to change an appointment
    if slots.get(CONSENT) is None:
        return CONSENT
    if slots.get(CONSENT) is False:
        return None
    for slot in question_slots():
        if slots.get(slot) is None and applies(slot, slots):
            return slot
    if slots.get(CONFIRM) is not True:
        return CONFIRM
    return booking.next_slot(slots)


def _merged(slots: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    return {**slots, **updates}


def _label(slot: str) -> str:
    return text(f"labels.{slot}")


def _apply_found(
    slots: dict[str, Any], found: dict[str, Any], overwrite: bool, outcome: Outcome, skip: set[str]
) -> None:
    """Fills unanswered slots from volunteered values; with `overwrite`, corrects answered ones too."""
    for slot, value in found.items():
        if slot in skip:
            continue
        current = _merged(slots, outcome.updates).get(slot)
        if current is None:
            outcome.updates[slot] = value
        elif overwrite and current != value:
            outcome.updates[slot] = value
            outcome.messages.append(Message(text("form.changed", what=_label(slot), value=display_value(slot, value))))


def _previous_answered(slots: dict[str, Any], current: str | None) -> str | None:
    order = [s for s in question_slots() if applies(s, slots)]
    before = order if current not in order else order[: order.index(current)]
    for slot in reversed(before):
        if slots.get(slot) is not None:
            return slot
    return None


def _retry(slots: dict[str, Any], slot: str, outcome: Outcome) -> None:
    retries = dict(slots.get(RETRIES) or {})
    retries[slot] = retries.get(slot, 0) + 1
    outcome.updates[RETRIES] = retries
    if retries[slot] >= RETRIES_BEFORE_MOVING_ON and slot not in (CONSENT, CONFIRM, *BOOKING_QUESTIONS):
        # Asking the same thing a fifth time helps nobody: the dermatologist can ask in person.
        outcome.updates[slot] = SKIPPED
        retries.pop(slot)
        outcome.messages.append(Message(text("form.moving_on")))


def _reset_retries(slots: dict[str, Any], slot: str, outcome: Outcome) -> None:
    retries = dict(slots.get(RETRIES) or {})
    if retries.pop(slot, None) is not None:
        outcome.updates[RETRIES] = retries


def _is_skip(turn: Turn) -> bool:
    return (
        turn.intent == "skip"
        and turn.confidence >= INTERRUPTION_CONFIDENCE
        or turn.text.strip().lower().strip(" .!") in SKIP_WORDS
        or turn.choice == SKIPPED
    )


def _is_back(turn: Turn) -> bool:
    return (
        turn.intent == "go_back"
        and turn.confidence >= INTERRUPTION_CONFIDENCE
        or turn.text.strip().lower().strip(" .!") in BACK_WORDS
    )


def _finish(slots: dict[str, Any], outcome: Outcome) -> Outcome:
    outcome.next_slot = next_slot(_merged(slots, outcome.updates))
    return outcome


def start(slots: dict[str, Any], turn: Turn | None) -> Outcome:
    """The form starts (or resumes): pick the first question; after consent, fill what the message already says.

    Before consent nothing a message says is kept: the patient is asked the questions once they agree."""
    outcome = Outcome()
    if slots.get(STATUS) == "stopped" and turn is None:
        # The patient stopped the questions; answering an FAQ must not start them again.
        return outcome
    if slots.get(CONSENT) is True and turn is not None and turn.text:
        found = volunteered(turn.text, turn.understood(None))
        _apply_found(slots, found, overwrite=False, outcome=outcome, skip=set())
    if slots.get(STATUS) == "stopped":
        outcome.updates[STATUS] = "in_progress"
        outcome.messages.append(Message(text("form.resume")))
    return _finish(slots, outcome)


def resume(slots: dict[str, Any], requested: str | None) -> Outcome:
    """Back in the form after an interruption: ask the same question again."""
    if requested in all_question_slots() and slots.get(requested) is None:
        return Outcome(next_slot=requested)
    return _finish(slots, Outcome())


def _answer_consent(slots: dict[str, Any], turn: Turn, outcome: Outcome) -> Outcome:
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= INTERRUPTION_CONFIDENCE:
        value = turn.intent == "affirm"
    if value is None:
        _retry(slots, CONSENT, outcome)
        return _finish(slots, outcome)
    _reset_retries(slots, CONSENT, outcome)
    outcome.updates[CONSENT] = value
    outcome.updates[STATUS] = "in_progress" if value else "declined"
    if not value:
        outcome.messages.append(Message(text("consent.declined")))
        # Nothing is filled before consent; this clears what older versions filled from the opening message.
        for slot in question_slots():
            if slots.get(slot) is not None:
                outcome.updates[slot] = None
    return _finish(slots, outcome)


def _named_slot(text_: str) -> str | None:
    """The one question a message names ("the age is wrong", "change where"), if exactly one."""
    named = [slot for slot, words in WORDS_FOR_QUESTIONS.items() if any(contains_phrase(text_, w) for w in words)]
    return named[0] if len(named) == 1 else None


def _answer_confirm(slots: dict[str, Any], turn: Turn, outcome: Outcome) -> Outcome:
    if slots.get(WAITING_FOR_CHANGE):
        outcome.updates[WAITING_FOR_CHANGE] = False
    found = corrections(turn.text, turn.understood(CONFIRM)) if turn.choice is None else {}
    if found:
        _apply_found(slots, found, overwrite=True, outcome=outcome, skip=set())
        return _finish(slots, outcome)
    named = _named_slot(turn.text) if turn.choice is None else None
    if named is not None and parse_yes_no(turn.text) is not True:
        # "the duration is wrong": ask that question again, then read the summary back again.
        outcome.updates[named] = None
        outcome.messages.append(Message(text("form.going_back")))
        outcome.next_slot = named
        return outcome
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= INTERRUPTION_CONFIDENCE:
        value = turn.intent == "affirm"
    if value is True:
        outcome.updates[CONFIRM] = True
        outcome.updates[STATUS] = "confirmed"
        outcome.updates[ASSESSMENT] = assess_intake(_merged(slots, outcome.updates))
        name = slots.get("first_name") if slots.get("first_name") not in (None, SKIPPED) else ""
        outcome.messages.append(Message(text("confirm.done", name=name).replace(" .", ".").replace(",.", ".")))
        _reset_retries(slots, CONFIRM, outcome)
    elif value is False:
        outcome.messages.append(Message(text("confirm.what_to_change")))
        outcome.updates[RETRIES] = {**(slots.get(RETRIES) or {}), CONFIRM: 0}
        outcome.next_slot = CONFIRM
        outcome.updates[WAITING_FOR_CHANGE] = True
        return outcome
    else:
        _retry(slots, CONFIRM, outcome)
    return _finish(slots, outcome)


def _manage(slots: dict[str, Any], turn: Turn, desk: BookingDesk | None) -> Outcome | None:
    """ "Cancel my appointment" or "reschedule", at any point in the conversation."""
    if (
        desk is None
        or turn.choice is not None
        or turn.intent not in booking.MANAGE_INTENTS
        or turn.confidence < INTERRUPTION_CONFIDENCE
    ):
        return None
    try:
        outcome = booking.start_manage(slots, turn.intent, desk)
    except StorageUnavailable:
        outcome = Outcome(
            messages=[Message(booking.say("unavailable"))], updates={RETRIES: dict(slots.get(RETRIES) or {})}
        )
    return _finish(slots, outcome)


def _answer_booking(
    slots: dict[str, Any], requested: str, turn: Turn, desk: BookingDesk | None, conversation_id: str
) -> Outcome:
    if desk is None:
        raise RuntimeError("booking questions need a BookingDesk")
    outcome, understood = booking.answer(requested, slots, turn, desk, conversation_id)
    if understood:
        _reset_retries(slots, requested, outcome)
    else:
        _retry(slots, requested, outcome)
    return _finish(slots, outcome)


def step(
    slots: dict[str, Any], requested: str | None, turn: Turn, desk: BookingDesk | None = None, conversation_id: str = ""
) -> Outcome:
    """Handles one patient message while the form asks `requested`."""
    managed = _manage(slots, turn, desk)
    if managed is not None:
        return managed
    if requested is None:
        return start(slots, turn)
    outcome = Outcome()
    if turn.choice is None and turn.intent in INTERRUPTIONS and turn.confidence >= INTERRUPTION_CONFIDENCE:
        return Outcome(reject=True)
    if requested in BOOKING_QUESTIONS:
        return _answer_booking(slots, requested, turn, desk, conversation_id)
    if requested == CONSENT:
        return _answer_consent(slots, turn, outcome)
    if requested == CONFIRM:
        return _answer_confirm(slots, turn, outcome)

    if _is_back(turn):
        previous = _previous_answered(slots, requested)
        if previous is None:
            outcome.messages.append(Message(text("form.nothing_to_go_back_to")))
            outcome.next_slot = requested
            outcome.updates[RETRIES] = dict(slots.get(RETRIES) or {})
            return outcome
        outcome.updates[previous] = None
        outcome.messages.append(Message(text("form.going_back")))
        outcome.next_slot = previous
        return outcome
    if _is_skip(turn):
        outcome.updates[requested] = SKIPPED
        outcome.messages.append(Message(text("form.skipped")))
        _reset_retries(slots, requested, outcome)
        return _finish(slots, outcome)

    understanding = turn.understood(requested)
    if turn.choice is None and is_correction(turn.text):
        named = _named_slot(turn.text)
        if (
            named not in (None, requested)
            and slots.get(named) is not None
            and named not in corrections(turn.text, understanding)
        ):
            # "sorry, the age is wrong": ask that question again, then carry on from here.
            outcome.updates[named] = None
            outcome.messages.append(Message(text("form.going_back")))
            outcome.next_slot = named
            return outcome

    q = question(requested)
    value = parse_answer(q, turn.reply, understanding)
    if value is not None and turn.choice == "none" and q.kind == "multi":
        value = []
    correcting = is_correction(turn.text) or bool(mentioned_slots(turn.text) - {requested})
    found = corrections(turn.text, understanding) if turn.choice is None else {}
    _apply_found(slots, found, overwrite=correcting, outcome=outcome, skip={requested})
    corrected = any(slot in outcome.updates for slot in found)
    if correcting and corrected and q.kind == "text":
        value = None  # "actually I'm 35" corrects the age; it is not the description
    if value is not None:
        outcome.updates[requested] = value
        if q.kind == "text" and value == turn.reply:
            # Kept for the assessment at confirmation, which then needs no second reading of the text.
            outcome.updates[DESCRIPTION_READING] = description_reading(value, understanding)
        _reset_retries(slots, requested, outcome)
        if requested == "age" and value < 18:
            outcome.messages.append(Message(text("form.under_18")))
    elif not corrected:
        _retry(slots, requested, outcome)
    return _finish(slots, outcome)


def ask(slot: str, slots: dict[str, Any], desk: BookingDesk | None = None) -> list[Message]:
    """The question for `slot`, worded by how many replies to it could not be used."""
    tries = (slots.get(RETRIES) or {}).get(slot, 0)
    if slot in BOOKING_QUESTIONS:
        return booking.ask(slot, slots, desk, tries)
    if slot == CONSENT:
        wording = text("consent.ask") if tries == 0 else text("consent.reask")
        return [Message(wording, buttons("consent.buttons"))]
    if slot == CONFIRM:
        if slots.get(WAITING_FOR_CHANGE):
            return []
        intro = [] if tries else [Message(readback(slots))]
        wording = text("confirm.ask") if tries == 0 else text("confirm.reask")
        return intro + [Message(wording, buttons("confirm.buttons"))]
    q = question(slot)
    if tries == 0:
        return [Message(q.ask, q.buttons)]
    if tries < RETRIES_BEFORE_OPTIONS:
        return [Message(q.reask, q.buttons)]
    skip = Button(text("form.skip_button"), SKIPPED)
    return [Message(q.reask), Message(text("form.reask_with_buttons"), q.buttons + (skip,))]


def why(slot: str | None) -> str:
    if slot == CONSENT:
        return text("consent.why")
    if slot == CONFIRM:
        return text("confirm.why")
    if slot is None:
        return text("form.why_generic")
    if slot in BOOKING_QUESTIONS:
        return booking.why(slot)
    return question(slot).why


def all_question_slots() -> list[str]:
    return [CONSENT] + [q.slot for q in questions()] + [CONFIRM] + list(BOOKING_QUESTIONS)
