"""CSRF protection: every state-changing request from a browser session must carry the session's token.

Forms send it as the hidden field `csrf_token`; JavaScript/API clients using the cookie send `X-CSRF-Token`.
Requests authenticated with a bearer API token need none (a browser never adds that header by itself).
The login form, which has no session yet, uses a double-submit cookie instead."""

from __future__ import annotations

import hmac
import secrets

from .sessions import COOKIE_PATH, set_private_cookie

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
LOGIN_COOKIE = "skn_staff_login_csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))


def submitted_token(request) -> str | None:
    header = request.headers.get(HEADER)
    if header:
        return header
    if request.content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return request.form.get(FIELD)
    return None


def same_origin(request) -> bool:
    """A second line of defence: a browser's Origin header, when sent, must be this host."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    host = request.headers.get("Host", "")
    return origin.split("://", 1)[-1] == host


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


def set_login_cookie(response, token: str, secure: bool) -> None:
    set_private_cookie(response, LOGIN_COOKIE, token, secure)


def clear_login_cookie(response) -> None:
    response.cookies[LOGIN_COOKIE] = ""
    response.cookies[LOGIN_COOKIE]["path"] = COOKIE_PATH
    response.cookies[LOGIN_COOKIE]["max-age"] = 0
