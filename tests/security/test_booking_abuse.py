"""Abuse of booking against a real running assistant: one phone number booking from ten conversations at
once, guessing another patient's booking reference, and a crafted time button naming a practitioner the
clinic does not have. Each is stopped with a polite reply; guessing is logged without the guessed values."""
from __future__ import annotations

import secrets
import threading
import uuid

import pytest
from sqlalchemy import select

from bot.booking import find_free_slots
from bot.booking.reference import ALPHABET
from bot.pseudonym import pseudonym
from bot.store import Booking, make_engine, session_factory
from bot.store.models import utcnow
from tests.e2e.test_e2e_rest import ANSWERS, drive, requested
from tests.support.assistant import RunningAssistant

pytestmark = pytest.mark.slow
PHONE, E164 = "0300 1234567", "+923001234567"
CONVERSATIONS = 10
LIMIT = 2  # bot/booking/schedule.yml limits.active_bookings_per_phone
LOG_KEY = secrets.token_urlsafe(32)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("booking-abuse")
    with RunningAssistant(workdir, extra_env={"LOG_PSEUDONYM_KEY": LOG_KEY}).serving() as running:
        yield running


def _sessions(assistant):
    return session_factory(make_engine(assistant.database_url))


def _bookings(assistant) -> list[Booking]:
    with _sessions(assistant)() as session:
        return session.execute(select(Booking).where(Booking.phone == E164)).scalars().all()


def _free_times(assistant, n: int) -> list[str]:
    """n different free times as the values of the bot's own time buttons."""
    with _sessions(assistant)() as session:
        return [f"slot:{s.start.isoformat()}|{s.practitioner_id}" for s in find_free_slots(session, utcnow(), n)]


def _choose(choice: str) -> str:
    return '/inform{"choice":"%s"}' % choice


def _logs(assistant) -> str:
    return "\n".join(p.read_text(errors="replace") for p in sorted(assistant.settings.log_dir.glob("*.log")))


@pytest.fixture(scope="module")
def ready_to_confirm(assistant):
    """Ten conversations of one phone number, each at "Shall I book it?" for a different free time."""
    times = _free_times(assistant, CONVERSATIONS)
    senders = [f"abuse-{i}-{uuid.uuid4().hex[:8]}" for i in range(CONVERSATIONS)]
    for who, time in zip(senders, times):
        assistant.texts(who, "hi")
        drive(assistant, who, ANSWERS, stop_before="booking_time")
        assistant.texts(who, _choose(time))
        drive(assistant, who, dict(ANSWERS, phone=PHONE), stop_before="booking_confirmed")
        assert requested(assistant, who) == "booking_confirmed"
    return senders


def test_a_crafted_time_button_with_an_unknown_practitioner_gets_the_times_again(assistant):
    who = f"crafted-{uuid.uuid4().hex[:8]}"
    assistant.texts(who, "hi")
    drive(assistant, who, ANSWERS, stop_before="booking_time")
    start = _free_times(assistant, 1)[0].split("|")[0]
    crafted = [f"{start}|dr-nobody", f"{start}|derm-a');--", "slot:0001-01-01T00:00:00+14:00|derm-a"]
    replies = assistant.say(who, _choose(crafted[0]))
    assert any("didn't catch" in r.get("text", "") and r.get("buttons") for r in replies), replies
    assert requested(assistant, who) == "booking_time"
    # a second unusable reply: the step is not asked a third time, and nothing is booked
    replies = assistant.say(who, _choose(crafted[1]))
    assert replies and any("book a consultation" in r.get("text", "") for r in replies), replies
    assert assistant.tracker(who)["slots"]["booking_time"] is None
    assert assistant.tracker(who)["slots"]["booking_reference"] is None
    # asking again starts the booking again, where a crafted button is no more use, and a real one is
    assistant.texts(who, "book a consultation")
    assert requested(assistant, who) == "booking_time"
    assert any("didn't catch" in r.get("text", "") for r in assistant.say(who, _choose(crafted[2])))
    assistant.texts(who, _choose(_free_times(assistant, 1)[0]))
    assert requested(assistant, who) == "phone"


def test_ten_conversations_of_one_number_get_at_most_the_limit(assistant, ready_to_confirm):
    replies: dict[str, list[str]] = {}

    def confirm(who):
        replies[who] = assistant.texts(who, "yes")

    threads = [threading.Thread(target=confirm, args=(who,)) for who in ready_to_confirm]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    active = [b for b in _bookings(assistant) if b.status == "booked"]
    assert len(active) == LIMIT
    refused = [who for who, texts in replies.items() if any("upcoming appointments" in t for t in texts)]
    assert len(refused) == CONVERSATIONS - LIMIT
    assert all(any("cancel" in t and "call the clinic" in t for t in replies[who]) for who in refused)
    # An eleventh conversation is told as soon as it gives the number.
    who = f"eleventh-{uuid.uuid4().hex[:8]}"
    assistant.texts(who, "hi")
    drive(assistant, who, ANSWERS, stop_before="phone")
    told = assistant.texts(who, PHONE)
    assert any("upcoming appointments" in t for t in told)
    assert len([b for b in _bookings(assistant) if b.status == "booked"]) == LIMIT


def test_guessing_a_reference_stops_after_three_wrong_answers_and_is_logged_without_them(assistant,
                                                                                        ready_to_confirm):
    target = next((b for b in _bookings(assistant) if b.status == "booked"), None)
    if target is None:  # this test alone: book one
        assistant.texts(ready_to_confirm[0], "yes")
        target = next(b for b in _bookings(assistant) if b.status == "booked")
    guesser = f"guesser-{uuid.uuid4().hex[:8]}"
    assistant.texts(guesser, "cancel my appointment")
    assert requested(assistant, guesser) == "manage_lookup"
    guesses = ["".join(secrets.choice(ALPHABET) for _ in range(6)) for _ in range(3)]
    guesses = [g for g in guesses if g != target.reference][:3]
    answers = [assistant.texts(guesser, f"{guess} {PHONE}") for guess in guesses]
    assert all(any("couldn't find a booking" in t for t in a) for a in answers[:2]), answers
    assert any("call the clinic" in t for t in answers[2]), answers[2]
    # Even the right reference is refused now, and the booking stays.
    assistant.texts(guesser, "cancel my appointment")
    right = assistant.texts(guesser, f"{target.reference} {PHONE}")
    assert any("call the clinic" in t for t in right) and not any("is cancelled" in t for t in right)
    assert next(b for b in _bookings(assistant) if b.id == target.id).status == "booked"
    # Logged at WARNING with the conversation's pseudonym, without the guesses or the phone number.
    logs = _logs(assistant)
    warnings = [line for line in logs.splitlines() if "WARNING" in line and "look-up stopped" in line]
    assert warnings and all(pseudonym(guesser, LOG_KEY.encode()) in line for line in warnings)
    for secret in (*guesses, target.reference, "1234567", guesser):
        assert secret not in "\n".join(warnings)


def test_no_log_line_at_info_or_above_names_a_conversation_or_a_phone(assistant, ready_to_confirm):
    lines = [line for line in _logs(assistant).splitlines() if " DEBUG " not in line]
    for secret in (*ready_to_confirm, "1234567", "Sara"):
        leaked = [line for line in lines if secret in line]
        assert not leaked, leaked[:3]
