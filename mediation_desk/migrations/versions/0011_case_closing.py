"""closing a case (结案) and what went back to a referring court

``closed_from`` (the status a case had when it was closed, so that 撤销结案 restores it and
statistics still count its outcome), ``closed_on``, and ``returned_materials`` (one item per
line: what was handed back to the court that referred the case, 特邀调解规定 art. 26).

Revision ID: 0011_case_closing
Revises: 0010_document_staleness
"""

from alembic import op
import sqlalchemy as sa

revision = "0011_case_closing"
down_revision = "0010_document_staleness"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "mediation_case",
        sa.Column("closed_from", sa.String(32), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("mediation_case", sa.Column("closed_on", sa.Date(), nullable=True))
    op.add_column(
        "mediation_case",
        sa.Column("returned_materials", sa.Text(), server_default=sa.text("''"), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("mediation_case") as batch:
        batch.drop_column("returned_materials")
        batch.drop_column("closed_on")
        batch.drop_column("closed_from")
