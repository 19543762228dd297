"""the case's time limit (办理时限): which rule set it, the dates it runs from, the due day

``time_limit_rule`` (a ``domain.time_limits`` rule key, '' when none applies),
``court_procedure`` (普通/简易程序 for a case entrusted by a court after filing),
``materials_received_on`` (the day the mediator signed for the court's materials),
``handed_due_on`` (the date in a handing body's letter), and the computed ``due_on`` with
``due_beyond_table`` (the due day lies beyond the known holiday table). ``due_on`` is stored,
not computed on read, so the 督办 board and the day's list read open cases by one index.

Revision ID: 0006_case_time_limit
Revises: 0005_case_outcome
"""

from alembic import op
import sqlalchemy as sa

revision = "0006_case_time_limit"
down_revision = "0005_case_outcome"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "mediation_case",
        sa.Column("time_limit_rule", sa.String(40), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "mediation_case",
        sa.Column("court_procedure", sa.String(20), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("mediation_case", sa.Column("materials_received_on", sa.Date(), nullable=True))
    op.add_column("mediation_case", sa.Column("handed_due_on", sa.Date(), nullable=True))
    op.add_column("mediation_case", sa.Column("due_on", sa.Date(), nullable=True))
    op.add_column(
        "mediation_case",
        sa.Column(
            "due_beyond_table", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
    )
    op.create_index("ix_case_status_due", "mediation_case", ["status", "due_on"])


def downgrade() -> None:
    op.drop_index("ix_case_status_due", table_name="mediation_case")
    with op.batch_alter_table("mediation_case") as batch:
        batch.drop_column("due_beyond_table")
        batch.drop_column("due_on")
        batch.drop_column("handed_due_on")
        batch.drop_column("materials_received_on")
        batch.drop_column("court_procedure")
        batch.drop_column("time_limit_rule")
