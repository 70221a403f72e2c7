"""The actions' services for tests, installed as the action server installs them at start (bot.bootstrap)."""
from __future__ import annotations

from actions.services import install
from bot.bootstrap import Services, bootstrap
from bot.settings import Settings
from tests.support.booking_desk import InMemoryBookingDesk


def install_services(database_url: str) -> Services:
    """Installs services on the clinic database `database_url`, with an in-memory booking desk."""
    services = bootstrap(Settings.from_env({"DATABASE_URL": database_url}), booking_desk=InMemoryBookingDesk())
    install(services)
    return services


def uninstall_services() -> None:
    install(None)
