"""The staff web app: Sanic app factory, login check for every route, CSRF check, security headers, and
answers for bad requests (bodies too big, ids out of range) that are a 4xx, never a 500."""

from __future__ import annotations

import logging
import traceback
from urllib.parse import quote

from sanic import Sanic, response
from sanic.exceptions import NotFound, PayloadTooLarge, SanicException

from bot.privacy.erasure import ErasureTargets
from bot.settings import StaffSettings
from bot.store.db import StorageUnavailable, make_engine, session_factory

from . import api, pages
from .auth import bearer_principal, is_public
from .csrf import SAFE_METHODS, same_origin, submitted_token, tokens_match
from .safe_text import json_dumps
from .sessions import COOKIE, resume_session
from .templates import environment, render

log = logging.getLogger(__name__)
API_PREFIX = "/staff/api/"
# Forms and small JSON bodies only. Sanic answers 413 for a bigger declared body before reading it (its
# default, 100 MB, would be read into memory first) and stops reading a chunked one at this size.
MAX_BODY_BYTES = 64 * 1024
MAX_DATABASE_ID = 2**31 - 1  # PostgreSQL INTEGER; a bigger id in a URL is simply not found
SECURITY_HEADERS = {
    "Cache-Control": "no-store",  # patient data must not sit in shared or browser caches
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts.
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}


def create_app(settings: StaffSettings, name: str = "skn_staff") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.PROXIES_COUNT = settings.proxies_count or None
    app.ctx.settings = settings
    app.ctx.engine = make_engine(settings.database_url)
    app.ctx.db = session_factory(app.ctx.engine)
    app.ctx.erasure_targets = ErasureTargets(
        app.ctx.db, settings.tracker_db_url, settings.journal_dir, settings.photo_dir
    )
    app.ctx.templates = environment()
    # Routes say <intake_id:id>: a database id, or no match (404) before any query sees it.
    app.router.register_pattern("id", database_id, r"^\d{1,10}$")
    pages.register(app)
    api.register(app)
    app.add_signal(_note_request_error, "http.lifecycle.exception")
    app.register_middleware(_authenticate, "request")
    app.register_middleware(_security_headers, "response")
    app.error_handler.add(StorageUnavailable, _storage_unavailable)
    app.error_handler.add(SanicException, _http_error)
    app.error_handler.add(Exception, _unexpected)

    @app.after_server_stop
    async def _dispose(app, _loop):
        app.ctx.engine.dispose()

    return app


def database_id(value: str) -> int:
    number = int(value)
    if not 0 < number <= MAX_DATABASE_ID:
        raise ValueError("not a database id")
    return number


def _wants_json(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _refuse(request, status: int, message: str):
    if _wants_json(request):
        headers = {"WWW-Authenticate": 'Bearer realm="staff"'} if status == 401 else None
        return response.json({"error": message}, status=status, headers=headers, dumps=json_dumps)
    if status == 401 and request.method in SAFE_METHODS:
        return response.redirect("/staff/login?next=" + quote(request.path, safe="/"), status=303)
    env = request.app.ctx.templates
    return response.html(render(env, "error.html", status_code=status, message=message, principal=None), status=status)


async def _note_request_error(request, exception):
    request.ctx.request_error = exception


async def _authenticate(request):
    """Default deny: only @public handlers answer without a logged-in staff member. Cookie sessions must
    also send their CSRF token with every state-changing request; bearer tokens need none."""
    # Sanic runs this middleware again for a request that failed before any handler: a body over the limit
    # gets its 413 (its form, never read, would otherwise look like a missing CSRF token).
    if isinstance(getattr(request.ctx, "request_error", None), PayloadTooLarge):
        return None
    app = request.app
    authorization = request.headers.get("Authorization")
    if authorization:
        principal = bearer_principal(app.ctx.db, authorization)
    else:
        principal = resume_session(app.ctx.db, app.ctx.settings, request.cookies.get(COOKIE))
    request.ctx.principal = principal
    route = request.route
    if route is not None and is_public(route.handler):
        return None
    if principal is None:
        return _refuse(request, 401, "Please log in.")
    if route is None:  # no such page (or an id out of range): 404 next, and nothing can change
        return None
    if (
        request.method not in SAFE_METHODS
        and principal.csrf_token is not None
        and (not same_origin(request) or not tokens_match(principal.csrf_token, submitted_token(request)))
    ):
        return _refuse(request, 403, "The form was out of date or not from this site. Reload the page and try again.")
    return None


async def _security_headers(request, resp):
    for key, value in SECURITY_HEADERS.items():
        resp.headers.setdefault(key, value)


def _storage_unavailable(request, exception):
    log.warning("staff app: database unavailable: %s", exception)
    return _refuse(request, 503, "The database is not reachable at the moment. Please try again shortly.")


def _http_error(request, exception):
    status = getattr(exception, "status_code", 500) or 500
    message = "Not found." if isinstance(exception, NotFound) else str(exception) or "Error."
    if status >= 500:
        _log_failure(request, exception)
        message = "Something went wrong."
    if getattr(request.ctx, "principal", None) is None and status not in (404, 413):
        message = "Error."
    return _refuse(request, status, message)


def _unexpected(request, exception):
    _log_failure(request, exception)
    return _refuse(request, 500, "Something went wrong.")


def _log_failure(request, exception) -> None:
    # The route and where it failed, not the exception's message: that can quote patient text (a value, the
    # SQL parameters of a failed query), and the query string can hold search terms.
    route = request.route.name if request.route else request.method
    where = "".join(traceback.format_tb(exception.__traceback__))
    log.error("staff app error in %s: %s\n%s", route, type(exception).__name__, where)
