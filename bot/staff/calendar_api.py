"""The calendar's JSON API (openapi.json): appointments in a date range, and the changes cancel, move,
attended and no-show. Refusals: 400 bad dates or body, 404 unknown reference, 409 a change that does not apply
(or a slot no longer free)."""

from __future__ import annotations

import datetime as dt

from sanic.exceptions import NotFound

from bot.booking.schedule import default_schedule
from bot.store.models import ATTENDED, NO_SHOW

from . import appointments
from .api import _body, _error, _json
from .appointments import BadRange, NotAllowed, SlotUnavailable, UnknownBooking


async def appointment_list(request):
    try:
        first = appointments.parse_day(request.args.get("from"), "from")
        last = appointments.parse_day(request.args.get("to"), "to")
        appointments.check_range(first, last)
    except BadRange as error:
        return _error(400, str(error))
    db = request.app.ctx.db
    with db() as session:
        found = appointments.in_range(session, first, last)
    appointments.record_listing(db, request.ctx.principal.user_id, "api", first, last, len(found))
    return _json({"from": first.isoformat(), "to": last.isoformat(), "items": [a.to_json() for a in found]})


def _answer(change):
    b = change.booking
    body = {
        "reference": b.reference,
        "status": b.status,
        "start": default_schedule().local(b.start_at).isoformat(),
        "practitioner_id": b.practitioner_id,
    }
    if change.notice is not None:
        body["patient_told"] = change.notice.how
        body["phone"] = change.notice.phone
    return _json(body)


async def appointment_cancel(request, reference: str):
    try:
        change = appointments.cancel(
            request.app.ctx.db, request.app.ctx.settings.whatsapp, request.ctx.principal.user_id, reference, "api"
        )
    except UnknownBooking:
        raise NotFound("no such appointment") from None
    except NotAllowed as error:
        return _error(409, str(error))
    return _answer(change)


async def appointment_move(request, reference: str):
    body = _body(request)
    try:
        start = dt.datetime.fromisoformat(str(body.get("start") or ""))
        if start.tzinfo is None:
            raise ValueError
        practitioner = str(body.get("practitioner_id") or "")
    except ValueError:
        return _error(400, "start: a time in ISO 8601 with its offset; practitioner_id: a doctor's id")
    try:
        change = appointments.move(
            request.app.ctx.db,
            request.app.ctx.settings.whatsapp,
            request.ctx.principal.user_id,
            reference,
            start,
            practitioner,
            "api",
        )
    except UnknownBooking:
        raise NotFound("no such appointment") from None
    except KeyError:
        return _error(400, "practitioner_id: not a doctor in the schedule")
    except NotAllowed as error:
        return _error(409, str(error))
    except SlotUnavailable as error:
        return _error(409, f"that time cannot be booked ({error.reason})")
    return _answer(change)


async def _mark(request, reference: str, visit: str):
    try:
        change = appointments.mark(request.app.ctx.db, request.ctx.principal.user_id, reference, visit, "api")
    except UnknownBooking:
        raise NotFound("no such appointment") from None
    except NotAllowed as error:
        return _error(409, str(error))
    return _answer(change)


async def appointment_attended(request, reference: str):
    return await _mark(request, reference, ATTENDED)


async def appointment_no_show(request, reference: str):
    return await _mark(request, reference, NO_SHOW)


def register(app) -> None:
    add = app.add_route
    a = "/staff/api/appointments/<reference:str>"
    add(appointment_list, "/staff/api/appointments", methods=["GET"], name="api_appointments")
    add(appointment_cancel, f"{a}/cancel", methods=["POST"], name="api_appointment_cancel")
    add(appointment_move, f"{a}/move", methods=["POST"], name="api_appointment_move")
    add(appointment_attended, f"{a}/attended", methods=["POST"], name="api_appointment_attended")
    add(appointment_no_show, f"{a}/no-show", methods=["POST"], name="api_appointment_no_show")
