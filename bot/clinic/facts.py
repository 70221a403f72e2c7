"""The clinic's facts (facts.yml): read once, checked field by field, and offered as the `{clinic_phone}`-style
fields every message file fills in (bot/messages.py).

A foundation module: the booking rules, the conversation, the actions and the staff app all read it, so it imports
nothing of bot/. Phone numbers are parsed here with phonenumbers itself for that reason; they must come out the
same as bot.booking.phones.normalize_phone would make them (tests/clinic checks it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import phonenumbers
import yaml

FACTS_PATH = Path(__file__).with_name("facts.yml")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index == date.weekday()
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PHONE_REGION = "PK"  # a number written without +92 is a Pakistani one


class FactsError(ValueError):
    """facts.yml is missing a field or has one that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Doctor:
    id: str
    name: str
    title: str


@dataclass(frozen=True)
class ClinicFacts:
    name: str
    city: str
    street_address: str
    map_link: str
    phone: str  # E.164
    whatsapp: str  # E.164
    consultation_fee_pkr: int
    calendar_domain: str
    # weekday -> {"open": "10:00", "close": "19:00", "breaks": [["13:00", "14:00"]]}, or None when closed
    opening_hours: dict[str, dict[str, Any] | None]
    practitioners: tuple[Doctor, ...]
    what_to_bring: tuple[str, ...]
    what_to_bring_child: tuple[str, ...]
    placeholders: tuple[str, ...] = field(default=())  # the fields marked `placeholder: true`, as README names them

    @property
    def address(self) -> str:
        """The street address and the city: '12 Main Road, Islamabad'."""
        return f"{self.street_address}, {self.city}"

    @property
    def place(self) -> str:
        """The clinic's name with its address, each said once."""
        return f"{self.name}, {self.address}"

    @property
    def phone_display(self) -> str:
        return _display(self.phone)

    @property
    def whatsapp_display(self) -> str:
        return _display(self.whatsapp)

    @property
    def fee_display(self) -> str:
        return f"Rs {self.consultation_fee_pkr:,}"

    @property
    def hours_text(self) -> str:
        """'Monday to Saturday, 10 am to 7 pm; closed on Sunday': consecutive days with the same hours together."""
        groups: list[tuple[list[int], tuple[str, str] | None]] = []
        for i, day in enumerate(WEEKDAYS):
            cfg = self.opening_hours.get(day)
            hours = (cfg["open"], cfg["close"]) if cfg else None
            if groups and groups[-1][1] == hours and groups[-1][0][-1] == i - 1:
                groups[-1][0].append(i)
            else:
                groups.append(([i], hours))
        open_parts, closed_days = [], []
        for days, hours in groups:
            names = DAY_NAMES[days[0]] if len(days) == 1 else f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
            if hours is None:
                closed_days.append(names)
            else:
                open_parts.append(f"{names}, {_spoken_time(hours[0])} to {_spoken_time(hours[1])}")
        text = "; ".join(open_parts) or "by appointment"
        return f"{text}; closed on {' and '.join(closed_days)}" if closed_days else text

    def doctor(self, doctor_id: str) -> Doctor:
        for d in self.practitioners:
            if d.id == doctor_id:
                return d
        raise KeyError(f"unknown practitioner {doctor_id!r}")

    def message_fields(self) -> dict[str, str]:
        """What texts may name: "call the clinic on {clinic_phone}" (bot/messages.py fills these in every text)."""
        return {
            "clinic_name": self.name,
            "clinic_city": self.city,
            "clinic_address": self.address,
            "clinic_place": self.place,
            "clinic_map_link": self.map_link,
            "clinic_phone": self.phone_display,
            "clinic_whatsapp": self.whatsapp_display,
            "consultation_fee": self.fee_display,
            "opening_hours": self.hours_text,
        }


def _display(e164: str) -> str:
    """'+92 51 9999999': the international form, which phones show as a number to tap."""
    return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _spoken_time(hhmm: str) -> str:
    t = dt.datetime.strptime(hhmm, "%H:%M").time()
    hour = t.hour % 12 or 12
    minutes = f":{t.minute:02d}" if t.minute else ""
    return f"{hour}{minutes} {'am' if t.hour < 12 else 'pm'}"


# -- reading and checking --------------------------------------------------------------------------------------
def _value(raw: dict[str, Any], name: str, marked: list[str]) -> Any:
    """A field's value, written plainly or as {value: ..., placeholder: true}; a marked one is noted in `marked`."""
    if name not in raw or raw[name] is None:
        raise FactsError(f"clinic facts: `{name}` is missing")
    node = raw[name]
    if isinstance(node, dict) and "value" in node:
        unknown = set(node) - {"value", "placeholder"}
        if unknown:
            raise FactsError(f"clinic facts: `{name}` has unknown keys {sorted(unknown)}")
        if node.get("placeholder"):
            marked.append(name)
        node = node["value"]
        if node is None:
            raise FactsError(f"clinic facts: `{name}` is missing")
    return node


def _text(raw: dict[str, Any], name: str, marked: list[str]) -> str:
    value = _value(raw, name, marked)
    if not isinstance(value, str) or not value.strip():
        raise FactsError(f"clinic facts: `{name}` must be a non-empty text, not {value!r}")
    return value.strip()


def _phone(raw: dict[str, Any], name: str, marked: list[str]) -> str:
    """The number in E.164, checked as bot.booking.phones.normalize_phone checks a patient's number."""
    value = str(_value(raw, name, marked)).strip()
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException as e:
        raise FactsError(f"clinic facts: `{name}` is not a phone number: {value!r}") from e
    if not phonenumbers.is_valid_number(number):
        raise FactsError(f"clinic facts: `{name}` is not a valid phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _https_link(raw: dict[str, Any], name: str, marked: list[str]) -> str:
    value = _text(raw, name, marked)
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in value):
        raise FactsError(f"clinic facts: `{name}` must be an https:// link, not {value!r}")
    return value


def _fee(raw: dict[str, Any], name: str, marked: list[str]) -> int:
    value = _value(raw, name, marked)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise FactsError(f"clinic facts: `{name}` must be a whole number of rupees above 0, not {value!r}")
    return value


def _time(value: Any, where: str) -> str:
    try:
        return dt.datetime.strptime(str(value), "%H:%M").strftime("%H:%M")
    except ValueError as e:
        raise FactsError(f"clinic facts: `{where}` must be a time like 09:30, not {value!r}") from e


def _hours(raw: dict[str, Any], marked: list[str]) -> dict[str, dict[str, Any] | None]:
    value = _value(raw, "opening_hours", marked)
    if not isinstance(value, dict):
        raise FactsError("clinic facts: `opening_hours` must list weekdays (mon ... sun)")
    unknown = set(value) - set(WEEKDAYS)
    if unknown:
        raise FactsError(f"clinic facts: `opening_hours` has unknown weekday(s) {sorted(unknown)}")
    hours: dict[str, dict[str, Any] | None] = {}
    for day in WEEKDAYS:
        cfg = value.get(day)
        where = f"opening_hours.{day}"
        if cfg in (None, "closed", False):
            hours[day] = None
            continue
        if not isinstance(cfg, dict) or "open" not in cfg or "close" not in cfg:
            raise FactsError(f"clinic facts: `{where}` must be `closed` or have `open` and `close`")
        opens, closes = _time(cfg["open"], f"{where}.open"), _time(cfg["close"], f"{where}.close")
        if opens >= closes:
            raise FactsError(f"clinic facts: `{where}` closes before it opens")
        breaks = []
        for pair in cfg.get("breaks") or []:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise FactsError(f"clinic facts: `{where}.breaks` must be [start, end] pairs")
            start, end = _time(pair[0], f"{where}.breaks"), _time(pair[1], f"{where}.breaks")
            if start >= end:
                raise FactsError(f"clinic facts: `{where}.breaks` has a break that ends before it starts")
            breaks.append([start, end])
        hours[day] = {"open": opens, "close": closes, "breaks": breaks}
    return hours


def _doctors(raw: dict[str, Any], marked: list[str]) -> tuple[Doctor, ...]:
    entries = _value(raw, "practitioners", marked)
    if not isinstance(entries, list) or not entries:
        raise FactsError("clinic facts: `practitioners` must list at least one dermatologist")
    doctors = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise FactsError(f"clinic facts: `practitioners[{i}]` must have id, name and job_title")
        unknown = set(entry) - {"id", "name", "job_title", "placeholder"}
        if unknown:
            raise FactsError(f"clinic facts: `practitioners[{i}]` has unknown keys {sorted(unknown)}")
        ours: list[str] = []
        doctor_id = _text(entry, "id", ours)
        name = _text(entry, "name", ours)
        title = _text(entry, "job_title", ours)
        if entry.get("placeholder"):
            marked.append(f"practitioners.{doctor_id}")
        doctors.append(Doctor(doctor_id, name, title))
    if len({d.id for d in doctors}) != len(doctors):
        raise FactsError("clinic facts: `practitioners` ids must be unique")
    return tuple(doctors)


def _items(raw: dict[str, Any], name: str, marked: list[str]) -> tuple[str, ...]:
    value = _value(raw, name, marked)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FactsError(f"clinic facts: `{name}` must be a list of texts")
    return tuple(v.strip() for v in value)


# The fields of facts.yml (a misspelt one is refused, not ignored).
FIELDS = {
    "name",
    "city",
    "street_address",
    "map_link",
    "phone",
    "whatsapp",
    "consultation_fee_pkr",
    "calendar_domain",
    "opening_hours",
    "practitioners",
    "what_to_bring",
    "what_to_bring_child",
}


def facts_from_dict(raw: Any) -> ClinicFacts:
    if not isinstance(raw, dict):
        raise FactsError("clinic facts: the file must be a mapping of fields")
    unknown = set(raw) - FIELDS
    if unknown:
        raise FactsError(f"clinic facts: unknown field(s) {sorted(unknown)}")
    marked: list[str] = []
    facts = ClinicFacts(
        name=_text(raw, "name", marked),
        city=_text(raw, "city", marked),
        street_address=_text(raw, "street_address", marked),
        map_link=_https_link(raw, "map_link", marked),
        phone=_phone(raw, "phone", marked),
        whatsapp=_phone(raw, "whatsapp", marked),
        consultation_fee_pkr=_fee(raw, "consultation_fee_pkr", marked),
        calendar_domain=_text(raw, "calendar_domain", marked),
        opening_hours=_hours(raw, marked),
        practitioners=_doctors(raw, marked),
        what_to_bring=_items(raw, "what_to_bring", marked),
        what_to_bring_child=_items(raw, "what_to_bring_child", marked),
    )
    return ClinicFacts(**{**facts.__dict__, "placeholders": tuple(marked)})


def load_facts(path: Path | str = FACTS_PATH) -> ClinicFacts:
    with open(path, encoding="utf-8") as f:
        return facts_from_dict(yaml.safe_load(f))


@cache
def clinic_facts() -> ClinicFacts:
    """facts.yml, read once per process."""
    return load_facts()


class _KeepUnknown(dict):
    """Fields a text names but nobody gave stay as written, as before this mechanism existed."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, **values: Any) -> str:
    """`text` with the clinic's facts ({clinic_phone} ...) and `values` filled in; values win over facts."""
    if "{" not in text:
        return text
    return text.format_map(_KeepUnknown({**message_fields(), **values}))


@cache
def message_fields() -> dict[str, str]:
    """The facts texts may name, worked out once per process: every text the assistant sends goes through
    fill(), and phone formatting and the opening-hours sentence are not free."""
    return clinic_facts().message_fields()
