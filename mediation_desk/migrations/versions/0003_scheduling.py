"""rooms, mediator availability and mediation sessions

Revision ID: 0003_scheduling
Revises: 0002_agreements
"""

revision = "0003_scheduling"
down_revision = "0002_agreements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
