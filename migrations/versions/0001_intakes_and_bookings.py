"""intakes and bookings

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ACTIVE = sa.text("status = 'booked'")


def upgrade() -> None:
    op.create_table(
        "intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("schema_version", sa.String(16), nullable=False),
        sa.Column("first_name", sa.String(80)),
        sa.Column("age", sa.Integer()),
        sa.Column("likely_type", sa.String(64)),
        sa.Column("confidence", sa.Float()),
        sa.Column("red_flag", sa.Boolean(), nullable=False),
        sa.Column("contraindication", sa.Boolean(), nullable=False),
        sa.Column("handoff", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("review_status", sa.String(16), nullable=False, server_default="new"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_intakes"),
        sa.UniqueConstraint("conversation_id", name="uq_intakes_conversation_id"),
    )
    op.create_index("ix_intakes_created_at", "intakes", ["created_at"])
    op.create_index("ix_intakes_review_status", "intakes", ["review_status"])

    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(12), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("intake_id", sa.Integer()),
        sa.Column("practitioner_id", sa.String(40), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="booked"),
        sa.Column("first_name", sa.String(80), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("email", sa.String(254)),
        sa.Column("doctor_review_first", sa.Boolean(), nullable=False),
        sa.Column("reschedules", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("notes", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
        sa.UniqueConstraint("reference", name="uq_bookings_reference"),
        sa.ForeignKeyConstraint(
            ["intake_id"], ["intakes.id"], name="fk_bookings_intake_id_intakes", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_bookings_start_at", "bookings", ["start_at"])
    # Only active bookings hold a slot; a cancelled one frees it. Both databases support partial indexes.
    op.create_index(
        "uq_bookings_active_slot",
        "bookings",
        ["practitioner_id", "start_at"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    op.create_index(
        "uq_bookings_active_conversation",
        "bookings",
        ["conversation_id"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def downgrade() -> None:
    op.drop_table("bookings")
    op.drop_table("intakes")
