"""`rasa run`, started so that no secret is on a command line, with the HTTP API's token check hardened.

`ps` shows every process's arguments to every local user, so the JWT secret of the HTTP API is read here
(bot.settings: RASA_JWT_SECRET or var/jwt-secret) and handed to Rasa inside this process. A request
to the HTTP API with a token that is not HS256-signed with that secret (alg "none", HS512, garbage) gets
401 before sanic-jwt sees it (some of those made it answer 500). Request bodies are capped.

Usage: python -m bot.rasa_server <rasa run arguments without --jwt-secret>
"""

from __future__ import annotations

import logging
import re
import sys
from typing import Any

import jwt
from sanic import response
from sanic.request import Request

from bot.private_files import use_private_umask
from bot.pseudonym import pseudonym
from bot.settings import Settings, tensorflow_defaults

JWT_METHOD = "HS256"
# Channel webhooks check their own credentials (REST bearer token, signed web sessions, signatures).
_CHANNEL_PREFIX = "/webhooks/"


def token_is_valid(authorization: str, secret: str) -> bool:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return False
    try:
        jwt.decode(token.strip(), secret, algorithms=[JWT_METHOD])
    except (jwt.PyJWTError, ValueError, TypeError):
        return False
    return True


class SenderPseudonyms(logging.Filter):
    """Rasa names the sender in a few of its own log lines (e.g. the processor's "Circuit breaker tripped ...
    for sender '<id>'"); a REST sender id may be a phone number, so it is replaced by its pseudonym."""

    _SENDER = re.compile(r"(sender(?:_id)?[ =:]+')([^']*)(')", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._SENDER.sub(lambda m: m.group(1) + pseudonym(m.group(2)) + m.group(3), message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def _pseudonymise_rasa_logs() -> None:
    for handler in logging.getLogger().handlers:
        handler.addFilter(SenderPseudonyms())


def harden(app: Any, secret: str, max_body_bytes: int) -> Any:
    _pseudonymise_rasa_logs()  # logging is configured by now (rasa's main runs before the app is made)
    app.config.REQUEST_MAX_SIZE = max_body_bytes

    @app.middleware("request")
    async def check_api_token(request: Request):
        if request.path.startswith(_CHANNEL_PREFIX):
            return None
        authorization = request.headers.get("Authorization")
        if authorization is not None and not token_is_valid(authorization, secret):
            return response.json(
                {
                    "version": "",
                    "status": "failure",
                    "reason": "NotAuthenticated",
                    "message": "The token is not valid.",
                    "code": 401,
                },
                status=401,
            )
        return None

    return app


def main(argv: list[str]) -> None:
    use_private_umask()
    settings = Settings.from_env()
    secret = settings.secrets.get("jwt")
    tensorflow_defaults()  # before TensorFlow is imported
    import rasa.server
    from rasa.__main__ import main as rasa_main

    from bot import action_retry, action_validation, event_types, model_loading, past_states

    action_validation.install()
    event_types.install()  # rebuilding a conversation no longer walks every event class per event
    action_retry.install()  # action calls survive an action server restart
    model_loading.install()  # the trained weights restored without a training pass: 9 s instead of 25 s
    past_states.install()  # one replay of the conversation per prediction instead of one per policy

    create_app = rasa.server.create_app

    def hardened_create_app(*args: Any, **kwargs: Any) -> Any:
        return harden(create_app(*args, **kwargs), secret, settings.rasa_max_body_bytes)

    rasa.server.create_app = hardened_create_app
    # Changing sys.argv does not change what `ps` shows (the kernel keeps the original arguments).
    sys.argv = ["rasa", *argv, f"--jwt-secret={secret}", "--jwt-method", JWT_METHOD]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
