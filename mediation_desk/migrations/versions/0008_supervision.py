"""督办 instructions kept on a case, and the indexes the board and the day's list read by

``supervision_instruction``: the case, the level it was issued at (单位负责人 / 中心主任), the
text, the reply day, who issued it and when; the reply (text, who, when), empty until answered.
Indexed by case and by (replied_at, respond_by) for the unanswered ones. ``agreement_signature``
gains an index on ``signed_on``: the day's list finds agreements that took effect lately
(judicial-confirmation windows about to close) without reading every signature.
``ix_case_board`` on ``mediation_case`` (status, due_on, unit_id, mediator_id,
due_beyond_table, number) covers the board's and the day's read of open cases: with 200,000
cases they are read from the index alone, not from the wide case rows. New table and
indexes only: plain DDL on SQLite and PostgreSQL alike.

Revision ID: 0008_supervision
Revises: 0007_holidays_extensions
"""

from alembic import op
import sqlalchemy as sa

revision = "0008_supervision"
down_revision = "0007_holidays_extensions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supervision_instruction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "mediator",
                "unit_head",
                "centre_head",
                name="escalationlevel",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("respond_by", sa.Date(), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("reply_text", sa.String(length=400), nullable=False),
        sa.Column("replied_by", sa.Integer(), nullable=True),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_supervision_instruction_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["operator.id"],
            name=op.f("fk_supervision_instruction_issued_by_operator"),
        ),
        sa.ForeignKeyConstraint(
            ["replied_by"],
            ["operator.id"],
            name=op.f("fk_supervision_instruction_replied_by_operator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervision_instruction")),
    )
    op.create_index(
        op.f("ix_supervision_instruction_case_id"),
        "supervision_instruction",
        ["case_id"],
        unique=False,
    )
    op.create_index(
        "ix_instruction_open", "supervision_instruction", ["replied_at", "respond_by"]
    )
    op.create_index(
        op.f("ix_agreement_signature_signed_on"), "agreement_signature", ["signed_on"]
    )
    op.create_index(
        "ix_case_board",
        "mediation_case",
        ["status", "due_on", "unit_id", "mediator_id", "due_beyond_table", "number"],
    )


def downgrade() -> None:
    op.drop_index("ix_case_board", table_name="mediation_case")
    op.drop_index(op.f("ix_agreement_signature_signed_on"), table_name="agreement_signature")
    op.drop_index("ix_instruction_open", table_name="supervision_instruction")
    op.drop_index(
        op.f("ix_supervision_instruction_case_id"), table_name="supervision_instruction"
    )
    op.drop_table("supervision_instruction")
