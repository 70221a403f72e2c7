"""The intake list (filters, search, paging) and one intake with everything staff see about it.

One query serves the page, the API and the CSV export, so the three always agree on what a filter means."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from bot.booking.phones import InvalidPhone, normalize_phone
from bot.booking.reference import ALPHABET, LENGTH, normalize_reference
from bot.store.models import Booking, Intake, IntakeVersion
from bot.store.staff_models import (
    REVIEW_STATUSES,
    AccessLogEntry,
    IntakeReview,
    ReviewEvent,
    StaffNote,
    StaffUser,
)

from .labels import BOOKING_FILTERS, CLINIC_TZ, CORRECTION_CODES, contact_phone
from .safe_text import encodable

MAX_PAGE_SIZE = 200
_YES_NO = ("yes", "no")


class BadFilter(ValueError):
    """A filter value the list does not know; the caller answers 400 with this message."""


@dataclass(frozen=True)
class IntakeFilters:
    date_from: dt.date | None = None  # clinic-local dates, inclusive
    date_to: dt.date | None = None
    likely_type: str | None = None  # the effective type: staff's correction, else the bot's
    red_flag: str | None = None  # yes / no
    contraindication: str | None = None  # yes / no
    booking: str | None = None  # booked / cancelled / none
    review: str | None = None  # new / reviewed / needs_follow_up
    channel: str | None = None
    q: str | None = None  # first name, phone number or booking reference

    NAMES = ("date_from", "date_to", "likely_type", "red_flag", "contraindication", "booking", "review", "channel", "q")

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> IntakeFilters:
        """From query-string arguments (Sanic's request.args: lists) or a plain dict. Empty means unset."""

        def get(name: str) -> str | None:
            value = args.get(name)
            if isinstance(value, list):
                value = value[0] if value else None
            value = encodable(value or "").strip()  # a lone surrogate cannot be sent to the database
            return value or None

        def date(name: str) -> dt.date | None:
            value = get(name)
            try:
                return dt.date.fromisoformat(value) if value else None
            except ValueError:
                raise BadFilter(f"{name}: a date is YYYY-MM-DD") from None

        def one_of(name: str, allowed) -> str | None:
            value = get(name)
            if value is not None and value not in allowed:
                raise BadFilter(f"{name}: one of {', '.join(allowed)}")
            return value

        channel = get("channel")
        if channel is not None and (len(channel) > 32 or not re.fullmatch(r"[\w.-]+", channel)):
            raise BadFilter("channel: letters, digits, . _ -")
        q = get("q")
        return cls(
            date_from=date("date_from"),
            date_to=date("date_to"),
            likely_type=one_of("likely_type", CORRECTION_CODES),
            red_flag=one_of("red_flag", _YES_NO),
            contraindication=one_of("contraindication", _YES_NO),
            booking=one_of("booking", BOOKING_FILTERS),
            review=one_of("review", REVIEW_STATUSES),
            channel=channel,
            q=q[:100] if q else None,
        )

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items() if v is not None}


@dataclass
class IntakeRow:
    id: int
    conversation_id: str
    first_name: str | None
    age: int | None
    channel: str
    created_at: dt.datetime
    bot_type: str | None
    confidence: float | None
    corrected_type: str | None
    red_flag: bool
    contraindication: bool
    handoff: bool
    handoff_done_at: dt.datetime | None
    review_status: str
    booking_status: str | None
    booking_start: dt.datetime | None
    booking_reference: str | None
    phone: str | None = None  # the patient's number (E.164): the newest booking's, else their WhatsApp number

    def __post_init__(self) -> None:
        self.phone = contact_phone(self.conversation_id, self.phone) or None

    @property
    def likely_type(self) -> str | None:
        return self.corrected_type or self.bot_type

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("created_at", "booking_start", "handoff_done_at"):
            data[key] = data[key].isoformat() if data[key] else None
        data["likely_type"] = self.likely_type
        return data


@dataclass
class IntakePage:
    rows: list[IntakeRow]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def _latest_booking():
    """Each conversation's newest booking (a cancel-and-rebook makes a second row; the newest one counts)."""
    latest = (
        select(Booking.conversation_id, func.max(Booking.id).label("booking_id"))
        .group_by(Booking.conversation_id)
        .subquery("latest_booking")
    )
    return latest, aliased(Booking, name="booking")


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), CLINIC_TZ)


def _search(q: str):
    """Name (substring, any case), booking reference (exact), or phone number (E.164, or a run of digits)."""
    like = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    conditions = [func.lower(Intake.first_name).like(like, escape="\\")]
    same_conversation = Booking.conversation_id == Intake.conversation_id
    reference = normalize_reference(q)
    if len(reference) == LENGTH and all(c in ALPHABET for c in reference):
        conditions.append(exists().where(same_conversation, Booking.reference == reference))
    digits = re.sub(r"\D", "", q)
    if len(digits) >= 4:
        try:
            conditions.append(exists().where(same_conversation, Booking.phone == normalize_phone(q)))
        except InvalidPhone:
            conditions.append(exists().where(same_conversation, Booking.phone.like("%" + digits.lstrip("0") + "%")))
    return or_(*conditions)


def _filtered(filters: IntakeFilters, columns):
    latest, booking = _latest_booking()
    stmt = (
        select(*columns(booking))
        .select_from(Intake)
        .outerjoin(latest, latest.c.conversation_id == Intake.conversation_id)
        .outerjoin(booking, booking.id == latest.c.booking_id)
        .outerjoin(IntakeReview, IntakeReview.intake_id == Intake.id)
    )
    where = []
    if filters.date_from:
        where.append(Intake.created_at >= _local_midnight(filters.date_from))
    if filters.date_to:
        where.append(Intake.created_at < _local_midnight(filters.date_to + dt.timedelta(days=1)))
    if filters.likely_type:
        where.append(func.coalesce(IntakeReview.corrected_type, Intake.likely_type) == filters.likely_type)
    if filters.red_flag:
        where.append(Intake.red_flag.is_(filters.red_flag == "yes"))
    if filters.contraindication:
        where.append(Intake.contraindication.is_(filters.contraindication == "yes"))
    if filters.booking == "none":
        where.append(booking.id.is_(None))
    elif filters.booking:
        where.append(booking.status == filters.booking)
    if filters.review:
        where.append(Intake.review_status == filters.review)
    if filters.channel:
        where.append(Intake.channel == filters.channel)
    if filters.q:
        where.append(_search(filters.q))
    return stmt.where(and_(*where)) if where else stmt


def _row_columns(booking):
    return (
        Intake.id,
        Intake.conversation_id,
        Intake.first_name,
        Intake.age,
        Intake.channel,
        Intake.created_at,
        Intake.likely_type,
        Intake.confidence,
        IntakeReview.corrected_type,
        Intake.red_flag,
        Intake.contraindication,
        Intake.handoff,
        IntakeReview.handoff_done_at,
        Intake.review_status,
        booking.status,
        booking.start_at,
        booking.reference,
        booking.phone,
    )


def list_intakes(session: Session, filters: IntakeFilters, page: int = 1, page_size: int = 50) -> IntakePage:
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    total = session.execute(_filtered(filters, lambda b: (func.count(Intake.id),))).scalar_one()
    # Past the end means the last page (and keeps an absurd page number from overflowing the offset).
    page = max(1, min(page, math.ceil(total / page_size)))
    stmt = (
        _filtered(filters, _row_columns)
        .order_by(Intake.created_at.desc(), Intake.id.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    rows = [IntakeRow(*r) for r in session.execute(stmt)]
    return IntakePage(rows, total, page, page_size)


def iter_export_rows(session: Session, filters: IntakeFilters, batch: int = 500):
    """(row, summary) for each matching intake, newest first, for the CSV export (answers and red flags come
    from the summary); streamed in batches, not loaded at once."""
    stmt = _filtered(filters, lambda b: (*_row_columns(b), Intake.summary)).order_by(
        Intake.created_at.desc(), Intake.id.desc()
    )
    for partition in session.execute(stmt.execution_options(yield_per=batch)).partitions(batch):
        for r in partition:
            yield IntakeRow(*r[:-1]), r[-1] or {}


def channels(session: Session) -> list[str]:
    return [c for (c,) in session.execute(select(Intake.channel).distinct().order_by(Intake.channel))]


@dataclass
class IntakeDetail:
    intake: Intake
    review: IntakeReview | None
    bookings: list[Booking]
    notes: list[dict[str, Any]]
    events: list[dict[str, Any]]
    accesses: list[dict[str, Any]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # staff user id -> name, for the review fields
    versions: list[IntakeVersion] = field(default_factory=list)  # earlier summaries, newest first

    @property
    def changed_after(self) -> dt.datetime | None:
        """When the version the patient changed was saved (the newest earlier one), if the intake changed."""
        return self.versions[0].saved_at if self.versions else None


def _user_labels(session: Session, ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(
        select(StaffUser.id, StaffUser.display_name, StaffUser.username).where(StaffUser.id.in_(ids))
    )
    return {i: d or u for i, d, u in rows}


def load_intake(session: Session, intake_id: int, access_limit: int = 50) -> IntakeDetail | None:
    intake = session.get(Intake, intake_id)
    if intake is None:
        return None
    review = session.get(IntakeReview, intake_id)
    bookings = list(
        session.execute(
            select(Booking).where(Booking.conversation_id == intake.conversation_id).order_by(Booking.id.desc())
        ).scalars()
    )
    notes = list(
        session.execute(
            select(StaffNote)
            .where(StaffNote.intake_id == intake_id, StaffNote.deleted_at.is_(None))
            .order_by(StaffNote.created_at, StaffNote.id)
        ).scalars()
    )
    events = list(
        session.execute(
            select(ReviewEvent).where(ReviewEvent.intake_id == intake_id).order_by(ReviewEvent.at, ReviewEvent.id)
        ).scalars()
    )
    accesses = list(
        session.execute(
            select(AccessLogEntry)
            .where(AccessLogEntry.intake_id == intake_id)
            .order_by(AccessLogEntry.at.desc(), AccessLogEntry.id.desc())
            .limit(access_limit)
        ).scalars()
    )
    versions = list(
        session.execute(
            select(IntakeVersion).where(IntakeVersion.intake_id == intake_id).order_by(IntakeVersion.version.desc())
        ).scalars()
    )
    user_ids = [n.author_id for n in notes] + [e.user_id for e in events] + [a.user_id for a in accesses]
    if review:
        user_ids += [review.corrected_by, review.handoff_done_by, review.status_by]
    names = _user_labels(session, user_ids)
    return IntakeDetail(
        intake=intake,
        review=review,
        bookings=bookings,
        notes=[
            {
                "id": n.id,
                "author_id": n.author_id,
                "author": names.get(n.author_id, "(removed user)"),
                "body": n.body,
                "created_at": n.created_at,
                "updated_at": n.updated_at,
            }
            for n in notes
        ],
        events=[
            {
                "action": e.action,
                "old": e.old_value,
                "new": e.new_value,
                "at": e.at,
                "by": names.get(e.user_id, "(removed user)"),
            }
            for e in events
        ],
        accesses=[{"action": a.action, "at": a.at, "by": names.get(a.user_id, "(removed user)")} for a in accesses],
        names=names,
        versions=versions,
    )
