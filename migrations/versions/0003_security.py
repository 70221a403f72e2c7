"""security: intake versions, erasure requests, failed booking look-ups

Revision ID: 0003_security
Revises: 0002_staff
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_security"
down_revision = "0002_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("intakes") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "intake_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("review_status", sa.String(16), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_intake_versions"),
        sa.ForeignKeyConstraint(["intake_id"], ["intakes.id"], name="fk_intake_versions_intake_id_intakes",
                                ondelete="CASCADE"),
    )
    op.create_index("uq_intake_versions_intake_id_version", "intake_versions", ["intake_id", "version"],
                    unique=True)
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime()),
        sa.Column("done_by", sa.Integer()),
        sa.Column("outcome", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_erasure_requests"),
        sa.ForeignKeyConstraint(["done_by"], ["staff_users.id"], name="fk_erasure_requests_done_by_staff_users",
                                ondelete="SET NULL"),
    )
    op.create_index("ix_erasure_requests_status", "erasure_requests", ["status"])
    op.create_index("ix_erasure_requests_conversation_id", "erasure_requests", ["conversation_id"])
    op.create_table(
        "booking_lookup_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(128), nullable=False),
        sa.Column("phone", sa.String(20)),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_booking_lookup_failures"),
    )
    op.create_index("ix_booking_lookup_failures_conversation_id_at", "booking_lookup_failures",
                    ["conversation_id", "at"])
    op.create_index("ix_booking_lookup_failures_phone_at", "booking_lookup_failures", ["phone", "at"])


def downgrade() -> None:
    op.drop_table("booking_lookup_failures")
    op.drop_table("erasure_requests")
    op.drop_table("intake_versions")
    with op.batch_alter_table("intakes") as batch:
        batch.drop_column("version")
