"""performance (履行) of an effective agreement: the frozen schedule and its marks

``performance_item``: one row per payment, instalment or act of an agreement, stored when the
agreement takes effect, with its latest state and the amount paid so far; indexed by due day
and state for the 督办 board and 今日待办. ``performance_mark``: every marking, with the
amount, the day, the proof kind and the proof file kept in the case folder (name, SHA-256,
size). New tables only: plain DDL on SQLite and PostgreSQL alike.

Revision ID: 0015_performance
Revises: 0014_follow_ups
"""

from alembic import op
import sqlalchemy as sa


revision = "0015_performance"
down_revision = "0014_follow_ups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "performance_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("clause_position", sa.Integer(), nullable=False),
        sa.Column("instalment", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("payment", "act", "text", name="clausekind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("obligor_party_id", sa.Integer(), nullable=True),
        sa.Column("payee_party_id", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("act", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "performed",
                "partly",
                "not_performed",
                name="performancestate",
                native_enum=False,
                length=16,
            ),
            nullable=True,
        ),
        sa.Column("paid_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_performance_item_agreement_id_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_performance_item_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["obligor_party_id"],
            ["party.id"],
            name=op.f("fk_performance_item_obligor_party_id_party"),
        ),
        sa.ForeignKeyConstraint(
            ["payee_party_id"], ["party.id"], name=op.f("fk_performance_item_payee_party_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_item")),
        sa.UniqueConstraint(
            "agreement_id",
            "clause_position",
            "instalment",
            name=op.f("uq_performance_item_agreement_id_clause_position_instalment"),
        ),
    )
    with op.batch_alter_table("performance_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_performance_item_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_performance_due", ["due_date", "state"], unique=False)

    op.create_table(
        "performance_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "performed",
                "partly",
                "not_performed",
                name="performancestate",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column(
            "proof_kind",
            sa.Enum(
                "none",
                "receipt",
                "transfer",
                "photo",
                "other",
                name="proofkind",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("proof_file", sa.String(length=300), nullable=False),
        sa.Column("proof_name", sa.String(length=300), nullable=False),
        sa.Column("proof_sha256", sa.String(length=64), nullable=False),
        sa.Column("proof_size", sa.BigInteger(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["performance_item.id"],
            name=op.f("fk_performance_mark_item_id_performance_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["operator.id"], name=op.f("fk_performance_mark_recorded_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_performance_mark")),
    )
    with op.batch_alter_table("performance_mark", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_performance_mark_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("performance_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_performance_mark_item_id"))

    op.drop_table("performance_mark")
    with op.batch_alter_table("performance_item", schema=None) as batch_op:
        batch_op.drop_index("ix_performance_due")
        batch_op.drop_index(batch_op.f("ix_performance_item_case_id"))

    op.drop_table("performance_item")
