"""The JSON API under /staff/api/, behind the same login (session cookie + X-CSRF-Token for changes) or an
`Authorization: Bearer` API token. Documented in openapi.json (served at /staff/api/openapi.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sanic import response
from sanic.exceptions import Forbidden, NotFound

from . import access_log, agreement_views, alerts, erasures, review
from .exports import SummaryNotExportable, csv_lines, fhir_bundle
from .intakes_query import BadFilter, IntakeFilters, iter_export_rows, list_intakes, load_intake
from .safe_text import encodable_data, json_dumps
from .transcript import load_transcript

OPENAPI_PATH = Path(__file__).with_name("openapi.json")
MAX_OFFSET = 10**9  # far past any real log; keeps the number inside the database's integer range


def _iso(value):
    return value.isoformat() if value is not None else None


def _json(body: Any, status: int = 200, **kwargs):
    """A JSON answer that can always be encoded (safe_text: patient text may hold lone surrogates)."""
    return response.json(body, status=status, dumps=json_dumps, **kwargs)


def _error(status: int, message: str):
    return _json({"error": message}, status=status)


def _body(request) -> dict[str, Any]:
    try:
        data = request.json
    except Exception:  # noqa: BLE001 - Sanic raises its own 400 type; answer in our format
        data = None
    # JSON may spell a lone surrogate ("\ud800"), which the database would refuse to store.
    return encodable_data(data) if isinstance(data, dict) else {}


async def openapi(request):
    return _json(json.loads(OPENAPI_PATH.read_text(encoding="utf-8")))


async def me(request):
    p = request.ctx.principal
    return _json({"username": p.username, "name": p.label, "is_admin": p.is_admin, "csrf_token": p.csrf_token})


async def intakes(request):
    try:
        filters = IntakeFilters.from_args(request.args)
        page, per_page = int(request.args.get("page", 1)), int(request.args.get("per_page", 50))
    except (BadFilter, ValueError) as error:
        return _error(400, str(error))
    with request.app.ctx.db() as session:
        result = list_intakes(session, filters, page, per_page)
    query = filters.as_query()
    access_log.record_listing(
        request.app.ctx.db,
        request.ctx.principal.user_id,
        access_log.listing_action(query),
        query,
        result.total,
        via="api",
        page=result.page,
    )
    return _json(
        {
            "items": [r.to_json() for r in result.rows],
            "total": result.total,
            "page": result.page,
            "per_page": result.page_size,
            "pages": result.pages,
        }
    )


async def intakes_csv(request):
    try:
        filters = IntakeFilters.from_args(request.args)
    except BadFilter as error:
        return _error(400, str(error))
    with request.app.ctx.db() as session:
        lines = list(csv_lines(iter_export_rows(session, filters)))
    access_log.record_listing(
        request.app.ctx.db, request.ctx.principal.user_id, "export_csv", filters.as_query(), len(lines) - 1, via="csv"
    )  # the first line is the header
    body = "".join(lines)
    return response.text(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="intakes.csv"'},
    )


def _detail_json(detail) -> dict[str, Any]:
    i, r = detail.intake, detail.review
    return {
        "id": i.id,
        "conversation_id": i.conversation_id,
        "channel": i.channel,
        "created_at": _iso(i.created_at),
        "updated_at": _iso(i.updated_at),
        "review_status": i.review_status,
        "summary": i.summary,
        "version": i.version,
        "earlier_versions": [
            {"version": v.version, "saved_at": _iso(v.saved_at), "review_status": v.review_status, "summary": v.summary}
            for v in detail.versions
        ],
        "likely_type": {
            "bot": i.likely_type,
            "bot_confidence": i.confidence,
            "corrected": r.corrected_type if r else None,
            "effective": (r.corrected_type if r and r.corrected_type else i.likely_type),
            "corrected_by": detail.names.get(r.corrected_by) if r else None,
            "corrected_at": _iso(r.corrected_at) if r else None,
        },
        "handoff": {
            "requested": i.handoff,
            "done_at": _iso(r.handoff_done_at) if r else None,
            "done_by": detail.names.get(r.handoff_done_by) if r else None,
        },
        "red_flags_verdict": {
            "verdict": r.red_flags_verdict if r else None,
            "by": detail.names.get(r.red_flags_by) if r else None,
            "at": _iso(r.red_flags_at) if r else None,
        },
        "bookings": [
            {
                "reference": b.reference,
                "status": b.status,
                "start_at": _iso(b.start_at),
                "end_at": _iso(b.end_at),
                "practitioner_id": b.practitioner_id,
                "first_name": b.first_name,
                "phone": b.phone,
                "email": b.email,
                "doctor_review_first": b.doctor_review_first,
            }
            for b in detail.bookings
        ],
        "notes": [
            {
                "id": n["id"],
                "author": n["author"],
                "body": n["body"],
                "created_at": _iso(n["created_at"]),
                "updated_at": _iso(n["updated_at"]),
            }
            for n in detail.notes
        ],
        "events": [{**e, "at": _iso(e["at"])} for e in detail.events],
    }


def _load(request, intake_id: int):
    with request.app.ctx.db() as session:
        detail = load_intake(session, intake_id)
    if detail is None:
        raise NotFound("no such intake")
    return detail


async def intake(request, intake_id: int):
    detail = _load(request, intake_id)
    access_log.record(request.app.ctx.db, request.ctx.principal.user_id, "api_view", intake_id)
    return _json(_detail_json(detail))


async def transcript(request, intake_id: int):
    detail = _load(request, intake_id)
    t = load_transcript(request.app.ctx.settings.tracker_db_url, detail.intake.conversation_id)
    access_log.record(request.app.ctx.db, request.ctx.principal.user_id, "transcript", intake_id)
    return _json({"available": t.available, "withheld": t.withheld, "turns": [turn.to_json() for turn in t.turns]})


async def fhir(request, intake_id: int):
    detail = _load(request, intake_id)
    try:
        resource = fhir_bundle(detail)
    except SummaryNotExportable as error:
        return _error(422, str(error))
    access_log.record(request.app.ctx.db, request.ctx.principal.user_id, "fhir", intake_id)
    return _json(
        resource,
        content_type="application/fhir+json",
        headers={"Content-Disposition": f'attachment; filename="intake-{intake_id}-fhir.json"'},
    )


async def intake_access_log(request, intake_id: int):
    detail = _load(request, intake_id)
    return _json({"items": [{**a, "at": _iso(a["at"])} for a in detail.accesses]})


async def review_update(request, intake_id: int):
    body = _body(request)
    handoff = body.get("handoff_done")
    if handoff is not None and not isinstance(handoff, bool):
        return _error(400, "handoff_done: true or false")
    try:
        changed = review.update_review(
            request.app.ctx.db,
            intake_id,
            request.ctx.principal.user_id,
            status=body.get("status"),
            corrected_type=body.get("corrected_type"),
            clear_correction=body.get("clear_correction") is True,
            handoff_done=handoff,
            red_flags_verdict=body.get("red_flags_verdict"),
        )
    except review.ReviewError as error:
        return _error(400, str(error))
    except review.NotFound:
        raise NotFound("no such intake") from None
    return _json({"changed": changed})


async def note_create(request, intake_id: int):
    try:
        note_id = review.add_note(
            request.app.ctx.db, intake_id, request.ctx.principal.user_id, str(_body(request).get("body") or "")
        )
    except review.ReviewError as error:
        return _error(400, str(error))
    except review.NotFound:
        raise NotFound("no such intake") from None
    return _json({"id": note_id}, status=201)


async def note_update(request, intake_id: int, note_id: int):
    return _note_change(request, review.edit_note, intake_id, note_id, str(_body(request).get("body") or ""))


async def note_remove(request, intake_id: int, note_id: int):
    return _note_change(request, review.delete_note, intake_id, note_id)


def _note_change(request, change, intake_id, note_id, *args):
    try:
        change(request.app.ctx.db, intake_id, note_id, request.ctx.principal.user_id, *args)
    except review.ReviewError as error:
        return _error(400, str(error))
    except review.NotFound:
        raise NotFound("no such note") from None
    except review.NotYours as error:
        raise Forbidden(str(error)) from None
    return _json({"ok": True})


async def access_log_all(request):
    if not request.ctx.principal.is_admin:
        raise Forbidden("administrators only")
    try:
        limit, offset = min(int(request.args.get("limit", 200)), 1000), int(request.args.get("offset", 0))
    except ValueError:
        return _error(400, "limit and offset are numbers")
    entries = access_log.recent(request.app.ctx.db, limit=max(1, limit), offset=min(max(0, offset), MAX_OFFSET))
    return _json({"items": [{**e, "at": _iso(e["at"])} for e in entries]})


async def erasure_requests(request):
    status = request.args.get("status") or None
    try:
        with request.app.ctx.db() as session:
            items = erasures.list_requests(session, status)
    except ValueError as error:
        return _error(400, str(error))
    return _json({"items": [e.to_json() for e in items]})


async def erasure_erase(request, request_id: int):
    # The confirmation step, for scripts: an explicit "confirm": true, so a stray POST erases nothing.
    if _body(request).get("confirm") is not True:
        return _error(400, "confirm: true (erasing cannot be undone)")
    try:
        done = erasures.carry_out(request.app.ctx.erasure_targets, request_id, request.ctx.principal.user_id)
    except erasures.NoSuchRequest:
        raise NotFound("no such erasure request") from None
    except erasures.AlreadyDone:
        return _error(409, "this erasure request has been carried out already")
    return _json(done.to_json())


async def alert_list(request):
    status = request.args.get("status") or None
    try:
        with request.app.ctx.db() as session:
            items = alerts.list_alerts(session, status)
            count = alerts.open_count(session)
    except ValueError as error:
        return _error(400, str(error))
    alerts.record_listing(request.app.ctx.db, request.ctx.principal.user_id, "api", items)
    return _json({"open": count, "items": [a.to_json() for a in items]})


async def alert_handled(request, request_id: int):
    # <request_id:id> as in the erasure routes: the route-enumerating tests substitute it.
    try:
        view, changed = alerts.handle(request.app.ctx.db, request_id, request.ctx.principal.user_id)
    except alerts.NoSuchAlert:
        raise NotFound("no such alert") from None
    return _json({"changed": changed, "alert": view.to_json()})


def register(app) -> None:
    add = app.add_route
    p = "/staff/api"
    add(openapi, f"{p}/openapi.json", methods=["GET"], name="api_openapi")
    add(me, f"{p}/me", methods=["GET"], name="api_me")
    add(intakes, f"{p}/intakes", methods=["GET"], name="api_intakes")
    add(intakes_csv, f"{p}/intakes.csv", methods=["GET"], name="api_intakes_csv")
    add(intake, f"{p}/intakes/<intake_id:id>", methods=["GET"], name="api_intake")
    add(transcript, f"{p}/intakes/<intake_id:id>/transcript", methods=["GET"], name="api_transcript")
    add(fhir, f"{p}/intakes/<intake_id:id>/fhir", methods=["GET"], name="api_fhir")
    add(intake_access_log, f"{p}/intakes/<intake_id:id>/access-log", methods=["GET"], name="api_intake_access_log")
    add(review_update, f"{p}/intakes/<intake_id:id>/review", methods=["POST"], name="api_review")
    add(note_create, f"{p}/intakes/<intake_id:id>/notes", methods=["POST"], name="api_note_create")
    add(note_update, f"{p}/intakes/<intake_id:id>/notes/<note_id:id>", methods=["PATCH"], name="api_note_update")
    add(note_remove, f"{p}/intakes/<intake_id:id>/notes/<note_id:id>", methods=["DELETE"], name="api_note_delete")
    add(access_log_all, f"{p}/access-log", methods=["GET"], name="api_access_log")
    add(alert_list, f"{p}/alerts", methods=["GET"], name="api_alerts")
    add(alert_handled, f"{p}/alerts/<request_id:id>/handled", methods=["POST"], name="api_alert_handled")
    add(erasure_requests, f"{p}/erasure-requests", methods=["GET"], name="api_erasure_requests")
    add(erasure_erase, f"{p}/erasure-requests/<request_id:id>/erase", methods=["POST"], name="api_erasure_erase")
    from . import handoff_views  # it uses this module's JSON helpers, so imported only now

    handoff_views.register_api(app)
    from . import calendar_api  # it uses this module's JSON helpers, so imported only now

    calendar_api.register(app)
    add(agreement_views.api, f"{p}/agreement", methods=["GET"], name="api_agreement")
