from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.store import make_engine, metadata, migrate


def _schema(url):
    engine = make_engine(url)
    try:
        insp = inspect(engine)
        tables = {
            t: {
                "columns": {c["name"] for c in insp.get_columns(t)},
                "indexes": {i["name"] for i in insp.get_indexes(t)},
            }
            for t in insp.get_table_names()
        }
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        return tables, version, diff
    finally:
        engine.dispose()


def test_migrate_on_empty_database_gives_the_models_tables(empty_db_url):
    migrate(empty_db_url)
    tables, version, diff = _schema(empty_db_url)
    assert set(tables) == set(metadata.tables) | {"alembic_version"}
    for name, table in metadata.tables.items():
        assert tables[name]["columns"] == {c.name for c in table.columns}
        assert {i.name for i in table.indexes} <= tables[name]["indexes"]
    assert diff == [], "migrations and models differ: write a migration for the model change"
    assert len(version) == 1


def test_migrate_twice_is_a_no_op(empty_db_url):
    migrate(empty_db_url)
    first = _schema(empty_db_url)
    migrate(empty_db_url)
    assert _schema(empty_db_url) == first


def test_active_slot_index_is_partial(empty_db_url):
    migrate(empty_db_url)
    engine = make_engine(empty_db_url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                sql = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'uq_bookings_active_slot'")
                ).scalar_one()
            else:
                sql = conn.execute(
                    text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_bookings_active_slot'")
                ).scalar_one()
    finally:
        engine.dispose()
    assert "UNIQUE" in sql.upper() and "WHERE" in sql.upper() and "booked" in sql
