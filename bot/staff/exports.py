"""Exports: the intake list as CSV (safe to open in a spreadsheet) and one intake as a FHIR R4 Bundle."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from bot.intake.fhir_bundle import AppointmentFacts, intake_bundle
from bot.intake.summary import ANSWER_SLOTS, IntakeSummary

from .intakes_query import IntakeDetail, IntakeRow
from .labels import (
    BOOKING_LABELS,
    REVIEW_LABELS,
    TYPE_LABELS,
    answer_text,
    contact_phone,
    local,
    practitioner_label,
    type_label,
)
from .safe_text import encodable, encodable_data

# Append new columns at the end: spreadsheets and scripts read the existing ones by position.
CSV_COLUMNS = (
    "id",
    "date",
    "first_name",
    "age",
    "channel",
    "likely_type",
    "confidence",
    "bot_type",
    "corrected_type",
    "red_flag",
    "contraindication",
    "handoff",
    "handoff_done",
    "booking_status",
    "booking_time",
    "booking_reference",
    "review_status",
    "phone",
    "red_flags",
    *(f"answer_{slot}" for slot in ANSWER_SLOTS),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP "CSV injection"): a leading = + - @ tab or CR
    gets a single quote in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(r: IntakeRow, summary: dict[str, Any]) -> dict[str, Any]:
    answers = summary.get("answers") or {}
    own_words = summary.get("other_answers") or {}
    return {
        "id": r.id,
        "date": local(r.created_at),
        "first_name": r.first_name,
        "age": r.age,
        "channel": r.channel,
        "likely_type": type_label(r.likely_type),
        "confidence": "" if r.confidence is None else f"{r.confidence:.2f}",
        "bot_type": type_label(r.bot_type) if r.bot_type else "",
        "corrected_type": type_label(r.corrected_type) if r.corrected_type else "",
        "red_flag": "yes" if r.red_flag else "no",
        "contraindication": "yes" if r.contraindication else "no",
        "handoff": "yes" if r.handoff else "no",
        "handoff_done": local(r.handoff_done_at),
        "booking_status": BOOKING_LABELS.get(r.booking_status or "none", r.booking_status),
        "booking_time": local(r.booking_start),
        "booking_reference": r.booking_reference,
        "review_status": REVIEW_LABELS.get(r.review_status, r.review_status),
        "phone": r.phone,
        "red_flags": "; ".join(
            str(f.get("staff_text") or f.get("code")) for f in summary.get("red_flags") or [] if isinstance(f, dict)
        ),
        **{
            f"answer_{slot}": answer_text(slot, answers.get(slot), own_words.get(slot)) if slot in answers else ""
            for slot in ANSWER_SLOTS
        },
    }


def csv_lines(rows: Iterable[tuple[IntakeRow, dict[str, Any]]]) -> Iterator[str]:
    """The CSV text in pieces (header first), for a streamed response. Rows: (row, its stored summary)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()  # BOM: Excel then reads UTF-8 names correctly
    for r, summary in rows:
        buffer.seek(0)
        buffer.truncate()
        values = _row(r, summary)
        writer.writerow([csv_cell(values[c]) for c in CSV_COLUMNS])
        yield encodable(buffer.getvalue())


class SummaryNotExportable(ValueError):
    """A stored summary that no longer fits the summary model (an older schema, say): no FHIR for it."""


def _appointment(detail: IntakeDetail) -> AppointmentFacts | None:
    """The active booking (bookings are newest first), for the Bundle's Appointment."""
    booking = next((b for b in detail.bookings if b.status == "booked"), None)
    if booking is None:
        return None
    return AppointmentFacts(
        reference=booking.reference,
        start=booking.start_at,
        end=booking.end_at,
        status=booking.status,
        practitioner=practitioner_label(booking.practitioner_id),
        doctor_review_first=bool(booking.doctor_review_first),
    )


def fhir_bundle(detail: IntakeDetail) -> dict[str, Any]:
    """The intake as a FHIR R4 Bundle. Raises SummaryNotExportable."""
    intake = detail.intake
    booking = _appointment(detail)
    phone = contact_phone(intake.conversation_id, detail.bookings[0].phone if detail.bookings else None)
    try:  # both the summary model and the FHIR models are pydantic: either may refuse an old summary
        return intake_bundle(
            IntakeSummary.parse_obj(encodable_data(intake.summary)),
            phone=phone or None,
            booking=booking,
            type_labels=TYPE_LABELS,
            staff_type=detail.review.corrected_type if detail.review else None,
        )
    except ValidationError:
        raise SummaryNotExportable(
            "this intake's summary does not fit the current summary model, so it "
            "cannot be exported as FHIR; the intake page shows it"
        ) from None
