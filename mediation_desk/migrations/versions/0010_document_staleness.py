"""generated documents marked 已过期 when the case's registration is corrected

``stale_since`` (when a correction made the file out of date, NULL while current) and
``stale_reason`` (the reason given for the correction) on ``generated_document``; the file
stays in the case folder and in the list. Server defaults: existing rows are current.

Revision ID: 0010_document_staleness
Revises: 0009_session_minutes
"""

from alembic import op
import sqlalchemy as sa

revision = "0010_document_staleness"
down_revision = "0009_session_minutes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("generated_document", sa.Column("stale_since", sa.DateTime(), nullable=True))
    op.add_column(
        "generated_document",
        sa.Column("stale_reason", sa.String(400), server_default=sa.text("''"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("generated_document") as batch:
        batch.drop_column("stale_reason")
        batch.drop_column("stale_since")
