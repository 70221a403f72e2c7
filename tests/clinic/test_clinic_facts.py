"""The clinic's facts file: read and checked field by field, each fact said once, placeholders listed in README."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from bot.booking.phones import normalize_phone
from bot.booking.schedule import default_schedule
from bot.clinic import FactsError, clinic_facts, facts_from_dict, load_facts
from bot.clinic.facts import FACTS_PATH

ROOT = Path(__file__).resolve().parents[2]
RAW = yaml.safe_load(FACTS_PATH.read_text(encoding="utf-8"))


def _with(path: str, value) -> dict:
    """facts.yml's content with one field changed (value None: removed)."""
    raw = copy.deepcopy(RAW)
    *parents, last = path.split(".")
    node = raw
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is None:
        del node[last]
    elif isinstance(node.get(last), dict) and "value" in node[last]:
        node[last]["value"] = value
    else:
        node[last] = value
    return raw


def test_the_file_reads_with_the_clinic_name_from_its_own_article():
    facts = load_facts()
    assert facts.name == "SKN Cosmetic Clinic" and facts.city == "Islamabad"
    assert facts.phone.startswith("+92") and facts.whatsapp.startswith("+92")
    assert facts.map_link.startswith("https://")
    assert facts.consultation_fee_pkr > 0 and facts.what_to_bring and facts.what_to_bring_child
    assert [d.id for d in facts.practitioners] == ["derm-a", "derm-b"]  # ids stored with bookings never change


def test_numbers_are_kept_as_the_booking_rules_would_keep_them():
    facts = clinic_facts()
    for name in ("phone", "whatsapp"):
        written = RAW[name]["value"]
        assert getattr(facts, name) == normalize_phone(written)
    assert facts_from_dict(_with("phone", "051 9999999")).phone == "+92519999999"  # written the local way


@pytest.mark.parametrize("field", [
    "name", "city", "street_address", "map_link", "phone", "whatsapp", "consultation_fee_pkr",
    "opening_hours", "practitioners", "what_to_bring", "what_to_bring_child", "calendar_domain",
])
def test_a_missing_field_is_named(field):
    with pytest.raises(FactsError, match=rf"`{field}` is missing"):
        facts_from_dict(_with(field, None))


@pytest.mark.parametrize("field,value,says", [
    ("phone", "12345", "`phone` is not a valid phone number"),
    ("phone", "call us", "`phone` is not a phone number"),
    ("whatsapp", "+92 51 1234567", "`whatsapp` is not a valid phone number"),
    ("map_link", "http://maps.example/skn", "`map_link` must be an https:// link"),
    ("map_link", "maps.example/skn", "`map_link` must be an https:// link"),
    ("map_link", "javascript:alert(1)", "`map_link` must be an https:// link"),
    ("consultation_fee_pkr", "three thousand", "`consultation_fee_pkr` must be a whole number"),
    ("consultation_fee_pkr", 0, "`consultation_fee_pkr` must be a whole number"),
    ("name", "   ", "`name` must be a non-empty text"),
    ("opening_hours.mon", {"open": "19:00", "close": "10:00"}, "`opening_hours.mon` closes before it opens"),
    ("opening_hours.tue", {"open": "ten", "close": "19:00"}, "`opening_hours.tue.open` must be a time"),
    ("opening_hours.funday", "closed", "unknown weekday"),
    ("practitioners.0.job_title", "", "`job_title` must be a non-empty text"),
])
def test_a_malformed_field_is_named(field, value, says):
    with pytest.raises(FactsError, match=re.escape(says)):
        facts_from_dict(_with(field, value))


def test_a_misspelt_field_is_refused_not_ignored():
    raw = copy.deepcopy(RAW)
    raw["whatsap"] = raw["whatsapp"]
    with pytest.raises(FactsError, match=r"unknown field\(s\) \['whatsap'\]"):
        facts_from_dict(raw)
    raw = copy.deepcopy(RAW)
    raw["practitioners"][0]["title"] = "Dr"
    with pytest.raises(FactsError, match=r"practitioners\[0\]` has unknown keys \['title'\]"):
        facts_from_dict(raw)


def test_practitioner_ids_must_be_unique():
    raw = copy.deepcopy(RAW)
    raw["practitioners"][1]["id"] = raw["practitioners"][0]["id"]
    with pytest.raises(FactsError, match="ids must be unique"):
        facts_from_dict(raw)


def test_the_schedule_takes_hours_doctors_and_the_clinic_from_the_facts():
    facts, schedule = clinic_facts(), default_schedule()
    assert schedule.facts == facts
    assert [(p.id, p.name, p.title) for p in schedule.practitioners] == [
        (d.id, d.name, d.title) for d in facts.practitioners]
    assert schedule.clinic.name == facts.name and schedule.clinic.address == facts.address
    schedule_yml = (ROOT / "bot" / "booking" / "schedule.yml").read_text(encoding="utf-8")
    for fact in ("SKN Cosmetic Clinic", "Islamabad", "Consultant", "CNIC", "what_to_bring:", "\nhours:", "practitioners:"):
        assert fact not in schedule_yml, f"{fact!r} is a clinic fact: bot/clinic/facts.yml has its one copy"


def test_hours_are_said_in_words():
    assert clinic_facts().hours_text == "Monday to Saturday, 10 am to 7 pm; closed on Sunday"
    raw = _with("opening_hours.sat", {"open": "09:30", "close": "13:00"})
    assert facts_from_dict(raw).hours_text == (
        "Monday to Friday, 10 am to 7 pm; Saturday, 9:30 am to 1 pm; closed on Sunday")


def _readme_placeholders() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Clinic facts", 1)[1].split("\n#", 1)[0]
    listed = section.split("Placeholders still to fill in", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^- `([^`]+)`", listed, re.M)


def test_readme_lists_exactly_the_fields_marked_placeholder():
    assert sorted(_readme_placeholders()) == sorted(clinic_facts().placeholders)
    assert "phone" in clinic_facts().placeholders  # the marks are read (the check could fail)
    assert "name" not in clinic_facts().placeholders  # from the clinic's own article


def test_readme_describes_every_field():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("### Clinic facts", 1)[1].split("\n#", 1)[0]
    missing = [field for field in RAW if f"`{field}`" not in readme]
    assert missing == []
