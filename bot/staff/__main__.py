"""`python -m bot.staff --port 8090`: serve the staff review app (migrating the database first)."""

from __future__ import annotations

import argparse

from bot.private_files import use_private_umask
from bot.settings import Settings
from bot.store import migrate

from .app import create_app


def main(argv=None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default=settings.staff_host)
    parser.add_argument("--port", type=int, default=settings.staff_port)
    parser.add_argument("--no-migrate", action="store_true", help="the database is migrated already")
    args = parser.parse_args(argv)
    use_private_umask()
    if not args.no_migrate:
        migrate(settings.database_url)
    app = create_app(settings.staff)
    # No access log: URLs carry search terms (names, phone numbers); staff_access_log records what matters.
    app.run(host=args.host, port=args.port, workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()
