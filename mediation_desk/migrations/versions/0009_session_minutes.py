"""session minutes (调解记录) and investigation records (调查记录)

``session_minutes`` (one row per session), who was present (``minutes_attendance``), each
side's account (``minutes_account``, one row per party) and ``investigation_record`` per case.
New tables only: nothing to migrate.

Revision ID: 0009_session_minutes
Revises: 0008_supervision
"""

from alembic import op
import sqlalchemy as sa

revision = "0009_session_minutes"
down_revision = "0008_supervision"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_minutes",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("note_taker", sa.String(length=60), nullable=False),
        sa.Column("rights_read", sa.Boolean(), nullable=False),
        sa.Column("recusal_asked", sa.Boolean(), nullable=False),
        sa.Column("recusal_note", sa.String(length=400), nullable=False),
        sa.Column("mediator_work", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("next_step", sa.String(length=400), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_session_minutes_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by"], ["operator.id"], name=op.f("fk_session_minutes_saved_by_operator")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mediation_session.id"],
            name=op.f("fk_session_minutes_session_id_mediation_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_session_minutes")),
    )
    op.create_index(
        op.f("ix_session_minutes_case_id"), "session_minutes", ["case_id"], unique=False
    )
    op.create_table(
        "minutes_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("agent_of", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("checked_in", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_of"],
            ["party.id"],
            name=op.f("fk_minutes_attendance_agent_of_party"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_minutes_attendance_party_id_party"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_minutes.session_id"],
            name=op.f("fk_minutes_attendance_session_id_session_minutes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_attendance")),
    )
    op.create_index(
        op.f("ix_minutes_attendance_session_id"),
        "minutes_attendance",
        ["session_id"],
        unique=False,
    )
    op.create_table(
        "minutes_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_minutes_account_party_id_party"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["session_minutes.session_id"],
            name=op.f("fk_minutes_account_session_id_session_minutes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes_account")),
        sa.UniqueConstraint(
            "session_id", "party_id", name=op.f("uq_minutes_account_session_id_party_id")
        ),
    )
    op.create_index(
        op.f("ix_minutes_account_party_id"), "minutes_account", ["party_id"], unique=False
    )
    op.create_table(
        "investigation_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("investigators", sa.String(length=200), nullable=False),
        sa.Column("note_taker", sa.String(length=60), nullable=False),
        sa.Column("subjects", sa.Text(), nullable=False),
        sa.Column("examined", sa.Text(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_investigation_record_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["operator.id"],
            name=op.f("fk_investigation_record_created_by_operator"),
        ),
        sa.ForeignKeyConstraint(
            ["saved_by"], ["operator.id"], name=op.f("fk_investigation_record_saved_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_investigation_record")),
    )
    op.create_index(
        op.f("ix_investigation_record_case_id"), "investigation_record", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_investigation_record_case_id"), table_name="investigation_record")
    op.drop_table("investigation_record")
    op.drop_index(op.f("ix_minutes_account_party_id"), table_name="minutes_account")
    op.drop_table("minutes_account")
    op.drop_index(op.f("ix_minutes_attendance_session_id"), table_name="minutes_attendance")
    op.drop_table("minutes_attendance")
    op.drop_index(op.f("ix_session_minutes_case_id"), table_name="session_minutes")
    op.drop_table("session_minutes")
