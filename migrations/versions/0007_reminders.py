"""reminders: appointment reminders sent or listed for staff

Revision ID: 0007_reminders
Revises: 0006_whatsapp
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0007_reminders"
down_revision = "0006_whatsapp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("how", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=True),
        sa.Column("called_by", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_reminders"),
        sa.UniqueConstraint("booking_id", name="uq_reminders_booking_id"),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"], name="fk_reminders_booking_id_bookings",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["called_by"], ["staff_users.id"], name="fk_reminders_called_by_staff_users",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_reminders_conversation_id", "reminders", ["conversation_id"])


def downgrade() -> None:
    op.drop_table("reminders")
