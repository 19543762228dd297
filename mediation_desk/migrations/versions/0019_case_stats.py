"""case statistics: each case's figures as the report sums them (issue 12)

New table ``case_stat``: one row per case (``case_id`` → ``mediation_case.id``, deleted with
it) holding the day and month received, the unit, type and source, whether it counts as 受理,
its effective outcome, the day mediation ended, and one integer per figure of the MoJ table
and of the centre figures (``db.case_stats``). Indexed by the day received (with and without
the unit), by the day mediation ended and by month and unit. New table ``case_stat_month``:
the accepted cases' figures summed by month, unit, type and source (what reports of whole
months read). Both are filled here for every existing case; from now on every write
refreshes the rows of the cases it touched and their month groups.

The fill runs ``db.case_stats.rebuild_case_stats``: a later migration that changes
``case_stat`` must write the rows anew itself as well.

Revision ID: 0019_case_stats
Revises: 0018_report_fields
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0019_case_stats"
down_revision = "0018_report_fields"
branch_labels = None
depends_on = None

FIGURES = (
    "succeeded",
    "written",
    "oral",
    "failed",
    "fast_track",
    "withdrawn",
    "pending",
    "concluded",
    "persons",
    "amount",
    "difficult",
    "prev_criminal",
    "prev_criminal_persons",
    "prev_petition",
    "prev_petition_persons",
    "prev_suicide",
    "prev_fight",
    "confirm_applied",
    "confirm_confirmed",
    "referred_court",
    "ended",
    "days",
    "timed",
    "on_time",
    "visits",
    "satisfied",
)


def upgrade() -> None:
    op.create_table(
        "case_stat",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("dispute_type_code", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        *(
            sa.Column(name, sa.BigInteger() if name == "amount" else sa.Integer(), nullable=False)
            for name in FIGURES
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_case_stat_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_stat")),
    )
    op.create_index("ix_case_stat_received", "case_stat", ["received_at"])
    op.create_index("ix_case_stat_unit_received", "case_stat", ["unit_id", "received_at"])
    op.create_index("ix_case_stat_ended", "case_stat", ["ended_on"])
    op.create_index("ix_case_stat_month_unit", "case_stat", ["month", "unit_id"])
    op.create_table(
        "case_stat_month",
        sa.Column("month", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dispute_type_code", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in FIGURES),
        sa.PrimaryKeyConstraint(
            "month", "unit_id", "dispute_type_code", "source", name=op.f("pk_case_stat_month")
        ),
    )
    from mediation_desk.db.case_stats import rebuild_case_stats

    session = Session(bind=op.get_bind())
    rebuild_case_stats(session)
    session.flush()


def downgrade() -> None:
    op.drop_table("case_stat_month")
    op.drop_index("ix_case_stat_month_unit", table_name="case_stat")
    op.drop_index("ix_case_stat_ended", table_name="case_stat")
    op.drop_index("ix_case_stat_unit_received", table_name="case_stat")
    op.drop_index("ix_case_stat_received", table_name="case_stat")
    op.drop_table("case_stat")
