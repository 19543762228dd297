"""how mediation ended without agreement: the ground, a note and the day

``outcome_reason`` (a ``domain.outcomes.TerminationReason`` code, '' when none),
``outcome_note`` and ``ended_on`` on ``mediation_case``; server defaults so existing rows need no
data migration. Plain ADD COLUMN works on SQLite and PostgreSQL alike.

Revision ID: 0005_case_outcome
Revises: 0004_agreement_scope_snapshot
"""

from alembic import op
import sqlalchemy as sa

revision = "0005_case_outcome"
down_revision = "0004_agreement_scope_snapshot"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "mediation_case",
        sa.Column("outcome_reason", sa.String(20), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "mediation_case",
        sa.Column("outcome_note", sa.String(400), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("mediation_case", sa.Column("ended_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mediation_case") as batch:
        batch.drop_column("ended_on")
        batch.drop_column("outcome_note")
        batch.drop_column("outcome_reason")
