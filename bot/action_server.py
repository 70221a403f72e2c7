"""The action server, hardened: rasa_sdk's app, listening on 127.0.0.1 unless configured otherwise, and
refusing every call that does not carry the shared secret the Rasa server sends (endpoints.yml
`action_endpoint.headers`). Without this anyone who reaches the port could post a forged tracker and
create or overwrite intakes and bookings with no conversation at all.

`python -m bot.action_server` (bot/services.py starts it). Settings (bot.settings): ACTION_SERVER_TOKEN
(else one kept in var/action-server-token), ACTION_HOST (127.0.0.1), ACTION_PORT (5055), DATABASE_URL.
At start it builds the actions' services (bot.bootstrap) and installs them (actions/services.py).
"""

from __future__ import annotations

import argparse
import hmac
import logging

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request

from actions.services import install
from bot.bootstrap import bootstrap
from bot.private_files import use_private_umask
from bot.settings import Settings

TOKEN_HEADER = "X-Action-Token"
MAX_BODY_BYTES = 4 * 1024 * 1024  # a long conversation's tracker is well under this
log = logging.getLogger(__name__)


def build_app(token: str, actions_package: str = "actions") -> Sanic:
    if len(token) < 32:
        raise ValueError("the action server token must be at least 32 characters")
    app = create_app(actions_package, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    expected = token.encode()

    @app.middleware("request")
    async def require_token(request: Request):
        if request.path == "/health":
            return None
        given = (request.headers.get(TOKEN_HEADER) or "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("Refused an action call without the shared secret (from %s)", request.ip)
            return response.json({"error": "Unauthorised"}, status=401)
        return None

    async def failed(request: Request, exception: Exception):
        # rasa_sdk's own handler echoes the request body (the whole conversation) back and logs it.
        status = getattr(exception, "status_code", 500)
        if status >= 500:
            log.error("Action call failed: %s", exception.__class__.__name__, exc_info=exception)
        return response.json({"error": "The action could not be run."}, status=status)

    app.error_handler.add(Exception, failed)
    return app


def main(argv: list[str] | None = None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=settings.action_host)
    parser.add_argument("--port", type=int, default=settings.action_port)
    args = parser.parse_args(argv)
    use_private_umask()
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    install(bootstrap(settings))
    app = build_app(settings.secrets.get("action_token"))
    log.info("Action server on http://%s:%s (calls need the %s header)", args.host, args.port, TOKEN_HEADER)
    app.run(args.host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
