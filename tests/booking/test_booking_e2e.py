"""Booking from anywhere, end to end over REST: the real Rasa server (NLU included) and action server.

One flow per test: cancel and move only after the patient's yes (a question about cancelling changes nothing),
book again on the stored intake, book with a name and phone only (no consent, or in the middle of the
questions), and a wrong reference always gets a reply."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.store import Booking, Intake, make_engine, session_factory
from tests.e2e.test_e2e_rest import ANSWERS, drive, new_sender, requested
from tests.support.assistant import RunningAssistant

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    with RunningAssistant(tmp_path_factory.mktemp("booking-e2e")).serving() as running:
        yield running


def rows(assistant, sender):
    with session_factory(make_engine(assistant.database_url))() as session:
        bookings = session.execute(
            select(Booking).where(Booking.conversation_id == sender).order_by(Booking.id)
        ).scalars().all()
        intakes = session.execute(select(Intake).where(Intake.conversation_id == sender)).scalars().all()
        return bookings, intakes


def slots(assistant, sender):
    return assistant.tracker(sender)["slots"]


def joined(replies):
    return "\n".join(r.get("text", "") for r in replies)


def first_time_button(replies):
    return next(b["payload"] for r in replies for b in r.get("buttons") or [] if '"slot:' in b["payload"])


def booked_patient(assistant):
    sender = new_sender()
    assistant.texts(sender, "hi")
    drive(assistant, sender, ANSWERS)
    (booking,), (intake,) = rows(assistant, sender)
    assert booking.status == "booked" and booking.intake_id == intake.id
    return sender, booking, intake


def test_cancel_is_asked_first_a_question_about_it_changes_nothing_and_book_again_reuses_the_intake(assistant):
    sender, booking, intake = booked_patient(assistant)

    asked = assistant.say(sender, "if I get a fever on the day do I need to cancel?")
    assert asked, "every message gets a reply"
    assert [b.status for b in rows(assistant, sender)[0]] == ["booked"]

    question = assistant.say(sender, "please cancel my appointment")
    assert f"Cancel your appointment {booking.reference}" in joined(question)
    assert [b["title"] for b in question[-1]["buttons"]] == ["Yes, cancel it", "No, keep it"]
    assert [b.status for b in rows(assistant, sender)[0]] == ["booked"], "nothing before the yes"
    assert "stays as it is" in joined(assistant.say(sender, "no, keep it"))
    assert [b.status for b in rows(assistant, sender)[0]] == ["booked"]

    assistant.say(sender, "cancel my appointment")
    assert "is cancelled" in joined(assistant.say(sender, "yes"))
    assert [b.status for b in rows(assistant, sender)[0]] == ["cancelled"]

    offered = assistant.say(sender, "book it again")
    assert requested(assistant, sender) == "booking_time", "no intake questions again"
    assistant.say(sender, first_time_button(offered))
    assert "is booked" in joined(assistant.say(sender, "yes"))
    first, second = rows(assistant, sender)[0]
    assert (first.status, second.status) == ("cancelled", "booked")
    assert second.intake_id == intake.id and second.phone == first.phone


def test_move_is_proposed_with_the_new_time_and_done_after_the_yes(assistant):
    sender, booking, _ = booked_patient(assistant)
    proposed = assistant.say(sender, "move it to next Monday 11am")
    wanted = slots(assistant, sender)["booking_time"]
    if wanted:  # next Monday 11:00 is free: proposed, not yet moved
        assert f"move your appointment {booking.reference} to Monday" in joined(proposed)
    else:  # a holiday or taken: the nearest free times are offered instead
        assistant.say(sender, first_time_button(proposed))
        wanted = slots(assistant, sender)["booking_time"]
    (unchanged,) = rows(assistant, sender)[0]
    assert unchanged.start_at == booking.start_at
    assert "is now on" in joined(assistant.say(sender, "yes"))
    (moved,) = rows(assistant, sender)[0]
    assert moved.reference == booking.reference
    assert moved.start_at == dt.datetime.fromisoformat(wanted["start"]).astimezone(dt.timezone.utc)


def book_with_name_and_phone(assistant, sender, name="Waqar", phone="0345 1112233"):
    assert requested(assistant, sender) == "first_name"
    offered = assistant.say(sender, name)
    assistant.say(sender, first_time_button(offered))
    assistant.say(sender, phone)
    assistant.say(sender, "no email")
    assert "is booked" in joined(assistant.say(sender, "yes"))


def test_after_declining_consent_an_appointment_takes_only_a_name_and_a_phone(assistant):
    sender = new_sender()
    assistant.say(sender, "hi")
    assistant.say(sender, "no")
    first = assistant.texts(sender, "can I still book a consultation with the doctor?")
    assert any("won't ask about your health" in t for t in first)
    book_with_name_and_phone(assistant, sender, "Rubab", "0312 7778899")
    (booking,), intakes = rows(assistant, sender)
    assert (booking.first_name, booking.phone, booking.intake_id) == ("Rubab", "+923127778899", None)
    assert intakes == [] and requested(assistant, sender) is None


def test_an_appointment_without_the_questions_takes_only_a_name_and_a_phone(assistant):
    sender = new_sender()
    first = assistant.texts(sender, "I only want to book an appointment, no questions please")
    assert any("won't ask about your health" in t for t in first)
    assert requested(assistant, sender) == "first_name"
    offered = assistant.say(sender, "Waqar")
    assistant.say(sender, first_time_button(offered))
    assistant.say(sender, "0345 1112233")
    assistant.say(sender, "no email")
    assert "is booked" in joined(assistant.say(sender, "yes"))
    (booking,), intakes = rows(assistant, sender)
    assert (booking.first_name, booking.phone, booking.intake_id) == ("Waqar", "+923451112233", None)
    assert intakes == [] and slots(assistant, sender)["consent"] is not True


def test_during_the_questions_the_patient_can_just_book(assistant):
    sender = new_sender()
    assistant.say(sender, "hi")
    drive(assistant, sender, ANSWERS, stop_before="age")
    choice = assistant.say(sender, "can I just book an appointment?")
    assert "finish them first" in joined(choice)
    offered = assistant.say(sender, '/inform{"choice":"book_now"}')
    assistant.say(sender, first_time_button(offered))
    assistant.say(sender, "0300 4445566")
    assistant.say(sender, "skip")
    assert "is booked" in joined(assistant.say(sender, "yes"))
    (booking,), intakes = rows(assistant, sender)
    assert booking.first_name == "Sara" and booking.intake_id is None and intakes == []
    assert requested(assistant, sender) is None


def test_a_wrong_reference_gets_a_reply(assistant):
    sender = new_sender()
    assert assistant.say(sender, "I want to cancel my booking")
    assert requested(assistant, sender) == "manage_lookup"
    reply = assistant.say(sender, "K7P2QX 0300 7654321")
    assert "couldn't find a booking" in joined(reply)
    assert "nothing was changed" in joined(assistant.say(sender, "never mind")).lower()


def test_not_now_then_book_later_uses_the_intake(assistant):
    sender = new_sender()
    assistant.say(sender, "hi")
    drive(assistant, sender, {**ANSWERS, "wants_booking": "not now, thanks"})
    assert rows(assistant, sender)[0] == []
    offered = assistant.say(sender, "actually I'd like to book an appointment now")
    assistant.say(sender, first_time_button(offered))
    assistant.say(sender, "0301 2223344")
    assistant.say(sender, "skip")
    assert "is booked" in joined(assistant.say(sender, "yes"))
    (booking,), (intake,) = rows(assistant, sender)
    assert booking.intake_id == intake.id
