"""Upgrade a database to the newest schema (Alembic head) from Python: `make run` calls this at start."""
from __future__ import annotations

from typing import Optional

from alembic import command
from alembic.config import Config

from .db import REPO_ROOT, database_url_from_env, make_engine, storage_errors

ALEMBIC_INI = REPO_ROOT / "alembic.ini"


def alembic_config() -> Config:
    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    cfg.attributes["configure_logger"] = False  # leave the host application's logging alone
    return cfg


@storage_errors
def migrate(database_url: Optional[str] = None) -> None:
    """Upgrade `database_url` (default: $DATABASE_URL or var/clinic.db) to head. Running it again is a no-op.

    Raises StorageUnavailable when the database cannot be reached."""
    engine = make_engine(database_url or database_url_from_env())
    try:
        with engine.connect() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn  # passed directly: URLs with '%' would break configparser
            command.upgrade(cfg, "head")
            conn.commit()
    finally:
        engine.dispose()

