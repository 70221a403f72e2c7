"""Made-up intakes and bookings for the benchmark and tests: realistic shapes, no real patients."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import insert

from bot.booking.reference import ALPHABET, LENGTH
from bot.intake.records import summary_columns
from bot.intake.summary import build_summary
from bot.store.db import SessionFactory, write_session
from bot.store.models import BOOKED, CANCELLED, Booking, Intake, utcnow

from .labels import TYPE_CODES

NAMES = [
    "Sara",
    "Ayesha",
    "Hamza",
    "Bilal",
    "Fatima",
    "Zainab",
    "Usman",
    "Hina",
    "Ali",
    "Maryam",
    "Omar",
    "Sana",
    "Imran",
    "Nadia",
    "Kamran",
    "Rabia",
    "Tariq",
    "Amna",
    "Faisal",
    "Mehwish",
]
CHANNELS = ["rest", "socketio", "twilio"]
PATTERNS = ["patches", "hairline_crown", "diffuse", "edges"]
BASE_SLOTS: dict[str, Any] = {
    "sex": "female",
    "description": "Thinning at the parting for a year",
    "duration_days": 365,
    "onset": "gradual",
    "pattern": "diffuse",
    "shedding": "more_shedding",
    "triggers": ["stress"],
    "family_history": True,
    "hairstyles": False,
    "scalp_symptoms": [],
    "nail_changes": False,
    "conditions": [],
    "medicines": [],
    "pregnancy": "no",
    "treatments_tried": [],
}


def assessment(likely: str, rng: random.Random, red_flag: bool = False, contraindication: bool = False) -> dict:
    others = [t for t in TYPE_CODES if t not in (likely, "unclear")]
    top = round(rng.uniform(0.4, 0.9), 2)
    probabilities = {likely if likely != "unclear" else others[0]: top, others[-1]: round(1 - top, 2)}
    return {
        "likely_type": likely,
        "probabilities": probabilities,
        "confidence": round(rng.uniform(0.3, 0.95), 2),
        "evidence": [
            {
                "code": "pattern",
                "patient": "where it is",
                "staff": "Distribution of the hair loss",
                "effects": {likely: 1.5, others[0]: -0.5},
            },
            {"code": "duration", "patient": "how long", "staff": "Duration over 6 months", "effects": {likely: -0.7}},
        ],
        "findings": [
            {"code": "pattern_diffuse", "text": "thinning at the parting", "negated": False, "subject": "patient"}
        ],
        "red_flags": [
            {
                "code": "scarring_signs",
                "patient_text": "Please see the doctor first.",
                "staff_text": "Pain/burning with pustules: possible scarring alopecia",
            }
        ]
        if red_flag
        else [],
        "contraindications": [
            {
                "code": "blood_thinner",
                "patient_text": "Tell the doctor about blood thinners.",
                "staff_text": "On anticoagulants: no injections without the doctor",
            }
        ]
        if contraindication
        else [],
    }


def summary(
    conversation_id: str,
    *,
    first_name: str = "Sara",
    age: int = 34,
    channel: str = "rest",
    likely: str = "androgenetic_alopecia",
    red_flag: bool = False,
    contraindication: bool = False,
    handoff: bool = False,
    started_at: dt.datetime | None = None,
    slots: dict | None = None,
    rng: random.Random | None = None,
):
    started = started_at or utcnow() - dt.timedelta(minutes=10)
    return build_summary(
        conversation_id=conversation_id,
        channel=channel,
        slots={**BASE_SLOTS, "first_name": first_name, "age": age, **(slots or {})},
        assessment=assessment(likely, rng or random.Random(conversation_id), red_flag, contraindication),
        handoff=handoff,
        consent=True,
        started_at=started,
        completed_at=started + dt.timedelta(minutes=8),
        handoff_reason="asked for a person" if handoff else None,
    )


def booking_row(
    conversation_id: str,
    first_name: str,
    start: dt.datetime,
    *,
    reference: str,
    phone: str = "+923001234567",
    status: str = BOOKED,
    practitioner_id: str = "dr_a",
    intake_id: int | None = None,
) -> dict[str, Any]:
    now = utcnow()
    return dict(
        reference=reference,
        conversation_id=conversation_id,
        intake_id=intake_id,
        practitioner_id=practitioner_id,
        start_at=start,
        end_at=start + dt.timedelta(minutes=30),
        status=status,
        first_name=first_name,
        phone=phone,
        email=None,
        doctor_review_first=False,
        reschedules=0,
        notes=None,
        created_at=now,
        updated_at=now,
        cancelled_at=now if status == CANCELLED else None,
    )


def _reference(number: int) -> str:
    """A booking reference made from a number (unique per number), in the real references' alphabet."""
    code = ""
    for _ in range(LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        code += ALPHABET[digit]
    return code


def generate(session_factory: SessionFactory, n: int, seed: int = 6, batch: int = 1000) -> None:
    """n intakes over the last year (about 60% booked, 10% cancelled), inserted in batches."""
    rng = random.Random(seed)
    now = utcnow()
    for start in range(0, n, batch):
        intakes: list[dict[str, Any]] = []
        bookings: list[dict[str, Any]] = []
        for i in range(start, min(n, start + batch)):
            conversation_id = f"bench-{seed}-{i:06d}"
            created = now - dt.timedelta(minutes=rng.randint(0, 525_600))
            name = rng.choice(NAMES)
            s = summary(
                conversation_id,
                first_name=name,
                age=rng.randint(16, 70),
                channel=rng.choice(CHANNELS),
                likely=rng.choice(TYPE_CODES),
                red_flag=rng.random() < 0.08,
                contraindication=rng.random() < 0.12,
                handoff=rng.random() < 0.05,
                started_at=created,
                slots={"pattern": rng.choice(PATTERNS)},
                rng=rng,
            )
            values = summary_columns(s)
            values["summary"] = json.loads(s.json())
            values.update(
                created_at=created,
                updated_at=created,
                review_status=rng.choice(["new", "new", "reviewed", "needs_follow_up"]),
            )
            intakes.append(values)
            roll = rng.random()
            if roll < 0.7:
                # Practitioner and minute are unique per row, so the active-slot index never collides.
                slot = now + dt.timedelta(days=1, minutes=i * 30)
                bookings.append(
                    booking_row(
                        conversation_id,
                        name,
                        slot,
                        practitioner_id=f"dr_{i % 3}",
                        reference=_reference(seed * 1_000_000 + i),
                        phone=f"+92300{rng.randint(1000000, 9999999)}",
                        status=CANCELLED if roll < 0.1 else BOOKED,
                    )
                )
        with write_session(session_factory) as session:
            session.execute(insert(Intake), intakes)
            if bookings:
                session.execute(insert(Booking), bookings)
