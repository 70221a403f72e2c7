"""agreement: staff confirm or dismiss the bot's red flags (counted by the agreement report)

Revision ID: 0009_agreement
Revises: 0008_handoffs
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_agreement"
down_revision = "0008_handoffs"
branch_labels = None
depends_on = None

TABLE = "staff_intake_reviews"
FK = "fk_staff_intake_reviews_red_flags_by_staff_users"


def upgrade() -> None:
    # batch: SQLite cannot add a foreign key to an existing table; the batch copies the table with it.
    with op.batch_alter_table(TABLE) as batch:
        batch.add_column(sa.Column("red_flags_verdict", sa.String(16)))
        batch.add_column(sa.Column("red_flags_by", sa.Integer()))
        batch.add_column(sa.Column("red_flags_at", sa.DateTime()))
        batch.create_foreign_key(FK, "staff_users", ["red_flags_by"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(FK, type_="foreignkey")
        batch.drop_column("red_flags_at")
        batch.drop_column("red_flags_by")
        batch.drop_column("red_flags_verdict")
