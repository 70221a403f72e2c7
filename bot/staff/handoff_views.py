"""The hand-off queue's page (/staff/handoffs) and API (/staff/api/handoffs): list, and mark one done.

Any logged-in staff member (or API token). Marking done twice is harmless: the second answer says it was done
already. The work itself is handoffs.py's; this module only speaks HTML and JSON."""

from __future__ import annotations

from sanic import response
from sanic.exceptions import NotFound

from . import handoffs
from .api import _error, _json
from .pages import _int_arg, _page


def open_count(request) -> int:
    """How many hand-offs are open: the navigation shows it on every page."""
    with request.app.ctx.db() as session:
        return handoffs.open_count(session)


async def page(request):
    """Open hand-offs (the patients to call back), then the recently done ones."""
    with request.app.ctx.db() as session:
        found = handoffs.list_handoffs(session)
    handoffs.record_listing(request.app.ctx.db, request.ctx.principal.user_id, "html", found)
    done, already = _int_arg(request, "done", 0), _int_arg(request, "already", 0)
    return _page(
        request,
        "handoffs.html",
        open_items=[h for h in found if h.is_open],
        done_items=[h for h in found if not h.is_open],
        done=next((h for h in found if h.id == done and not h.is_open), None),
        already=next((h for h in found if h.id == already and not h.is_open), None),
    )


async def page_done(request, request_id: int):
    """Mark a hand-off done, then back to the queue. <request_id:id> as the alert and erasure routes say, so
    the route-enumerating tests (CSRF, ids out of range) reach it."""
    try:
        _, changed = handoffs.mark(request.app.ctx.db, request_id, request.ctx.principal.user_id)
    except handoffs.NoSuchHandoff:
        raise NotFound("Not found.") from None
    return response.redirect(f"/staff/handoffs?{'done' if changed else 'already'}={request_id}", status=303)


async def api_list(request):
    status = request.args.get("status") or handoffs.ALL
    try:
        with request.app.ctx.db() as session:
            items = handoffs.list_handoffs(session, status)
            count = handoffs.open_count(session)
    except ValueError as error:
        return _error(400, str(error))
    handoffs.record_listing(request.app.ctx.db, request.ctx.principal.user_id, "api", items)
    return _json({"open": count, "items": [h.to_json() for h in items]})


async def api_done(request, request_id: int):
    try:
        view, changed = handoffs.mark(request.app.ctx.db, request_id, request.ctx.principal.user_id)
    except handoffs.NoSuchHandoff:
        raise NotFound("no such hand-off") from None
    return _json({"changed": changed, "handoff": view.to_json()})


def register_pages(app) -> None:
    app.add_route(page, "/staff/handoffs", methods=["GET"], name="handoffs")
    app.add_route(page_done, "/staff/handoffs/<request_id:id>/done", methods=["POST"], name="handoff_done")


def register_api(app) -> None:
    app.add_route(api_list, "/staff/api/handoffs", methods=["GET"], name="api_handoffs")
    app.add_route(api_done, "/staff/api/handoffs/<request_id:id>/done", methods=["POST"], name="api_handoff_done")
