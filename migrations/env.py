"""Alembic environment: runs on a connection handed over by bot.store.migrate, or on $DATABASE_URL."""
from logging.config import fileConfig

from alembic import context

from bot.settings import Settings
from bot.store.db import make_engine
from bot.store.models import metadata
import bot.store.staff_models  # noqa: F401,E402 - the staff tables share the metadata
import bot.store.privacy_models  # noqa: F401,E402 - so do the privacy tables
import bot.store.alert_models  # noqa: F401,E402 - and the staff alerts
import bot.store.attachment_models  # noqa: F401,E402 - and the files patients sent
import bot.store.whatsapp_models  # noqa: F401,E402 - and the WhatsApp channel's records
import bot.store.reminder_models  # noqa: F401,E402 - and the reminders
import bot.store.handoff_models  # noqa: F401,E402 - and the hand-offs

config = context.config
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite needs copy-and-move for ALTER
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two processes starting at once must not both run the same DDL.
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7406202611)")
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")

connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url)
    try:
        with engine.connect() as conn:
            run(conn)
    finally:
        engine.dispose()
