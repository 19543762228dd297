"""follow-up visits (回访) and 回手

``follow_up_task``: the visits planned on a case — after each performance due day and after
closing (automatic: ``key`` names which, unique per case) or by hand (no key) — with the due
day, why, a note, its state (open/done/cancelled) and who planned it. ``follow_up_visit``: the
回访记录 of a task (form, day, visitors, performed, satisfaction, gone to court, measures, who
recorded it). ``follow_up_policy``: the centre's policy (one row). ``mediation_case`` gains
``limit_from``: the day of the last 回手, from which the case's time limit runs anew. New
tables and a nullable column: plain DDL on SQLite and PostgreSQL alike.

Revision ID: 0014_follow_ups
Revises: 0013_case_file
"""

from alembic import op
import sqlalchemy as sa

revision = "0014_follow_ups"
down_revision = "0013_case_file"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=16)


def upgrade() -> None:
    op.add_column("mediation_case", sa.Column("limit_from", sa.Date(), nullable=True))
    op.create_table(
        "follow_up_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=True),
        sa.Column(
            "reason", _enum("followupreason", "performance", "closing", "manual"), nullable=False
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=400), nullable=False),
        sa.Column("state", _enum("taskstate", "open", "done", "cancelled"), nullable=False),
        sa.Column("planned_by", sa.Integer(), nullable=False),
        sa.Column("planned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_follow_up_task_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["planned_by"], ["operator.id"], name=op.f("fk_follow_up_task_planned_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_task")),
    )
    op.create_index(
        "uq_follow_up_task_case_key", "follow_up_task", ["case_id", "key"], unique=True
    )
    op.create_index("ix_follow_up_task_open", "follow_up_task", ["state", "due_on"])
    op.create_table(
        "follow_up_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("form", _enum("visitform", "phone", "home", "in_person"), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("visitors", sa.String(length=120), nullable=False),
        sa.Column("performed", _enum("performed", "yes", "partly", "no"), nullable=False),
        sa.Column(
            "satisfaction",
            _enum("satisfaction", "satisfied", "basic", "dissatisfied"),
            nullable=False,
        ),
        sa.Column("went_to_court", sa.Boolean(), nullable=False),
        sa.Column("court_note", sa.String(length=400), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["follow_up_task.id"],
            name=op.f("fk_follow_up_visit_task_id_follow_up_task"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["operator.id"], name=op.f("fk_follow_up_visit_recorded_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_visit")),
        sa.UniqueConstraint("task_id", name=op.f("uq_follow_up_visit_task_id")),
    )
    op.create_table(
        "follow_up_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("days_after_performance", sa.Integer(), nullable=False),
        sa.Column("days_after_closing", sa.Integer(), nullable=False),
        sa.Column("major_months", sa.Integer(), nullable=False),
        sa.Column("major_levels", sa.String(length=80), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["operator.id"], name=op.f("fk_follow_up_policy_updated_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_policy")),
    )


def downgrade() -> None:
    op.drop_table("follow_up_policy")
    op.drop_table("follow_up_visit")
    op.drop_index("ix_follow_up_task_open", table_name="follow_up_task")
    op.drop_index("uq_follow_up_task_case_key", table_name="follow_up_task")
    op.drop_table("follow_up_task")
    with op.batch_alter_table("mediation_case") as batch:
        batch.drop_column("limit_from")
