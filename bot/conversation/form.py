"""The intake form's flow, as plain Python: what a reply fills, what to say, and which question comes next.

The Rasa form calls `step` once per patient message (through the `validate_intake_form` action). The
answers live in Rasa slots; this module only reads them and returns the changes. Each message is read by
bot.nlp at most once (Turn.understood); the booking questions are booking_steps.py's.

While a question is open, a reply that can be its answer is its answer (question_reply.py), whatever intent
the NLU guessed; the form hands a message to the dialogue rules (FAQ, "why?", a human, stop ...) only when it
answers nothing or carries clear words for leaving (leaving.py). A hand-off or start over waits for the
patient's yes (confirmations.py); facts told beyond the question are said back for objection (proposals.py).
"""

from __future__ import annotations

from typing import Any

from bot.booking.desk import BookingDesk
from bot.conversation import audience, confirmations, handoff, leaving, proposals, question_reply, retries
from bot.conversation import booking_steps as booking
from bot.conversation.answers import parse_yes_no
from bot.conversation.clinical_result import assess_intake, result_messages
from bot.conversation.labelled_answers import as_changes, labelled_answers
from bot.conversation.proposals import says_wrong
from bot.conversation.readback import display_value, named_slots, readback
from bot.conversation.slot_names import (
    ASSESSMENT,
    BOOKING_QUESTIONS,
    CONFIRM,
    CONSENT,
    MANAGE,
    MANAGE_REFERENCE,
    OTHER_ANSWERS,
    PENDING_CONFIRMATION,
    PENDING_PROPOSAL,
    RETRIES,
    STATUS,
    WAITING_FOR_CHANGE,
)
from bot.conversation.turn import Message, Outcome, Turn
from bot.conversation.volunteered import corrections, is_correction, volunteered
from bot.conversation.wording import buttons, text
from bot.intake.questions import SKIPPED, question, question_slots, questions
from bot.messages import Button

# Intents that interrupt the form: the form hands them to the rules (answer, then return to the question).
SELF_HARM_INTENT = "self_harm"  # set by bot/crisis_component.py
REPORT_HAIR_LOSS = "report_hair_loss"
GREET = "greet"
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
    "tell_me_more",  # about the result, shown with the booking offer
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
# The re-ask (a question is asked at most twice) offers the options and a skip button.
RETRIES_BEFORE_OPTIONS = 1


def applies(slot: str, slots: dict[str, Any]) -> bool:
    """Whether a question applies to this patient (pregnancy only where it can: not a man or a child)."""
    condition = question(slot).when
    if condition == "may_be_pregnant":
        return audience.may_be_pregnant(slots)
    return True


def next_slot(slots: dict[str, Any]) -> str | None:
    """The next question: consent, the unanswered questions, confirmation, then booking.

    Cancelling or moving an appointment comes first whenever the patient asks for it."""
    if slots.get(MANAGE):
        return booking.next_slot(slots)
    if slots.get(MANAGE_REFERENCE) and slots.get(CONSENT) is None:
        return None  # came only to change an appointment
    if slots.get(CONSENT) is None:
        # paused after two replies to the consent question that were neither yes nor no: "start" asks again
        return None if slots.get(STATUS) == "stopped" else CONSENT
    if slots.get(CONSENT) is False:
        return None
    for slot in question_slots():
        if (slots.get(slot) is None or proposals.noted_only(slots, slot)) and applies(slot, slots):
            return slot
    if slots.get(CONFIRM) is not True:
        return CONFIRM
    return booking.next_slot(slots)


def _merged(slots: dict[str, Any], updates: dict[str, Any]) -> dict[str, Any]:
    return {**slots, **updates}


def _previous_answered(slots: dict[str, Any], current: str | None) -> str | None:
    order = [s for s in question_slots() if applies(s, slots)]
    before = order if current not in order else order[: order.index(current)]
    for slot in reversed(before):
        if slots.get(slot) is not None:
            return slot
    return None


def _is_skip(turn: Turn, reply_usable: bool) -> bool:
    """Skip words or the skip button; the NLU's "skip" only with clear words or when nothing else was said."""
    said = turn.text.strip().lower().strip(" .!")
    return turn.choice == SKIPPED or said in SKIP_WORDS or _leaves_for("skip", turn, reply_usable)


def _is_back(turn: Turn, reply_usable: bool) -> bool:
    return turn.text.strip().lower().strip(" .!") in BACK_WORDS or _leaves_for("go_back", turn, reply_usable)


def _leaves_for(intent: str, turn: Turn, reply_usable: bool) -> bool:
    """The NLU is confident of `intent`, and the words say so or the reply answers nothing."""
    confident = turn.choice is None and turn.intent == intent and turn.confidence >= INTERRUPTION_CONFIDENCE
    return confident and (leaving.says_so(intent, turn.text) or not reply_usable)


def _interrupting(turn: Turn) -> bool:
    """The NLU is confident the message is an FAQ, "why?", a human, stop ... (a guess, for typed words)."""
    return turn.choice is None and turn.intent in INTERRUPTIONS and turn.confidence >= INTERRUPTION_CONFIDENCE


def _held_for_confirmation(slots: dict[str, Any], outcome: Outcome) -> Outcome:
    """A hand-off or start over awaiting the patient's yes keeps the form open: ask() asks it."""
    if outcome.next_slot is None and confirmations.pending(_merged(slots, outcome.updates)):
        outcome.next_slot = CONSENT
    return outcome


def _finish(slots: dict[str, Any], outcome: Outcome) -> Outcome:
    outcome.next_slot = next_slot(_merged(slots, outcome.updates))
    return _held_for_confirmation(slots, outcome)


def start(slots: dict[str, Any], turn: Turn | None) -> Outcome:
    """The form starts (or resumes): pick the first question; after consent, fill what the message already says.

    Before consent nothing a message says is kept: the patient is asked the questions once they agree."""
    outcome = Outcome()
    if slots.get(STATUS) == "stopped" and turn is None:
        # The patient stopped the questions; answering an FAQ must not start them again.
        return _held_for_confirmation(slots, outcome)
    if slots.get(CONSENT) is True and turn is not None and turn.text:
        question_reply.propose(slots, volunteered(turn.text, turn.understood(None)), outcome)
    if slots.get(STATUS) == "stopped":
        outcome.updates[STATUS] = "in_progress"
        outcome.messages.insert(0, Message(text("form.resume")))
    return _finish(slots, outcome)


def resume(slots: dict[str, Any], requested: str | None) -> Outcome:
    """Back in the form after an interruption: ask the same question again."""
    if requested in all_question_slots() and (
        slots.get(requested) is None
        or question_reply.awaits_which(slots, requested)
        or proposals.noted_only(slots, requested)
    ):
        return _held_for_confirmation(slots, Outcome(next_slot=requested))
    return _finish(slots, Outcome())


def _answer_consent(slots: dict[str, Any], turn: Turn, interrupting: bool) -> Outcome:
    outcome = Outcome()
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= INTERRUPTION_CONFIDENCE:
        value = turn.intent == "affirm"
    if value is None:
        if interrupting:
            return Outcome(reject=True)
        if turn.intent == GREET:
            retries.keep(slots, outcome)  # "hi" is no answer to count: the short question again, not "I need ..."
            return _finish(slots, outcome)
        if retries.count(slots, CONSENT) < 1:
            retries.add_one(slots, CONSENT, outcome)
            if turn.intent == REPORT_HAIR_LOSS:
                # They began to describe it: say it was heard (it is not kept before consent) before asking again.
                outcome.messages.append(Message(text("consent.heard")))
            return _finish(slots, outcome)
        # Not asked a third time: nothing is stored, and the patient can start when ready.
        retries.reset(slots, CONSENT, outcome)
        outcome.updates[STATUS] = "stopped"
        outcome.messages.append(Message(text("consent.paused")))
        return _finish(slots, outcome)
    retries.reset(slots, CONSENT, outcome)
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
    named = named_slots(text_)
    return named[0] if len(named) == 1 else None


def _reopen(slot: str, outcome: Outcome) -> Outcome:
    """Asks `slot` again (its answer is cleared), then carries on from where the form was."""
    outcome.updates[slot] = None
    outcome.messages.append(Message(text("form.going_back")))
    outcome.next_slot = slot
    return outcome


def _answer_confirm(slots: dict[str, Any], turn: Turn, interrupting: bool) -> Outcome:
    outcome = Outcome()
    if slots.get(WAITING_FOR_CHANGE):
        outcome.updates[WAITING_FOR_CHANGE] = False
    typed = turn.choice is None
    reading = turn.understood(CONFIRM) if typed else None
    found = corrections(turn.text, reading) if reading is not None else {}
    # "conditions: none. medicines: calcium tablets": each line named with its new value
    labelled = labelled_answers(turn.text) if typed else []
    found.update(as_changes(labelled))
    own_words = {a.slot: a.reply.own_words for a in labelled if a.reply.own_words}
    changes = {slot: value for slot, value in found.items() if slots.get(slot) != value or slot in own_words}
    named = _named_slot(turn.text) if typed else None
    if named is not None and parse_yes_no(turn.text) is not True and (says_wrong(turn.text) or named not in changes):
        if (
            says_wrong(turn.text)
            and named in changes
            and proposals.stated_beyond_its_name(named, changes[named], reading)
        ):
            # "the start is wrong, it was gradual": the right value is given too, so it is taken
            changes = {named: changes[named]}
        else:
            # "the shedding is wrong", "change the duration": ask that question again, then read the summary
            # back. "Wrong" alone gives no new value, whatever words the subject's name shares with one.
            return _reopen(named, outcome)
    if changes:
        own = dict(slots.get(OTHER_ANSWERS) or {})
        for slot, value in changes.items():
            outcome.updates[slot] = value
            if slot in own_words:
                own[slot] = own_words[slot]
            elif not question_reply.holds_other(value):
                own.pop(slot, None)  # "conditions: none": the words kept for the old answer go with it
            what = text(f"labels.{slot}")
            shown = display_value(slot, value, own.get(slot)).replace("“", "").replace("”", "")  # quoted already
            outcome.messages.append(Message(text("form.changed", what=what, value=shown)))
        if own != (slots.get(OTHER_ANSWERS) or {}):
            outcome.updates[OTHER_ANSWERS] = own
        return _finish(slots, outcome)
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= INTERRUPTION_CONFIDENCE:
        value = turn.intent == "affirm"
    if value is True:
        _confirmed(slots, outcome, audience.confirm_text("done", slots))
    elif value is False:
        outcome.messages.append(Message(text("confirm.what_to_change")))
        outcome.updates[RETRIES] = {**(slots.get(RETRIES) or {}), CONFIRM: 0}
        outcome.next_slot = CONFIRM
        outcome.updates[WAITING_FOR_CHANGE] = True
        return outcome
    elif interrupting:
        return Outcome(reject=True)
    elif retries.count(slots, CONFIRM) < 1:
        retries.add_one(slots, CONFIRM, outcome)
    else:
        # Not read back a third time: the answers stay as the patient gave them, for the dermatologist to check.
        return _finish(slots, _confirmed(slots, outcome, text("confirm.kept_as_given")))
    return _finish(slots, outcome)


def _confirmed(slots: dict[str, Any], outcome: Outcome, opening: str) -> Outcome:
    """The intake is confirmed: assessed, and the result told after `opening` (the thanks opens the result, so
    the result and the booking offer stay three messages)."""
    outcome.updates[CONFIRM] = True
    outcome.updates[STATUS] = "confirmed"
    assessment = assess_intake(_merged(slots, outcome.updates))
    outcome.updates[ASSESSMENT] = assessment
    first, *rest = result_messages(assessment)
    outcome.messages += [Message(f"{opening}\n{first.text}", first.buttons), *rest]
    retries.reset(slots, CONFIRM, outcome)
    return outcome


def _booking_not_understood(slots: dict[str, Any], requested: str, interrupting: bool) -> Outcome:
    """A reply to a booking question that is not its answer (booking_steps.handle found none).

    Asked again once, in other words; after a second reply it cannot use, the bot does not ask a third time:
    the email is left out, and any other step is left with nothing booked, moved or cancelled."""
    if interrupting:
        return Outcome(reject=True)
    outcome = Outcome()
    if retries.count(slots, requested) < 1:
        retries.add_one(slots, requested, outcome)
        return _finish(slots, outcome)
    retries.reset(slots, requested, outcome)
    booking.give_up(requested, slots, outcome)
    return _finish(slots, outcome)


def _go_back(slots: dict[str, Any], requested: str) -> Outcome:
    previous = _previous_answered(slots, requested)
    if previous is None:
        outcome = Outcome(next_slot=requested, messages=[Message(text("form.nothing_to_go_back_to"))])
        retries.keep(slots, outcome)
        return outcome
    return _reopen(previous, Outcome())


def _named_earlier_answer(slots: dict[str, Any], requested: str, turn: Turn) -> str | None:
    """ "sorry, the age is wrong" while another question is open: the earlier answer to ask again."""
    if turn.choice is not None or not is_correction(turn.text):
        return None
    named = _named_slot(turn.text)
    if named in (None, requested) or slots.get(named) is None:
        return None
    if says_wrong(turn.text):
        return named  # "the shedding is wrong" gives no new value, whatever words it shares with one
    return named if named not in corrections(turn.text, turn.understood(requested)) else None


def _answer_question(
    slots: dict[str, Any], requested: str, turn: Turn, interrupting: bool, proposed: dict[str, Any] | None
) -> Outcome:
    """A reply while an intake question is open: a reply that can be its answer is its answer."""
    reply = question_reply.read(question(requested), turn)
    usable = question_reply.usable(reply)
    if _is_back(turn, usable):
        return _go_back(slots, requested)
    if _is_skip(turn, usable):
        outcome = Outcome(messages=[Message(text("form.skipped"))])
        if proposals.noted_only(slots, requested):
            # What was noted for the list stays; only the rest of it is skipped.
            outcome.updates[PENDING_PROPOSAL] = proposals.without(slots.get(PENDING_PROPOSAL), requested)
        else:
            outcome.updates[requested] = SKIPPED
        retries.reset(slots, requested, outcome)
        return _finish(slots, outcome)
    reading = turn.understood(requested) if turn.choice is None else None
    if proposed and proposals.objects(turn.text, proposed, question_reply.maps_to_an_option(reply), reading):
        fixes = corrections(turn.text, reading) if reading is not None else {}
        outcome = proposals.objection(slots, proposed, turn.text, fixes, reading)
        if question(requested).kind == "choice" and question_reply.maps_to_an_option(reply):
            # "the stress is wrong, and it came gradually": the objection, and the answer to the open question
            # (one option clearly named; never a yes/no question, where the objection's "no" is no answer)
            outcome.updates.setdefault(requested, reply.value)
        return _finish(slots, outcome)
    earlier = _named_earlier_answer(slots, requested, turn)
    if earlier is not None:
        return _reopen(earlier, Outcome())
    if interrupting and not usable:
        return Outcome(reject=True)
    outcome = Outcome()
    if question_reply.answer(slots, requested, turn, reply, outcome):
        # Asked again, or "which one?" after "Other medicine" (the slot may hold [OTHER] already).
        outcome.next_slot = requested
        return outcome
    return _finish(slots, outcome)


def _after_confirmation(slots: dict[str, Any], requested: str | None, resolved: Outcome, kind: str) -> Outcome:
    """After the patient's yes or no to a hand-off or start over (or the number for a hand-off): back to the
    open question, if any."""
    merged = _merged(slots, resolved.updates)
    if kind == handoff.PHONE_OUTSIDE_KIND:
        requested = None  # the form was open only to ask the number: it does not start asking now
    if merged.get(CONSENT) is None and slots.get(CONSENT) is not None:
        resolved.next_slot = CONSENT  # started over: everything was cleared
    elif confirmations.pending(merged):
        resolved.next_slot = requested or CONSENT  # the number for the hand-off is asked next (ask() asks it)
    elif requested is None or merged.get(STATUS) == "stopped":
        resolved.next_slot = None  # the form was not asking anything: it does not start asking now
    else:
        resolved.next_slot = resume(merged, requested).next_slot
    return resolved


def _step(
    slots: dict[str, Any],
    requested: str | None,
    turn: Turn,
    desk: BookingDesk | None,
    conversation_id: str,
    proposed: dict[str, Any] | None,
) -> Outcome:
    if turn.intent == SELF_HARM_INTENT:
        return Outcome(reject=True)  # thoughts of self-harm: the crisis reply (data/rules.yml), whatever is asked
    # The answer to an open booking question, or a clear request to book, cancel or move (booking_steps.py).
    booked = booking.handle(slots, requested, turn, desk, conversation_id)
    if booked is not None:
        return _finish(slots, booked)
    if requested is None:
        return start(slots, turn)
    interrupting = _interrupting(turn)
    if interrupting and leaving.says_so(turn.intent, turn.text):
        return Outcome(reject=True)
    if requested in BOOKING_QUESTIONS:
        if desk is None:
            raise RuntimeError("booking questions need a BookingDesk")
        return _booking_not_understood(slots, requested, interrupting)
    if requested == CONSENT:
        return _answer_consent(slots, turn, interrupting)
    if requested == CONFIRM:
        return _answer_confirm(slots, turn, interrupting)
    return _answer_question(slots, requested, turn, interrupting, proposed)


def step(
    slots: dict[str, Any], requested: str | None, turn: Turn, desk: BookingDesk | None = None, conversation_id: str = ""
) -> Outcome:
    """Handles one patient message while the form asks `requested` (None: the form is starting).

    A reject hands the message to the dialogue rules (an FAQ, "why?", a human ...), which answer it and come
    back to the same question."""
    carried: dict[str, Any] = {}
    kind = confirmations.pending(slots)
    if kind is not None:
        resolved = confirmations.resolve(kind, slots, turn, requested is not None, conversation_id)
        if resolved is not None:
            return resolved if resolved.reject else _after_confirmation(slots, requested, resolved, kind)
        carried[PENDING_CONFIRMATION] = None  # neither yes nor no: the patient moved on, the request is dropped
    proposed = slots.get(PENDING_PROPOSAL) or None
    if proposed:
        # Open to objection for one reply; list items stay noted until their question is asked.
        carried[PENDING_PROPOSAL] = proposals.after_one_reply(proposed)
    outcome = _step(_merged(slots, carried), requested, turn, desk, conversation_id, proposed)
    if not outcome.reject:
        outcome.updates = {**carried, **outcome.updates}
    return outcome


def ask(
    slot: str, slots: dict[str, Any], desk: BookingDesk | None = None, again: bool = False, conversation_id: str = ""
) -> list[Message]:
    """The question for `slot`, worded by how many replies to it could not be used.

    `again`: the question was asked before and the patient turned to something else (the consent question
    is then asked in short, without the whole greeting). A hand-off or start over awaiting the patient's yes
    is asked instead of any question."""
    pending = confirmations.pending(slots)
    if pending is not None:
        return [confirmations.question(pending, slots)]
    tries = (slots.get(RETRIES) or {}).get(slot, 0)
    if slot in BOOKING_QUESTIONS:
        return booking.ask(slot, slots, desk, tries, conversation_id)
    if slot == CONSENT:
        wording = text("consent.reask") if tries else text("consent.ask_again" if again else "consent.ask")
        return [Message(wording, buttons("consent.buttons"))]
    if slot == CONFIRM:
        if slots.get(WAITING_FOR_CHANGE):
            return []
        intro = [] if tries else [Message(readback(slots))]
        wording = text("confirm.ask") if tries == 0 else text("confirm.reask")
        return intro + [Message(wording, buttons("confirm.buttons"))]
    if question_reply.awaits_which(slots, slot):
        return [Message(text(f"form.which_other.{slot}"))]
    q = question(slot)
    # Worded for who the intake is about (a parent writing for a child), without options that cannot apply.
    asked, reasked = audience.wording(q, slots)
    shown = audience.options(q, slots)
    if proposals.noted_only(slots, slot):
        # Items of this list were noted in passing: the question asks for the rest, and says so.
        own = (slots.get(OTHER_ANSWERS) or {}).get(slot)
        items = display_value(slot, (slots.get(PENDING_PROPOSAL) or {})[slot], own)
        items = items if own else items.lower()  # the patient's own words as they wrote them
        noted = text("form.besides_noted", items=items)
        asked, reasked = f"{noted} {asked}", f"{noted} {reasked}"
    if tries == 0:
        return [Message(asked, shown)]
    if tries < RETRIES_BEFORE_OPTIONS:
        return [Message(reasked, shown)]
    skip = Button(text("form.skip_button"), SKIPPED)
    return [Message(reasked), Message(text("form.reask_with_buttons"), shown + (skip,))]


def why(slot: str | None, slots: dict[str, Any] | None = None) -> str:
    """Why the open question is asked; `slots` words the booking's answer by where the booking stands."""
    if slot == CONSENT:
        return text("consent.why")
    if slot == CONFIRM:
        return text("confirm.why")
    if slot is None:
        return text("form.why_generic")
    if slot in BOOKING_QUESTIONS:
        return booking.why(slot, slots)
    return question(slot).why


def all_question_slots() -> list[str]:
    return [CONSENT] + [q.slot for q in questions()] + [CONFIRM] + list(BOOKING_QUESTIONS)
