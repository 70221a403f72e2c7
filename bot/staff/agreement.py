"""The agreement report: how often the bot's likely type agrees with the staff's, and how often staff confirm
the bot's red flags. This is how the clinic measures the bot.

Only intakes with a staff type count for agreement (staff choosing the bot's own type is recorded as agreeing;
an intake nobody typed is not counted either way). The bot's type is the one it gave when staff typed the
intake (IntakeReview.bot_type), else its current one; an intake the bot gave no type counts as "unclear", which
is its own row. Periods are calendar months in the clinic's time zone, by the intake's date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.clinical.assessment import UNCLEAR
from bot.store.models import Intake
from bot.store.staff_models import IntakeReview

from .labels import CLINIC_TZ, CORRECTION_CODES, TYPE_CODES, type_label


class BadRange(ValueError):
    """A from/to the report cannot use (400)."""


@dataclass(frozen=True)
class Typed:
    """One intake as the report sees it: no patient data, only dates, types and the red-flag verdict."""

    created_at: dt.datetime
    bot_type: str
    staff_type: str | None  # None: no staff type recorded
    red_flag: bool
    red_flags_verdict: str | None  # confirmed / dismissed / None


@dataclass(frozen=True)
class TypeFigures:
    code: str
    bot_said: int  # intakes the bot gave this type (with a staff type)
    staff_said: int  # intakes staff gave this type
    agreed: int

    @property
    def precision(self) -> float | None:
        """Of the bot's answers of this type, the share staff agreed with."""
        return _rate(self.agreed, self.bot_said)

    @property
    def recall(self) -> float | None:
        """Of the staff's answers of this type, the share the bot had found."""
        return _rate(self.agreed, self.staff_said)


@dataclass(frozen=True)
class Period:
    label: str  # "2026-10"
    reviewed: int
    agreed: int
    red_flags_confirmed: int
    red_flags_dismissed: int

    @property
    def agreement_rate(self) -> float | None:
        return _rate(self.agreed, self.reviewed)


@dataclass(frozen=True)
class Report:
    intakes: int
    reviewed: int
    agreed: int
    per_type: list[TypeFigures]
    bot_types: tuple[str, ...]  # confusion matrix rows
    staff_types: tuple[str, ...]  # and columns
    confusion: dict[tuple[str, str], int]
    red_flags_raised: int
    red_flags_confirmed: int
    red_flags_dismissed: int
    periods: list[Period]

    @property
    def agreement_rate(self) -> float | None:
        return _rate(self.agreed, self.reviewed)

    @property
    def red_flags_not_reviewed(self) -> int:
        return self.red_flags_raised - self.red_flags_confirmed - self.red_flags_dismissed

    @property
    def red_flags_confirmed_rate(self) -> float | None:
        """Of the red flags staff gave a verdict on, the share they confirmed."""
        return _rate(self.red_flags_confirmed, self.red_flags_confirmed + self.red_flags_dismissed)

    def cell(self, bot: str, staff: str) -> int:
        return self.confusion.get((bot, staff), 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": {
                "intakes": self.intakes,
                "reviewed": self.reviewed,
                "agreed": self.agreed,
                "not_reviewed": self.intakes - self.reviewed,
            },
            "agreement_rate": self.agreement_rate,
            "per_type": [
                {
                    "type": t.code,
                    "label": type_label(t.code),
                    "bot_said": t.bot_said,
                    "staff_said": t.staff_said,
                    "agreed": t.agreed,
                    "precision": t.precision,
                    "recall": t.recall,
                }
                for t in self.per_type
            ],
            "confusion": {
                "bot_types": list(self.bot_types),
                "staff_types": list(self.staff_types),
                "counts": [[self.cell(b, s) for s in self.staff_types] for b in self.bot_types],
            },
            "red_flags": {
                "raised": self.red_flags_raised,
                "confirmed": self.red_flags_confirmed,
                "dismissed": self.red_flags_dismissed,
                "not_reviewed": self.red_flags_not_reviewed,
                "confirmed_rate": self.red_flags_confirmed_rate,
            },
            "over_time": [
                {
                    "period": p.label,
                    "reviewed": p.reviewed,
                    "agreed": p.agreed,
                    "agreement_rate": p.agreement_rate,
                    "red_flags_confirmed": p.red_flags_confirmed,
                    "red_flags_dismissed": p.red_flags_dismissed,
                }
                for p in self.periods
            ],
        }


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def period_of(when: dt.datetime) -> str:
    return when.astimezone(CLINIC_TZ).strftime("%Y-%m")


def compute(intakes: Iterable[Typed]) -> Report:
    """The report's figures from the intakes of the chosen range (plain arithmetic, no database)."""
    items = list(intakes)
    typed = [(i.bot_type, i.staff_type) for i in items if i.staff_type is not None]
    confusion = Counter(typed)
    bot_said = Counter(bot for bot, _ in typed)
    staff_said = Counter(staff for _, staff in typed)
    agreed = Counter(bot for bot, staff in typed if bot == staff)
    # Rows and columns: every code the bot / staff can give, then any stored code no longer offered.
    bot_types = (*TYPE_CODES, *sorted(set(bot_said) - set(TYPE_CODES)))
    staff_types = (*CORRECTION_CODES, *sorted(set(staff_said) - set(CORRECTION_CODES)))
    flagged = [i for i in items if i.red_flag]
    periods = []
    for label in sorted({period_of(i.created_at) for i in items}):
        in_period = [i for i in items if period_of(i.created_at) == label]
        typed_in = [i for i in in_period if i.staff_type is not None]
        periods.append(
            Period(
                label=label,
                reviewed=len(typed_in),
                agreed=sum(i.bot_type == i.staff_type for i in typed_in),
                red_flags_confirmed=sum(i.red_flag and i.red_flags_verdict == "confirmed" for i in in_period),
                red_flags_dismissed=sum(i.red_flag and i.red_flags_verdict == "dismissed" for i in in_period),
            )
        )
    return Report(
        intakes=len(items),
        reviewed=len(typed),
        agreed=sum(agreed.values()),
        per_type=[
            TypeFigures(code, bot_said[code], staff_said[code], agreed[code])
            for code in dict.fromkeys((*bot_types, *staff_types))
        ],
        bot_types=bot_types,
        staff_types=staff_types,
        confusion=dict(confusion),
        red_flags_raised=len(flagged),
        red_flags_confirmed=sum(i.red_flags_verdict == "confirmed" for i in flagged),
        red_flags_dismissed=sum(i.red_flags_verdict == "dismissed" for i in flagged),
        periods=periods,
    )


def parse_range(args) -> tuple[dt.date | None, dt.date | None]:
    """`from` and `to` (YYYY-MM-DD, clinic-local, inclusive; either may be left out) from query arguments."""

    def day(name: str) -> dt.date | None:
        value = args.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        value = (value or "").strip()
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise BadRange(f"{name}: a date is YYYY-MM-DD") from None

    start, end = day("from"), day("to")
    if start and end and start > end:
        raise BadRange("from: on or before to")
    return start, end


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), CLINIC_TZ)


def load(session: Session, start: dt.date | None = None, end: dt.date | None = None) -> list[Typed]:
    """The intakes received from `start` to `end` (clinic-local dates, inclusive), with their review."""
    stmt = (
        select(
            Intake.created_at,
            Intake.likely_type,
            IntakeReview.bot_type,
            IntakeReview.corrected_type,
            Intake.red_flag,
            IntakeReview.red_flags_verdict,
        )
        .select_from(Intake)
        .outerjoin(IntakeReview, IntakeReview.intake_id == Intake.id)
        .order_by(Intake.created_at)
    )
    if start:
        stmt = stmt.where(Intake.created_at >= _local_midnight(start))
    if end:
        stmt = stmt.where(Intake.created_at < _local_midnight(end + dt.timedelta(days=1)))
    return [
        Typed(
            created_at=created,
            bot_type=((stamped if corrected else None) or current) or UNCLEAR,
            staff_type=corrected,
            red_flag=bool(flag),
            red_flags_verdict=verdict,
        )
        for created, current, stamped, corrected, flag, verdict in session.execute(stmt)
    ]
