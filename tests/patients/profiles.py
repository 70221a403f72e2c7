"""Simulated patient profiles (tests/patients/profiles/*.yml): who the patient is, what they say, what must be stored.

The format is described in tests/patients/README.md. A profile is read once into a frozen `Profile`; `problems()`
lists what is wrong with a profile file, so a broken profile fails the fast test_profiles.py, not the slow run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tests.patients.recognise import INTAKE_TOPICS

PROFILE_DIR = Path(__file__).with_name("profiles")
OUTCOMES = ("booking", "not_now", "no_consent_questions")
FACT_KEYS = (
    "name",
    "age",
    "sex",
    "duration",
    "onset",
    "pattern",
    "shedding",
    "triggers",
    "family_history",
    "hairstyles",
    "scalp_symptoms",
    "nails",
    "conditions",
    "medicines",
    "pregnancy",
    "treatments_tried",
    "phone",
    "preferred_time",
)
# Where a side message can be sent: when the bot first asks one of these topics (before answering it), right
# after consent was declined, or once the outcome is reached.
EVENT_MOMENTS = ("declined", "end")
BOOKING_TOPICS = ("booking_time", "phone", "email", "booking_confirm")


@dataclass(frozen=True)
class SideMessage:
    """Something the patient says that is not the answer asked for: an FAQ, a correction, a request."""

    at: str
    say: str
    reply_about: tuple[str, ...] = ()  # the reply must mention one of these words (an FAQ actually answered)


@dataclass(frozen=True)
class Volunteer:
    """A longer message after consent that tells several facts at once."""

    text: str
    at: str | None  # the question it answers; None: the first question after consent
    states: tuple[str, ...]  # the intake answers it gives, so asking them again can be noticed


@dataclass(frozen=True)
class Profile:
    id: str
    sources: tuple[str, ...]
    voice: str
    outcome: str
    consents: bool
    facts: dict[str, Any]
    opening: str
    volunteer: Volunteer | None
    says: dict[str, tuple[str, ...]]
    clicks: dict[str, str]  # topic -> the button title this patient clicks there
    events: tuple[SideMessage, ...]
    expect_intake: dict[str, Any] | None  # None: no intake may be stored
    expect_booking: dict[str, Any] | None  # None: no booking may be made
    schema_cannot_represent: tuple[str, ...]

    def answers(self, topic: str) -> tuple[str, ...]:
        return self.says.get(topic, ())

    def events_at(self, moment: str) -> list[SideMessage]:
        return [e for e in self.events if e.at == moment]


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value or ())


def parse(raw: dict[str, Any], profile_id: str) -> Profile:
    volunteer = raw.get("volunteer")
    expect = raw.get("expect") or {}
    return Profile(
        id=profile_id,
        sources=_texts(raw.get("source")),
        voice=str(raw.get("voice") or "").strip(),
        outcome=str(raw.get("outcome")),
        consents=bool(raw.get("consents", raw.get("outcome") != "no_consent_questions")),
        facts=dict(raw.get("facts") or {}),
        opening=str(raw.get("opening") or "hi"),
        volunteer=Volunteer(str(volunteer["text"]), volunteer.get("at"), _texts(volunteer.get("states")))
        if volunteer
        else None,
        says={str(k): _texts(v) for k, v in (raw.get("says") or {}).items()},
        clicks={str(k): str(v) for k, v in (raw.get("clicks") or {}).items()},
        events=tuple(
            SideMessage(str(e["at"]), str(e["say"]), _texts(e.get("reply_about"))) for e in raw.get("events") or ()
        ),
        expect_intake=expect.get("intake"),
        expect_booking=expect.get("booking"),
        schema_cannot_represent=_texts(raw.get("schema_cannot_represent")),
    )


def load(path: Path) -> Profile:
    return parse(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, path.stem)


@lru_cache(maxsize=1)
def all_profiles() -> tuple[Profile, ...]:
    return tuple(load(p) for p in sorted(PROFILE_DIR.glob("*.yml")))


def problems(profile: Profile) -> list[str]:
    """What is missing or inconsistent in a profile (empty when it is usable)."""
    found = []
    if profile.outcome not in OUTCOMES:
        found.append(f"outcome {profile.outcome!r} is not one of {OUTCOMES}")
    if not profile.sources or not all(s.startswith("http") for s in profile.sources):
        found.append("source: at least one address of the public text it paraphrases")
    if not profile.voice:
        found.append("voice: say who is writing and how")
    missing = [k for k in FACT_KEYS if k not in profile.facts]
    if missing:
        found.append(f"facts without {missing}")
    for topic, texts in profile.says.items():
        if not 1 <= len(texts) <= 3 or not all(t.strip() for t in texts):
            found.append(f"says.{topic}: 1-3 non-empty wordings")
    if "consent" not in profile.says:
        found.append("says.consent is needed")
    intake = profile.expect_intake
    if profile.consents and profile.outcome != "no_consent_questions":
        if intake is None:
            found.append("expect.intake is needed when the patient consents")
        else:
            unknown = set(intake) - set(INTAKE_TOPICS)
            if unknown:
                found.append(f"expect.intake has unknown answers {sorted(unknown)}")
            stated = set(profile.volunteer.states) if profile.volunteer else set()
            for slot in intake:
                if slot in INTAKE_TOPICS and slot not in profile.says and slot not in stated:
                    found.append(f"expect.intake.{slot} but no says.{slot} (nor stated in volunteer)")
        for topic in ("summary_confirm", "wants_booking"):
            if topic not in profile.says:
                found.append(f"says.{topic} is needed")
    if not profile.consents and intake is not None:
        found.append("a patient who does not consent can have no stored intake (expect.intake: null)")
    if profile.outcome == "booking":
        for topic in BOOKING_TOPICS:
            if topic not in profile.says:
                found.append(f"says.{topic} is needed to book")
        if not (profile.expect_booking or {}).get("phone", "").startswith("+92"):
            found.append("expect.booking.phone: the E.164 number the booking must hold")
    elif profile.expect_booking is not None:
        found.append("only outcome: booking has expect.booking")
    for event in profile.events:
        if (
            event.at not in EVENT_MOMENTS
            and event.at not in profile.says
            and event.at not in ("consent", "summary_confirm", "wants_booking", *BOOKING_TOPICS, *INTAKE_TOPICS)
        ):
            found.append(f"event at {event.at!r}: not a question or moment")
    if profile.outcome == "no_consent_questions" and not profile.events_at("declined"):
        found.append("a patient who declines asks questions: events at 'declined'")
    return found
