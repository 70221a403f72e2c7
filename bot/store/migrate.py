"""Upgrade a database to the newest schema (Alembic head) from Python: `make run` calls this at start."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from bot.private_files import ROOT

from .db import make_engine, storage_errors

ALEMBIC_INI = ROOT / "alembic.ini"


def alembic_config() -> Config:
    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["configure_logger"] = False  # leave the host application's logging alone
    return cfg


@storage_errors
def migrate(database_url: str) -> None:
    """Upgrade `database_url` (Settings.database_url) to head. Running it again is a no-op.

    Raises StorageUnavailable when the database cannot be reached."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn  # passed directly: URLs with '%' would break configparser
            command.upgrade(cfg, "head")
            conn.commit()
    finally:
        engine.dispose()
