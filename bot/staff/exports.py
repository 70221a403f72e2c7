"""Exports: the intake list as CSV (safe to open in a spreadsheet) and one intake as FHIR R4 JSON."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from bot.intake.fhir import questionnaire_response
from bot.intake.summary import IntakeSummary

from .intakes_query import IntakeRow
from .labels import REVIEW_LABELS, local, type_label
from .safe_text import encodable, encodable_data

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
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP "CSV injection"): a leading = + - @ tab or CR
    gets a single quote in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _row(r: IntakeRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "date": local(r.created_at),
        "first_name": r.first_name,
        "age": r.age,
        "channel": r.channel,
        "likely_type": type_label(r.likely_type),
        "confidence": "" if r.confidence is None else f"{r.confidence:.2f}",
        "bot_type": r.bot_type,
        "corrected_type": r.corrected_type,
        "red_flag": "yes" if r.red_flag else "no",
        "contraindication": "yes" if r.contraindication else "no",
        "handoff": "yes" if r.handoff else "no",
        "handoff_done": local(r.handoff_done_at),
        "booking_status": r.booking_status or "none",
        "booking_time": local(r.booking_start),
        "booking_reference": r.booking_reference,
        "review_status": REVIEW_LABELS.get(r.review_status, r.review_status),
    }


def csv_lines(rows: Iterable[IntakeRow]) -> Iterator[str]:
    """The CSV text in pieces (header first), for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()  # BOM: Excel then reads UTF-8 names correctly
    for r in rows:
        buffer.seek(0)
        buffer.truncate()
        values = _row(r)
        writer.writerow([csv_cell(values[c]) for c in CSV_COLUMNS])
        yield encodable(buffer.getvalue())


class SummaryNotExportable(ValueError):
    """A stored summary that no longer fits the summary model (an older schema, say): no FHIR for it."""


def fhir_response(summary_json: dict[str, Any]) -> dict[str, Any]:
    """The stored summary as a FHIR R4 QuestionnaireResponse. Raises SummaryNotExportable."""
    try:  # both the summary model and the FHIR model are pydantic: either may refuse an old summary
        return questionnaire_response(IntakeSummary.parse_obj(encodable_data(summary_json)))
    except ValidationError:
        raise SummaryNotExportable(
            "this intake's summary does not fit the current summary model, so it "
            "cannot be exported as FHIR; the intake page shows it"
        ) from None
