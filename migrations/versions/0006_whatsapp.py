"""whatsapp: the WhatsApp channel's dedupe, senders, outbox and delivery statuses

Revision ID: 0006_whatsapp
Revises: 0005_attachments
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_whatsapp"
down_revision = "0005_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "whatsapp_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(256), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_whatsapp_inbound"),
        sa.UniqueConstraint("message_id", name="uq_whatsapp_inbound_message_id"),
    )
    op.create_index("ix_whatsapp_inbound_state", "whatsapp_inbound", ["state"])
    op.create_index("ix_whatsapp_inbound_conversation_id", "whatsapp_inbound", ["conversation_id"])
    op.create_table(
        "whatsapp_senders",
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("recipient", sa.String(160), nullable=False),
        sa.Column("recipient_is_phone", sa.Integer(), nullable=False),
        sa.Column("last_inbound_at", sa.DateTime(), nullable=True),
        sa.Column("choices", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name="pk_whatsapp_senders"),
    )
    op.create_table(
        "whatsapp_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_whatsapp_outbox"),
    )
    op.create_index("ix_whatsapp_outbox_conversation_id", "whatsapp_outbox", ["conversation_id"])
    op.create_index("ix_whatsapp_outbox_next_attempt_at", "whatsapp_outbox", ["next_attempt_at"])
    op.create_table(
        "whatsapp_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(256), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("error_code", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_whatsapp_statuses"),
    )
    op.create_index("ix_whatsapp_statuses_conversation_id", "whatsapp_statuses", ["conversation_id"])
    op.create_index("ix_whatsapp_statuses_message_id", "whatsapp_statuses", ["message_id"])


def downgrade() -> None:
    for table in ("whatsapp_statuses", "whatsapp_outbox", "whatsapp_senders", "whatsapp_inbound"):
        op.drop_table(table)
