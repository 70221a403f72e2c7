"""HTTP to the web channel the way a browser page would (Origin header and all), for the channel tests."""
from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from typing import Any

from bot.conversation.wording import text

SECRET = "web-tests-" + secrets.token_urlsafe(24)  # the test assistant's WEB_CHANNEL_SECRET


def bot_says(section: str, key: str, **names: str) -> str:
    """The bot's wording from bot/conversation/messages.yml (clinic content that changes), filled in."""
    return text(f"{section}.{key}", **names)


class WebClient:
    """Plain HTTP to the channel, the way a browser page would (Origin header and all)."""

    def __init__(self, base: str, origin: str | None):
        self.base, self.origin = base.rstrip("/") + "/webhooks/web", origin

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             origin: str | None = "default", raw: bytes | None = None,
             content_type: str = "application/json") -> tuple[int, Any, dict[str, str]]:
        headers = {"Content-Type": content_type}
        origin = self.origin if origin == "default" else origin
        if origin:
            headers["Origin"] = origin
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                status, payload, got = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            status, payload, got = error.code, error.read(), dict(error.headers)
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = payload
        return status, parsed, got

    def session(self) -> str:
        status, body, _ = self.call("POST", "/session")
        assert status == 201, (status, body)
        return body["token"]

    def send(self, token: str, **message: Any) -> list[dict[str, Any]]:
        status, body, _ = self.call("POST", "/message", message, token=token)
        assert status == 200, (status, body)
        return body["messages"]

    def history(self, token: str) -> list[dict[str, Any]]:
        status, body, _ = self.call("GET", "/history", token=token)
        assert status == 200, (status, body)
        return body["messages"]

    def upload(self, token: str | None, data: bytes, content_type: str = "image/jpeg",
               origin: str | None = "default") -> tuple[int, Any]:
        """POST /photo the way the widget does: the file's bytes as the body."""
        status, body, _ = self.call("POST", "/photo", token=token, raw=data, content_type=content_type,
                                    origin=origin)
        return status, body
