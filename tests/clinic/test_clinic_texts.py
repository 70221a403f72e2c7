"""Every patient text that sends the patient to the clinic gives its number, and every fact a text names is filled in:
the message files (bot/messages.py fills them), domain.yml's responses (the Rasa server's nlg,
bot/clinic_responses.py), the booking confirmation and its calendar file."""
from __future__ import annotations

import asyncio
import datetime as dt
import re
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from icalendar import Calendar
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.booking import booking_ics, confirmation
from bot.clinic import clinic_facts
from bot.clinic_responses import ClinicFactsResponses
from bot.messages import MessageFile
from bot.store.models import Booking

ROOT = Path(__file__).resolve().parents[2]
FACTS = clinic_facts()
FIELDS = FACTS.message_fields()
# "call the clinic", "calling the clinic", "phone the clinic", "call the\n clinic" ...
SENDS_TO_CLINIC = re.compile(r"\b(call|calling|phone|ring|contact)\s+(the\s+|our\s+)?clinic\b(?!'s staff)", re.I)
NAMED_FACT = re.compile(r"\{(clinic_\w+|opening_hours|consultation_fee)\}")
MESSAGE_FILES = sorted(p for p in (ROOT / "bot").rglob("*.yml") if p.name != "facts.yml")


def _texts(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every string; a button's title is the patient's words, not the bot's."""
    if isinstance(node, dict):
        if set(node) == {"title", "value"}:
            return
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}.{i}")
    elif isinstance(node, str):
        yield path, node


def _all_texts() -> list[tuple[str, str, str]]:
    found = []
    for path in MESSAGE_FILES:
        found += [(str(path.relative_to(ROOT)), where, t) for where, t in _texts(yaml.safe_load(path.read_text()))]
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    found += [("domain.yml", where, t) for where, t in _texts(domain["responses"])]
    return found


ALL_TEXTS = _all_texts()


def test_the_scan_sees_the_texts_that_send_patients_to_the_clinic():
    sending = [t for _, _, t in ALL_TEXTS if SENDS_TO_CLINIC.search(t)]
    assert len(sending) >= 15  # the check below could fail: these texts exist
    assert SENDS_TO_CLINIC.search("Please call the\n    clinic if you think this is wrong.")


def test_every_text_that_sends_the_patient_to_the_clinic_gives_its_number():
    missing = [f"{file}: {where}" for file, where, t in ALL_TEXTS
               if SENDS_TO_CLINIC.search(t) and "{clinic_phone}" not in t]
    assert missing == []


def test_every_fact_a_text_names_exists():
    unknown = {(file, name) for file, _, t in ALL_TEXTS for name in NAMED_FACT.findall(t) if name not in FIELDS}
    assert unknown == set()


def test_no_text_writes_a_fact_out_again():
    """The hours, number and address are said through the facts, never written into a text (they would go stale)."""
    written = [f"{file}: {where}" for file, where, t in ALL_TEXTS
               if re.search(r"10 am to 7 pm|Monday to Saturday|\+92 51|SKN Cosmetic Clinic, Islamabad", t)]
    assert written == []


@pytest.mark.parametrize("path", MESSAGE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_message_files_fill_in_the_facts(path):
    messages = MessageFile(path)
    for where, raw in _texts(messages.data):
        if NAMED_FACT.search(raw):
            said = messages.text(where)
            assert not NAMED_FACT.search(said), (where, said)
            for name in NAMED_FACT.findall(raw):
                assert FIELDS[name] in said


def _response(name: str) -> str:
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events("clinic-facts-test", [], slots=domain.slots)
    return asyncio.run(ClinicFactsResponses(domain=domain).generate(name, tracker, "rest"))["text"]


@pytest.mark.parametrize("topic,says", [
    ("cost", [FACTS.fee_display]),
    ("location", [FACTS.name, FACTS.address, FACTS.map_link]),
    ("contact", [FACTS.phone_display, FACTS.whatsapp_display]),
    ("hours", [FACTS.hours_text, FACTS.phone_display]),
    ("appointment_changes", [FACTS.phone_display]),
])
def test_the_faq_answers_come_from_the_facts(topic, says):
    text = _response(f"utter_faq/{topic}")
    assert "{" not in text
    for fact in says:
        assert fact in text


def test_off_topic_gives_the_clinics_number():
    text = _response("utter_out_of_scope")
    assert FACTS.phone_display in text and FACTS.name in text and "{" not in text


def test_numbers_are_written_as_phones_make_them_tappable():
    """International form with the + (a phone links it); the link is the bare https address."""
    assert re.fullmatch(r"\+92 \d{2,3} \d{7}", FACTS.phone_display)
    assert re.fullmatch(r"\+92 \d{3} \d{7}", FACTS.whatsapp_display)
    assert " " not in FACTS.map_link and FACTS.map_link.startswith("https://")


def _booking(**kw) -> Booking:
    values = dict(reference="AB3K7Q", conversation_id="c", practitioner_id="derm-a",
                  start_at=dt.datetime(2026, 12, 8, 11, 30, tzinfo=dt.timezone.utc),
                  end_at=dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.timezone.utc), status="booked",
                  first_name="Sara", phone="+923001234567", doctor_review_first=False, reschedules=0)
    values.update(kw)
    return Booking(**values)


def test_the_confirmation_names_the_doctor_and_the_clinic_once_with_its_address():
    info = confirmation(_booking())
    doctor = FACTS.doctor("derm-a")
    assert info.practitioner == f"{doctor.name} ({doctor.title})"
    assert info.place == f"{FACTS.name}, {FACTS.street_address}, {FACTS.city}"
    assert info.place.count(FACTS.name) == 1 and info.clinic_phone == FACTS.phone_display
    assert list(info.what_to_bring) == list(FACTS.what_to_bring)
    assert list(confirmation(_booking(), for_child=True).what_to_bring) == list(FACTS.what_to_bring_child)


def test_the_calendar_file_names_the_clinic_once_with_its_address_and_gives_map_and_number():
    (event,) = Calendar.from_ical(booking_ics(_booking())).walk("VEVENT")
    location = str(event["LOCATION"])
    assert location == FACTS.place and location.count(FACTS.name) == 1
    description = str(event["DESCRIPTION"])
    assert FACTS.map_link in description and FACTS.phone_display in description
    assert FACTS.doctor("derm-a").name in description
    assert str(event["URL"]) == FACTS.map_link
