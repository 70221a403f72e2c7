"""The calendar pages: appointments by day (default today, clinic time) or by week, the reminders to call, and
the forms that cancel (after a confirmation page), move (to a free slot chosen on a page), or mark an
appointment attended or a no-show. Changes go through appointments.py; the patient is told where possible."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from sanic import response
from sanic.exceptions import NotFound

from bot.booking.clinic_changes import find, free_slots_on
from bot.booking.schedule import default_schedule
from bot.store.models import ATTENDED, NO_SHOW, utcnow

from . import appointments, patient_notice, reminders
from .appointments import BadRange, NotAllowed, SlotUnavailable, UnknownBooking


def _today() -> dt.date:
    return default_schedule().local(utcnow()).date()


def _page(request, template: str, status: int = 200, **context):
    from .pages import _page as page  # the shared page frame (banner, CSRF field); pages imports this module

    return page(request, template, status=status, **context)


def _error(request, status: int, message: str):
    return _page(request, "error.html", status=status, status_code=status, message=message)


def _day_arg(request, name: str) -> dt.date | None:
    value = request.args.get(name)
    return None if value is None else appointments.parse_day(value, name)


async def calendar_page(request):
    try:
        week = _day_arg(request, "week")
        day = _day_arg(request, "day")
    except BadRange as error:
        return _error(request, 400, str(error))
    today = _today()
    if week is not None:
        first = week - dt.timedelta(days=week.weekday())
        last, step = first + dt.timedelta(days=6), dt.timedelta(days=7)
        link = "week"
    else:
        first = last = day or today
        step, link = dt.timedelta(days=1), "day"
    db = request.app.ctx.db
    with db() as session:
        found = appointments.in_range(session, first, last)
        calls = reminders.to_call(session, today) if week is None else []
    appointments.record_listing(db, request.ctx.principal.user_id, "html", first, last, len(found))
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    done = request.args.get("done")
    shown = next((a for a in found if a.reference == request.args.get("ref")), None)
    return _page(
        request,
        "calendar.html",
        week_view=week is not None,
        first=first,
        last=last,
        today=today,
        days=[(d, [a for a in found if a.start.date() == d]) for d in days],
        previous={link: (first - step).isoformat()},
        following={link: (first + step).isoformat()},
        calls=calls,
        done=done,
        done_appointment=shown,
        told=patient_notice.HOW_LABELS.get(request.args.get("told", "")),
        call_needed=request.args.get("told") == patient_notice.CALL,
    )


def _back(appointment_day: dt.date, done: str, reference: str, told: str | None = None):
    query = {"day": appointment_day.isoformat(), "done": done, "ref": reference, **({"told": told} if told else {})}
    return response.redirect("/staff/calendar?" + urlencode(query) + "#done", status=303)


def _booking(request, reference: str):
    with request.app.ctx.db() as session:
        booking = find(session, reference)
    if booking is None:
        raise NotFound("Not found.")
    return booking


async def cancel_confirm(request, reference: str):
    booking = _booking(request, reference)
    view = appointments.one(request.app.ctx.db, request.ctx.principal.user_id, booking)
    return _page(request, "calendar_cancel.html", appointment=view)


async def cancel_submit(request, reference: str):
    if request.form.get("confirm") != "yes":
        return _error(request, 400, "Confirm the cancellation on its confirmation page first.")
    settings = request.app.ctx.settings
    try:
        change = appointments.cancel(
            request.app.ctx.db, settings.whatsapp, request.ctx.principal.user_id, reference, "html"
        )
    except UnknownBooking:
        raise NotFound("Not found.") from None
    except NotAllowed as error:
        return _error(request, 409, f"This appointment cannot be cancelled: {error}.")
    day = default_schedule().local(change.booking.start_at).date()
    return _back(day, "cancelled", change.booking.reference, change.notice.how if change.notice else None)


async def move_choose(request, reference: str):
    booking = _booking(request, reference)
    schedule = default_schedule()
    today = _today()
    try:
        day = _day_arg(request, "day") or max(schedule.local(booking.start_at).date(), today)
    except BadRange as error:
        return _error(request, 400, str(error))
    with request.app.ctx.db() as session:
        slots = free_slots_on(session, day)
    view = appointments.one(request.app.ctx.db, request.ctx.principal.user_id, booking)
    return _page(
        request,
        "calendar_move.html",
        appointment=view,
        day=day,
        slots=slots,
        previous=(day - dt.timedelta(days=1)).isoformat() if day > today else None,
        following=(day + dt.timedelta(days=1)).isoformat(),
    )


def parse_slot(value: str | None) -> tuple[dt.datetime, str]:
    """A move form's choice "<ISO start>|<doctor id>"; ValueError when it is not one."""
    start, _, practitioner = str(value or "").partition("|")
    when = dt.datetime.fromisoformat(start)
    if when.tzinfo is None or not practitioner:
        raise ValueError("not a slot")
    return when, practitioner


async def move_submit(request, reference: str):
    try:
        start, practitioner = parse_slot(request.form.get("slot"))
    except ValueError:
        return _error(request, 400, "Choose one of the free times first.")
    settings = request.app.ctx.settings
    try:
        change = appointments.move(
            request.app.ctx.db, settings.whatsapp, request.ctx.principal.user_id, reference, start, practitioner, "html"
        )
    except UnknownBooking:
        raise NotFound("Not found.") from None
    except KeyError:
        return _error(request, 400, "Choose one of the free times first.")
    except NotAllowed as error:
        return _error(request, 409, f"This appointment cannot be moved: {error}.")
    except SlotUnavailable:
        return _error(request, 409, "That time is no longer free. Go back and choose another one.")
    day = default_schedule().local(change.booking.start_at).date()
    return _back(day, "moved", change.booking.reference, change.notice.how if change.notice else None)


async def _mark(request, reference: str, visit: str):
    try:
        change = appointments.mark(request.app.ctx.db, request.ctx.principal.user_id, reference, visit, "html")
    except UnknownBooking:
        raise NotFound("Not found.") from None
    except NotAllowed as error:
        return _error(request, 409, f"This appointment cannot be marked: {error}.")
    day = default_schedule().local(change.booking.start_at).date()
    return _back(day, visit, change.booking.reference)


async def attended(request, reference: str):
    return await _mark(request, reference, ATTENDED)


async def no_show(request, reference: str):
    return await _mark(request, reference, NO_SHOW)


async def reminder_called(request, request_id: int):
    """Mark a reminder-to-call done. <request_id:id> as the other id routes, for the route-enumerating tests."""
    try:
        reminders.mark_called(request.app.ctx.db, request_id, request.ctx.principal.user_id)
    except reminders.NoSuchReminder:
        raise NotFound("Not found.") from None
    return response.redirect("/staff/calendar#reminders", status=303)


def register(app) -> None:
    add = app.add_route
    a = "/staff/calendar/appointments/<reference:str>"
    add(calendar_page, "/staff/calendar", methods=["GET"], name="calendar")
    add(cancel_confirm, f"{a}/cancel", methods=["GET"], name="calendar_cancel_confirm")
    add(cancel_submit, f"{a}/cancel", methods=["POST"], name="calendar_cancel")
    add(move_choose, f"{a}/move", methods=["GET"], name="calendar_move_choose")
    add(move_submit, f"{a}/move", methods=["POST"], name="calendar_move")
    add(attended, f"{a}/attended", methods=["POST"], name="calendar_attended")
    add(no_show, f"{a}/no-show", methods=["POST"], name="calendar_no_show")
    add(reminder_called, "/staff/calendar/reminders/<request_id:id>/called", methods=["POST"], name="reminder_called")
