"""agreements, signatures, generated documents and judicial confirmation

Revision ID: 0002_agreements
Revises: 0001_initial
"""

revision = "0002_agreements"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
