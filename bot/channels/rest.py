"""The REST channel with its input checked: Rasa's stock one answers 500 to a JSON list and trusts any sender.

A malformed body gets a 400 with a JSON error; an oversized message a 413. When REST_CHANNEL_TOKEN is set
(production: the WhatsApp bridge and other servers use this channel, never browsers) every request must carry
`Authorization: Bearer <token>`, because whoever can post here can write into any conversation.
"""
from __future__ import annotations

import hmac
import json
import os
import re
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

MAX_MESSAGE_CHARS = 5000
_SENDER = re.compile(r"^[A-Za-z0-9_.:@+-]{1,128}$")


class BadRequest(ValueError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def parse_body(body: bytes) -> tuple[str, str]:
    """(sender, text) from a REST request body, or BadRequest saying what is wrong."""
    try:
        data: Any = json.loads(body or b"")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(400, "The body must be JSON: {\"sender\": \"...\", \"message\": \"...\"}.")
    if not isinstance(data, dict):
        raise BadRequest(400, "The body must be a JSON object.")
    sender, text = data.get("sender"), data.get("message")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise BadRequest(400, "\"sender\" must be 1-128 letters, digits or _.:@+-")
    if not isinstance(text, str):
        raise BadRequest(400, "\"message\" must be a string.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise BadRequest(413, f"\"message\" is longer than {MAX_MESSAGE_CHARS} characters.")
    return sender, text


def authorised(header: str | None, token: str | None) -> bool:
    if not token:
        return True
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


class GuardedRestInput(RestInput):
    """Same URL and answers as Rasa's REST channel (/webhooks/rest/webhook), with the checks above."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("guarded_rest_webhook", __name__)
        token = os.environ.get("REST_CHANNEL_TOKEN") or None

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if not authorised(request.headers.get("Authorization"), token):
                return response.json({"error": "A valid bearer token is required."}, status=401)
            try:
                sender, text = parse_body(request.body)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
            return response.json(collector.messages)

        return webhook
