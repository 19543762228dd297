"""the part of an agreement applied for judicial confirmation; its text frozen at effect

- Clauses courts refuse (民诉解释 art. 355) are left out of the confirmation request, or the
  mediator records a reason to apply for them anyway: ``confirmation_excluded`` (JSON list of
  clause positions) and ``confirmation_override``, with server defaults so that existing rows
  need no data migration.
- ``printed_snapshot``: the agreement as built when it took effect (JSON of the document
  model); later changes (the confirmation court, the centre's settings) no longer rewrite it.
  Agreements already effective keep printing from live data until a signature is recorded again.

Plain ADD COLUMN works on SQLite and PostgreSQL alike.

Revision ID: 0004_agreement_scope_snapshot
Revises: 0003_scheduling
"""

from alembic import op
import sqlalchemy as sa

revision = "0004_agreement_scope_snapshot"
down_revision = "0003_scheduling"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "agreement",
        sa.Column("confirmation_excluded", sa.Text(), server_default="[]", nullable=False),
    )
    op.add_column(
        "agreement",
        sa.Column("confirmation_override", sa.Text(), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("agreement", sa.Column("printed_snapshot", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreement") as batch:
        batch.drop_column("printed_snapshot")
        batch.drop_column("confirmation_override")
        batch.drop_column("confirmation_excluded")
