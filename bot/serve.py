"""`make run`: start the action server and the Rasa server, print where to talk to the bot, stop on Ctrl-C."""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

from bot.private_files import VAR, make_private, use_private_umask
from bot.services import ServiceError, Settings, rasa_argv, start_action_server, start_rasa, start_site, start_staff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--shell", action="store_true", help="talk to the bot in this terminal")
    args = parser.parse_args(argv)
    # Every file the servers create (databases, journal, logs) is private; earlier ones are made so too.
    use_private_umask()
    make_private(VAR)
    settings = Settings.from_env(args.model)
    from bot.store import database_url_from_env, migrate
    migrate(database_url_from_env())  # the clinic database is always at the newest schema before serving

    actions = start_action_server(settings)
    services = [actions]
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        actions.wait_ready()
        if args.shell:
            # rasa shell runs its own server in this terminal; the action server keeps running beside it.
            return subprocess.call(rasa_argv(settings, "shell"), env=settings.env())
        rasa = start_rasa(settings)
        services.append(rasa)
        print(f"Starting the assistant (model {settings.model}); logs in {settings.log_dir}/ ...", flush=True)
        rasa.wait_ready()
        site = start_site(settings)
        services.append(site)
        site.wait_ready()
        staff = start_staff(settings)
        services.append(staff)
        staff.wait_ready()
        print(
            "\nThe assistant is running:\n"
            f"  REST channel:  POST {settings.rasa_url}/webhooks/rest/webhook  {{\"sender\": \"...\", \"message\": \"hi\"}}\n"
            f"                 with  Authorization: Bearer <the token in {VAR / 'rest-channel-token'} or $REST_CHANNEL_TOKEN>\n"
            f"  Demo site:     http://127.0.0.1:{settings.site_port}/  (the chat widget is in the corner)\n"
            f"  Web channel:   {settings.rasa_url}/webhooks/web/  (signed sessions; WEB_ALLOWED_ORIGINS)\n"
            f"  HTTP API:      {settings.rasa_url}  (JWT, HS256, secret from RASA_JWT_SECRET or {VAR / 'jwt-secret'})\n"
            f"  Staff review:  http://127.0.0.1:{settings.staff_port}/staff/  (accounts: make staff-user USERNAME=...)\n"
            f"  Actions:       {settings.action_url}\n"
            f"  Conversations: {settings.tracker_sqlite_path}\n"
            "Press Ctrl-C to stop.",
            flush=True,
        )
        while not stopping:
            for service in services:
                if service.process.poll() is not None:
                    print(f"{service.name} stopped unexpectedly; see {service.log_path}", file=sys.stderr)
                    return 1
            time.sleep(0.5)
        return 0
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        print("\nStopping...", flush=True)
        for service in reversed(services):
            service.stop()
        print("Stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
