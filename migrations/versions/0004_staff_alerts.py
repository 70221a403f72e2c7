"""staff alerts: a patient who wrote of self-harm, for staff to call

Revision ID: 0004_staff_alerts
Revises: 0003_security
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_staff_alerts"
down_revision = "0003_security"
branch_labels = None
depends_on = None

_OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_table(
        "staff_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("handled_at", sa.DateTime()),
        sa.Column("handled_by", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_staff_alerts"),
        sa.ForeignKeyConstraint(["handled_by"], ["staff_users.id"], name="fk_staff_alerts_handled_by_staff_users",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_staff_alerts_status", "staff_alerts", ["status"])
    op.create_index("ix_staff_alerts_conversation_id", "staff_alerts", ["conversation_id"])
    # One open alert per conversation and kind: raising it again finds the open one.
    op.create_index("uq_staff_alerts_open_conversation_kind", "staff_alerts", ["conversation_id", "kind"],
                    unique=True, sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    op.drop_table("staff_alerts")
