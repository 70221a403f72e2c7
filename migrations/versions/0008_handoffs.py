"""hand-offs: patients who asked for a person, for staff to contact

Revision ID: 0008_handoffs
Revises: 0007_reminders
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_handoffs"
down_revision = "0007_reminders"
branch_labels = None
depends_on = None

_OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("patient_words", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime()),
        sa.Column("done_by", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_handoffs"),
        sa.ForeignKeyConstraint(["done_by"], ["staff_users.id"], name="fk_handoffs_done_by_staff_users",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_handoffs_status", "handoffs", ["status"])
    op.create_index("ix_handoffs_conversation_id", "handoffs", ["conversation_id"])
    # One open hand-off per conversation: asking again finds (and updates) the open one.
    op.create_index("uq_handoffs_open_conversation", "handoffs", ["conversation_id"], unique=True,
                    sqlite_where=_OPEN, postgresql_where=_OPEN)


def downgrade() -> None:
    op.drop_table("handoffs")
