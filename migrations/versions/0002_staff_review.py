"""staff review: users, sessions, API tokens, login attempts, reviews, notes, audit trail, access log

Revision ID: 0002_staff
Revises: 0001
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_staff"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(120)),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_staff_users"),
        sa.UniqueConstraint("username", name="uq_staff_users_username"),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ip", sa.String(64)),
        sa.Column("user_agent", sa.String(255)),
        sa.PrimaryKeyConstraint("token_hash", name="pk_staff_sessions"),
        _fk("staff_sessions", "user_id", "staff_users", "CASCADE"),
    )
    op.create_index("ix_staff_sessions_user_id", "staff_sessions", ["user_id"])
    op.create_table(
        "staff_api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime()),
        sa.Column("revoked_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_staff_api_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_staff_api_tokens_token_hash"),
        _fk("staff_api_tokens", "user_id", "staff_users", "CASCADE"),
    )
    op.create_table(
        "staff_login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("ip", sa.String(64)),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_login_attempts"),
    )
    op.create_index("ix_staff_login_attempts_username_at", "staff_login_attempts", ["username", "at"])
    op.create_index("ix_staff_login_attempts_ip_at", "staff_login_attempts", ["ip", "at"])
    op.create_table(
        "staff_intake_reviews",
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("corrected_type", sa.String(64)),
        sa.Column("bot_type", sa.String(64)),
        sa.Column("bot_confidence", sa.Float()),
        sa.Column("corrected_by", sa.Integer()),
        sa.Column("corrected_at", sa.DateTime()),
        sa.Column("handoff_done_by", sa.Integer()),
        sa.Column("handoff_done_at", sa.DateTime()),
        sa.Column("status_by", sa.Integer()),
        sa.Column("status_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("intake_id", name="pk_staff_intake_reviews"),
        _fk("staff_intake_reviews", "intake_id", "intakes", "CASCADE"),
        _fk("staff_intake_reviews", "corrected_by", "staff_users", "SET NULL"),
        _fk("staff_intake_reviews", "handoff_done_by", "staff_users", "SET NULL"),
        _fk("staff_intake_reviews", "status_by", "staff_users", "SET NULL"),
    )
    op.create_table(
        "staff_review_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("old_value", sa.Text()),
        sa.Column("new_value", sa.Text()),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_review_events"),
        _fk("staff_review_events", "intake_id", "intakes", "CASCADE"),
        _fk("staff_review_events", "user_id", "staff_users", "SET NULL"),
    )
    op.create_index("ix_staff_review_events_intake_id", "staff_review_events", ["intake_id"])
    op.create_table(
        "staff_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer()),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime()),
        sa.Column("deleted_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_staff_notes"),
        _fk("staff_notes", "intake_id", "intakes", "CASCADE"),
        _fk("staff_notes", "author_id", "staff_users", "SET NULL"),
    )
    op.create_index("ix_staff_notes_intake_id", "staff_notes", ["intake_id"])
    op.create_table(
        "staff_access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("intake_id", sa.Integer()),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text()),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff_access_log"),
        _fk("staff_access_log", "user_id", "staff_users", "SET NULL"),
        _fk("staff_access_log", "intake_id", "intakes", "CASCADE"),
    )
    op.create_index("ix_staff_access_log_intake_id", "staff_access_log", ["intake_id"])
    op.create_index("ix_staff_access_log_at", "staff_access_log", ["at"])


def downgrade() -> None:
    for table in ("staff_access_log", "staff_notes", "staff_review_events", "staff_intake_reviews",
                  "staff_login_attempts", "staff_api_tokens", "staff_sessions", "staff_users"):
        op.drop_table(table)
