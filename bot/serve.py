"""`make run`: start the action server, the Rasa server, the demo site and the staff app, print where to talk to
the bot, restart any of them that stops (bot/supervisor.py), stop them all on Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import signal
import subprocess
import sys
import threading

from bot.privacy.purge import purge_configured
from bot.private_files import make_private, use_private_umask
from bot.services import (
    ServerSettings,
    ServiceError,
    rasa_argv,
    start_action_server,
    start_rasa,
    start_site,
    start_staff,
)
from bot.settings import Settings
from bot.staff import reminders
from bot.supervisor import Supervisor

log = logging.getLogger("bot.serve")


def purge_now(settings: Settings) -> None:
    """Erase what is past retention (bot/privacy); a failure is logged and tried again next time."""
    try:
        report = purge_configured(settings)
    except Exception as error:  # noqa: BLE001 - a database down or a bad setting must not stop the assistant
        log.error(
            "Scheduled purge failed (%s: %s); it runs again in %.0f h",
            error.__class__.__name__,
            error,
            settings.purge_interval_hours,
        )
        return
    for line in report.lines():
        log.info("Scheduled purge %s", line.strip())


def purge_on_schedule(settings: Settings, stopping: threading.Event) -> threading.Thread:
    def loop() -> None:
        while not stopping.is_set():
            purge_now(settings)
            stopping.wait(settings.purge_interval_hours * 3600)

    thread = threading.Thread(target=loop, name="purge", daemon=True)
    thread.start()
    return thread


def whatsapp_line(configured: Settings, rasa_url: str) -> str:
    if not configured.whatsapp.enabled:
        return (
            "WhatsApp:      off (set WHATSAPP_VERIFY_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_ACCESS_TOKEN and\n"
            "                 WHATSAPP_PHONE_NUMBER_ID to connect the clinic's number; README, WhatsApp)"
        )
    return f"WhatsApp:      {rasa_url}/webhooks/whatsapp/webhook  (Meta's webhook URL, behind your https host)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--shell", action="store_true", help="talk to the bot in this terminal")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # Every file the servers create (databases, journal, logs) is private; earlier ones are made so too.
    use_private_umask()
    configured = Settings.from_env()
    make_private(configured.var_dir)
    settings = ServerSettings.from_settings(args.model, configured)
    from bot.store import migrate

    migrate(configured.database_url)  # the clinic database is always at the newest schema before serving

    stopping = threading.Event()

    def stop(*_: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.shell:
        return shell(settings)
    supervisor = Supervisor(
        [
            ("action-server", lambda: start_action_server(settings)),
            ("rasa", lambda: start_rasa(settings)),
            ("site", lambda: start_site(settings)),
            ("staff", lambda: start_staff(settings)),
        ]
    )
    try:
        print(f"Starting the assistant (model {settings.model}); logs in {settings.log_dir}/ ...", flush=True)
        supervisor.start_all(stopping)
        if stopping.is_set():
            return 0
        purge_on_schedule(configured, stopping)
        reminders.run_on_schedule(configured, stopping)  # the day-before reminders, hourly
        print(
            "\nThe assistant is running:\n"
            f'  REST channel:  POST {settings.rasa_url}/webhooks/rest/webhook  {{"sender": "...", "message": "hi"}}\n'
            f"                 with  Authorization: Bearer <the token: {configured.secrets.where('rest_token')}>\n"
            f"  Demo site:     http://127.0.0.1:{settings.site_port}/  (the chat widget is in the corner)\n"
            f"  Web channel:   {settings.rasa_url}/webhooks/web/  (signed sessions; WEB_ALLOWED_ORIGINS)\n"
            f"  {whatsapp_line(configured, settings.rasa_url)}\n"
            f"  HTTP API:      {settings.rasa_url}  (JWT, HS256, secret: {configured.secrets.where('jwt')})\n"
            f"  Staff review:  http://127.0.0.1:{settings.staff_port}/staff/  (accounts: make staff-user USERNAME=...)\n"
            f"  Actions:       {settings.action_url}\n"
            f"  Conversations: {settings.tracker_sqlite_path}\n"
            "A service that stops is restarted (see its log); press Ctrl-C to stop everything.",
            flush=True,
        )
        supervisor.watch(stopping)
        return 0
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stopping.set()
        print("\nStopping...", flush=True)
        supervisor.stop_all()
        print("Stopped.", flush=True)


def shell(settings: ServerSettings) -> int:
    """`make shell`: the action server beside `rasa shell`, which runs its own server in this terminal."""
    actions = start_action_server(settings)
    try:
        actions.wait_ready()
        return subprocess.call(rasa_argv(settings, "shell"), env=settings.env())
    except ServiceError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        actions.stop()


if __name__ == "__main__":
    sys.exit(main())
