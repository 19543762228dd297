"""the centre's holiday arrangement, its time-limit targets, and extensions of time limits

``holiday_year`` / ``holiday_day``: the State Council's arrangement of a year the centre entered
(laid over chinesecalendar's table); ``time_limit_target``: the centre's own target in days per
risk level; ``time_limit_extension``: an extension of a case's limit with every party's consent.
Only new tables: plain CREATE TABLE on SQLite and PostgreSQL.

Revision ID: 0007_holidays_extensions
Revises: 0006_case_time_limit
"""

from alembic import op
import sqlalchemy as sa

revision = "0007_holidays_extensions"
down_revision = "0006_case_time_limit"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, **kw):  # type: ignore[no-untyped-def]
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), **kw
    )


def upgrade() -> None:
    op.create_table(
        "holiday_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("source_note", sa.String(200), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("holiday_year", "updated_by", "operator.id"),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_year")),
    )
    op.create_table(
        "holiday_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        _fk("holiday_day", "year", "holiday_year.year", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_holiday_day")),
    )
    op.create_index(op.f("ix_holiday_day_year"), "holiday_day", ["year"], unique=False)
    op.create_table(
        "time_limit_target",
        sa.Column(
            "risk_level",
            sa.Enum(
                "none", "yellow", "orange", "red",
                name="risklevel", native_enum=False, length=32,
            ),
            nullable=False,
        ),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("time_limit_target", "updated_by", "operator.id"),
        sa.PrimaryKeyConstraint("risk_level", name=op.f("pk_time_limit_target")),
    )
    op.create_table(
        "time_limit_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("due_before", sa.Date(), nullable=True),
        sa.Column("due_after", sa.Date(), nullable=False),
        sa.Column("consents", sa.Text(), nullable=False),
        sa.Column("note", sa.String(400), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("time_limit_extension", "case_id", "mediation_case.id", ondelete="CASCADE"),
        _fk("time_limit_extension", "created_by", "operator.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_time_limit_extension")),
    )
    op.create_index(
        op.f("ix_time_limit_extension_case_id"), "time_limit_extension", ["case_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_time_limit_extension_case_id"), table_name="time_limit_extension")
    op.drop_table("time_limit_extension")
    op.drop_table("time_limit_target")
    op.drop_index(op.f("ix_holiday_day_year"), table_name="holiday_day")
    op.drop_table("holiday_day")
    op.drop_table("holiday_year")
