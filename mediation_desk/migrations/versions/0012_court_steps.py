"""the court's handling of a judicial-confirmation application

On ``confirmation_pack``: the court the application went to (``submitted_court``) and its
receipt (``receipt_number``); the court's decision on accepting it (``acceptance_on``,
``accepted``, ``acceptance_reason``); a note on the ruling (``ruling_note``). The ruling's
result stays in ``result`` (a ``RulingResult`` value). Server defaults: existing rows have
none of it.

Revision ID: 0012_court_steps
Revises: 0011_case_closing
"""

from alembic import op
import sqlalchemy as sa

revision = "0012_court_steps"
down_revision = "0011_case_closing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "confirmation_pack",
        sa.Column("submitted_court", sa.String(120), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "confirmation_pack",
        sa.Column("receipt_number", sa.String(80), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("confirmation_pack", sa.Column("acceptance_on", sa.Date(), nullable=True))
    op.add_column("confirmation_pack", sa.Column("accepted", sa.Boolean(), nullable=True))
    op.add_column(
        "confirmation_pack",
        sa.Column("acceptance_reason", sa.Text(), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "confirmation_pack",
        sa.Column("ruling_note", sa.Text(), server_default=sa.text("''"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("confirmation_pack") as batch:
        batch.drop_column("ruling_note")
        batch.drop_column("acceptance_reason")
        batch.drop_column("accepted")
        batch.drop_column("acceptance_on")
        batch.drop_column("receipt_number")
        batch.drop_column("submitted_court")
