"""The clinic's facts through the real Rasa server and action server (the trained model, endpoints.yml's nlg):
a fee question in the middle of the intake gets the fee and the open question again; "clinic kahan hai" gets
the address and the map link."""
from __future__ import annotations

import uuid

import pytest

from bot.clinic import clinic_facts
from bot.intake.questions import question

pytestmark = pytest.mark.slow
FACTS = clinic_facts()


@pytest.fixture(scope="module")
def assistant(shared_assistant):
    return shared_assistant  # tests/conftest.py: one assistant for the modules that need nothing special


def _requested(assistant, sender):
    return assistant.tracker(sender)["slots"].get("requested_slot")


def test_the_fee_asked_in_the_middle_of_the_intake_then_the_same_question_again(assistant):
    sender = f"facts-{uuid.uuid4().hex[:8]}"
    assistant.texts(sender, "hi")
    assistant.texts(sender, "yes")
    assistant.texts(sender, "Sara")
    assert _requested(assistant, sender) == "age"
    replies = assistant.texts(sender, "what is the fee?")
    joined = "\n".join(replies)
    assert FACTS.fee_display in joined and "{" not in joined, replies
    assert replies[-1] == question("age").ask, replies
    assert _requested(assistant, sender) == "age"
    assert "{" not in "\n".join(assistant.texts(sender, "34"))  # the intake goes on
    assert _requested(assistant, sender) == "sex"


def test_clinic_kahan_hai_gets_the_address_and_the_map_link(assistant):
    sender = f"facts-{uuid.uuid4().hex[:8]}"
    joined = "\n".join(assistant.texts(sender, "clinic kahan hai"))
    assert FACTS.address in joined and FACTS.map_link in joined, joined


@pytest.mark.parametrize("text,facts", [
    ("what is your whatsapp number?", [FACTS.whatsapp_display, FACTS.phone_display]),
    ("clinic kab khulta hai", [FACTS.hours_text]),
])
def test_the_numbers_and_the_timings(assistant, text, facts):
    sender = f"facts-{uuid.uuid4().hex[:8]}"
    joined = "\n".join(assistant.texts(sender, text))
    assert all(fact in joined for fact in facts), joined
