"""HTML pages: login/logout, the intake list, one intake (sheet, versions, booking, transcript, review work),
the printable sheet, urgent alerts, erasure requests and the admin access log. Forms post back here; every change
goes through review.py (review work), alerts.py (handling an alert) or erasures.py (erasing). Every page a
logged-in staff member sees carries the urgent-alert banner while an alert is open."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sanic import response
from sanic.exceptions import Forbidden, NotFound

from . import access_log, alerts, attachments, erasures, review
from .auth import check_login, public
from .csrf import FIELD, LOGIN_COOKIE, clear_login_cookie, new_login_token, set_login_cookie, tokens_match
from .intakes_query import BadFilter, IntakeFilters, channels, list_intakes, load_intake
from .labels import split_evidence
from .sessions import COOKIE, clear_cookie, end_session, set_cookie, start_session
from .templates import render
from .transcript import load_transcript

LOGIN_FAILED = (
    "Login failed. Check your username and password. After several failed attempts, each further "
    "attempt has to wait a little longer."
)
MAX_LOG_PAGE = 1_000_000  # far past any real log; keeps the offset inside the database's integer range
STATIC_DIR = Path(__file__).with_name("static")
STATIC_FILES = {"staff.css": "text/css; charset=utf-8"}


def _page(request, template: str, status: int = 200, **context):
    principal = request.ctx.principal
    html = render(
        request.app.ctx.templates,
        template,
        principal=principal,
        csrf_field=FIELD,
        csrf_token=principal.csrf_token if principal else "",
        urgent_alerts=_urgent_alerts(request) if principal else 0,
        open_handoffs=_open_handoffs(request) if principal else 0,
        **context,
    )
    return response.html(html, status=status)


def _urgent_alerts(request) -> int:
    """How many urgent alerts are open: base.html shows the banner on every page while there are any."""
    with request.app.ctx.db() as session:
        return alerts.open_count(session)


def _open_handoffs(request) -> int:
    """How many hand-offs are open: base.html shows the count next to the queue's link."""
    from .handoff_views import open_count  # it uses this module's page frame

    return open_count(request)


def _safe_next(value: str | None) -> str:
    """Only our own pages: never an open redirect to another site."""
    if value and value.startswith("/staff/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/staff/intakes"


def client_address(request) -> str:
    """The client's address: from X-Forwarded-For when STAFF_PROXIES_COUNT trusts a proxy in front (else
    every login would share the proxy's address, and its throttle), otherwise the socket's peer."""
    return request.remote_addr or request.ip


def _int_arg(request, name: str, default: int) -> int:
    try:
        return int(request.args.get(name, default))
    except (TypeError, ValueError):
        return default


@public
async def health(request):
    return response.text("ok")


@public
async def static_file(request, name: str):
    if name not in STATIC_FILES:
        raise NotFound("Not found.")
    return response.text(
        (STATIC_DIR / name).read_text(encoding="utf-8"),
        content_type=STATIC_FILES[name],
        headers={"Cache-Control": "public, max-age=3600"},
    )


@public
async def login_form(request):
    if request.ctx.principal is not None:
        return response.redirect(_safe_next(request.args.get("next")), status=303)
    return _login_page(request, message=None, status=200)


def _login_page(request, message, status):
    # Keep an existing login token: a second login tab (or a browser's speculative reload of the page) must
    # not invalidate the form already shown.
    token = request.cookies.get(LOGIN_COOKIE)
    if not token or not 20 <= len(token) <= 64:
        token = new_login_token()
    html = render(
        request.app.ctx.templates,
        "login.html",
        principal=None,
        csrf_field=FIELD,
        csrf_token=token,
        next=_safe_next(request.args.get("next") or request.form.get("next")),
        message=message,
    )
    resp = response.html(html, status=status)
    set_login_cookie(resp, token, request.app.ctx.settings.secure_cookies)
    return resp


@public
async def login_submit(request):
    app = request.app
    if not tokens_match(request.cookies.get(LOGIN_COOKIE), request.form.get(FIELD)):
        return response.html(
            render(
                app.ctx.templates,
                "error.html",
                principal=None,
                status_code=403,
                message="The login form was out of date. Reload the page and try again.",
            ),
            status=403,
        )
    address = client_address(request)
    result = check_login(app.ctx.db, request.form.get("username", ""), request.form.get("password", ""), address)
    if result.user is None:  # wrong, unknown or throttled: one answer for all three
        await asyncio.sleep(app.ctx.settings.failed_login_delay)
        return _login_page(request, status=401, message=LOGIN_FAILED)
    token = start_session(app.ctx.db, app.ctx.settings, result.user.id, address, request.headers.get("User-Agent"))
    resp = response.redirect(_safe_next(request.form.get("next")), status=303)
    set_cookie(resp, app.ctx.settings, token)
    clear_login_cookie(resp)
    return resp


async def logout(request):
    end_session(request.app.ctx.db, request.cookies.get(COOKIE))
    resp = response.redirect("/staff/login", status=303)
    clear_cookie(resp)
    return resp


async def home(request):
    return response.redirect("/staff/intakes", status=303)


async def intake_list(request):
    try:
        filters = IntakeFilters.from_args(request.args)
    except BadFilter as error:
        return _error_page(request, 400, str(error))
    page = _int_arg(request, "page", 1)
    query = filters.as_query()
    with request.app.ctx.db() as session:
        result = list_intakes(session, filters, page, request.app.ctx.settings.page_size)
        known_channels = channels(session)
        open_erasures = erasures.open_count(session)
    access_log.record_listing(
        request.app.ctx.db,
        request.ctx.principal.user_id,
        access_log.listing_action(query),
        query,
        result.total,
        via="html",
        page=result.page,
    )
    return _page(
        request,
        "list.html",
        page=result,
        filters=filters,
        query=query,
        channels=known_channels,
        open_erasures=open_erasures,
    )


def _detail_context(request, intake_id: int):
    with request.app.ctx.db() as session:
        detail = load_intake(session, intake_id)
    if detail is None:
        raise NotFound("Not found.")
    summary = detail.intake.summary or {}
    likely = (summary.get("likely_type") or {}).get("code")
    return dict(
        detail=detail,
        intake=detail.intake,
        summary=summary,
        evidence=split_evidence(summary.get("evidence") or [], likely),
    )


async def intake_page(request, intake_id: int):
    context = _detail_context(request, intake_id)
    transcript = load_transcript(request.app.ctx.settings.tracker_db_url, context["intake"].conversation_id)
    access_log.record(request.app.ctx.db, request.ctx.principal.user_id, "view", intake_id)
    files = attachments.for_intake(request.app.ctx.db, context["intake"].conversation_id)
    return _page(
        request, "detail.html", transcript=transcript, attachments=files, message=request.args.get("saved"), **context
    )


async def intake_print(request, intake_id: int):
    context = _detail_context(request, intake_id)
    access_log.record(request.app.ctx.db, request.ctx.principal.user_id, "print", intake_id)
    return _page(request, "print.html", **context)


def _back(intake_id: int, saved: str):
    return response.redirect(f"/staff/intakes/{intake_id}?saved={saved}#review", status=303)


def _error_page(request, status: int, message: str):
    return _page(request, "error.html", status=status, status_code=status, message=message)


def _form_error(request, error: Exception, status: int):
    return _error_page(request, status, str(error))


async def review_submit(request, intake_id: int):
    form = request.form
    corrected = form.get("corrected_type") or None
    handoff = form.getlist("handoff_done") or None  # checkbox "yes" plus a hidden "no" fallback
    try:
        review.update_review(
            request.app.ctx.db,
            intake_id,
            request.ctx.principal.user_id,
            status=form.get("status") or None,
            corrected_type=None if corrected in (None, "bot") else corrected,
            clear_correction=corrected == "bot",
            handoff_done=None if handoff is None else "yes" in handoff,
            red_flags_verdict=form.get("red_flags_verdict") or None,
        )
    except review.ReviewError as error:
        return _form_error(request, error, 400)
    except review.NotFound:
        raise NotFound("Not found.") from None
    return _back(intake_id, "review")


async def note_add(request, intake_id: int):
    try:
        review.add_note(request.app.ctx.db, intake_id, request.ctx.principal.user_id, request.form.get("body", ""))
    except review.ReviewError as error:
        return _form_error(request, error, 400)
    except review.NotFound:
        raise NotFound("Not found.") from None
    return _back(intake_id, "note")


async def note_edit(request, intake_id: int, note_id: int):
    return _note_change(request, intake_id, note_id, review.edit_note, request.form.get("body", ""))


async def note_delete(request, intake_id: int, note_id: int):
    return _note_change(request, intake_id, note_id, review.delete_note)


def _note_change(request, intake_id, note_id, change, *args):
    try:
        change(request.app.ctx.db, intake_id, note_id, request.ctx.principal.user_id, *args)
    except review.ReviewError as error:
        return _form_error(request, error, 400)
    except review.NotFound:
        raise NotFound("Not found.") from None
    except review.NotYours as error:
        raise Forbidden(str(error)) from None
    return _back(intake_id, "note")


async def erasure_list(request):
    with request.app.ctx.db() as session:
        requests = erasures.list_requests(session)
    done = _int_arg(request, "done", 0)
    return _page(
        request,
        "erasure_requests.html",
        requests=requests,
        done=next((r for r in requests if r.id == done and not r.is_open), None),
    )


def _erasure_request(request, request_id: int):
    with request.app.ctx.db() as session:
        found = erasures.load_request(session, request_id)
    if found is None:
        raise NotFound("Not found.")
    return found


async def erasure_confirm(request, request_id: int):
    """The confirmation step: what will be erased (ids and counts only), and the button that does it."""
    return _page(request, "erasure_confirm.html", erasure=_erasure_request(request, request_id))


async def erasure_submit(request, request_id: int):
    if request.form.get("confirm") != "yes":
        return _error_page(request, 400, "Confirm the erasure on its confirmation page first.")
    try:
        erasures.carry_out(request.app.ctx.erasure_targets, request_id, request.ctx.principal.user_id)
    except erasures.NoSuchRequest:
        raise NotFound("Not found.") from None
    except erasures.AlreadyDone:
        return _error_page(request, 409, f"Erasure request #{request_id} has been carried out already.")
    return response.redirect(f"/staff/erasure-requests?done={request_id}", status=303)


async def alert_list(request):
    """Open alerts (the patients to call now), then the recently handled ones. Any staff member."""
    with request.app.ctx.db() as session:
        found = alerts.list_alerts(session)
    alerts.record_listing(request.app.ctx.db, request.ctx.principal.user_id, "html", found)
    handled, already = _int_arg(request, "handled", 0), _int_arg(request, "already", 0)
    return _page(
        request,
        "alerts.html",
        open_alerts=[a for a in found if a.is_open],
        handled_alerts=[a for a in found if not a.is_open],
        handled=next((a for a in found if a.id == handled and not a.is_open), None),
        already=next((a for a in found if a.id == already and not a.is_open), None),
    )


async def alert_handle(request, request_id: int):
    """Mark an alert handled. The route says <request_id:id> like the erasure routes (an alert asks staff for a
    call), so the route-enumerating tests (CSRF, ids out of range) reach it."""
    try:
        _, changed = alerts.handle(request.app.ctx.db, request_id, request.ctx.principal.user_id)
    except alerts.NoSuchAlert:
        raise NotFound("Not found.") from None
    return response.redirect(f"/staff/alerts?{'handled' if changed else 'already'}={request_id}", status=303)


async def access_log_page(request):
    if not request.ctx.principal.is_admin:
        raise Forbidden("Only administrators see the clinic-wide access log.")
    page = max(1, min(_int_arg(request, "page", 1), MAX_LOG_PAGE))
    entries = access_log.recent(request.app.ctx.db, limit=200, offset=(page - 1) * 200)
    return _page(request, "access_log.html", entries=entries, page_number=page)


def register(app) -> None:
    add = app.add_route
    add(health, "/staff/health", methods=["GET"], name="health")
    add(static_file, "/staff/static/<name:str>", methods=["GET"], name="static_file")
    add(login_form, "/staff/login", methods=["GET"], name="login_form")
    add(login_submit, "/staff/login", methods=["POST"], name="login_submit")
    add(logout, "/staff/logout", methods=["POST"], name="logout")
    add(home, "/staff", methods=["GET"], name="home", strict_slashes=False)
    add(intake_list, "/staff/intakes", methods=["GET"], name="intake_list")
    add(intake_page, "/staff/intakes/<intake_id:id>", methods=["GET"], name="intake_page")
    add(intake_print, "/staff/intakes/<intake_id:id>/print", methods=["GET"], name="intake_print")
    add(
        attachments.attachment_file,
        "/staff/intakes/<intake_id:id>/attachments/<attachment_id:id>",
        methods=["GET"],
        name="attachment_file",
    )
    add(review_submit, "/staff/intakes/<intake_id:id>/review", methods=["POST"], name="review_submit")
    add(note_add, "/staff/intakes/<intake_id:id>/notes", methods=["POST"], name="note_add")
    add(note_edit, "/staff/intakes/<intake_id:id>/notes/<note_id:id>/edit", methods=["POST"], name="note_edit")
    add(note_delete, "/staff/intakes/<intake_id:id>/notes/<note_id:id>/delete", methods=["POST"], name="note_delete")
    add(alert_list, "/staff/alerts", methods=["GET"], name="alert_list")
    add(alert_handle, "/staff/alerts/<request_id:id>/handled", methods=["POST"], name="alert_handle")
    add(erasure_list, "/staff/erasure-requests", methods=["GET"], name="erasure_list")
    add(erasure_confirm, "/staff/erasure-requests/<request_id:id>", methods=["GET"], name="erasure_confirm")
    add(erasure_submit, "/staff/erasure-requests/<request_id:id>/erase", methods=["POST"], name="erasure_submit")
    add(access_log_page, "/staff/access-log", methods=["GET"], name="access_log")
    from . import handoff_views  # the queue's pages use this module's page frame, so imported only now

    handoff_views.register_pages(app)
    from . import calendar  # the calendar pages use this module's page frame, so imported only now

    calendar.register(app)
    from . import agreement_views  # imports this module's page frame, so only now

    add(agreement_views.page, "/staff/agreement", methods=["GET"], name="agreement")
    add(agreement_views.csv_export, "/staff/agreement.csv", methods=["GET"], name="agreement_csv")
