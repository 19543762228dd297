"""case statistics: each case's figures as the report sums them (issue 12)

New table ``case_stat``: one row per case (``case_id`` → ``mediation_case.id``, deleted with
it) holding the day and month received, the unit, type and source, whether it counts as 受理,
its effective outcome, the day mediation ended, and one integer per figure of the MoJ table
and of the centre figures (``db.case_stats``). Indexed by the day received (with and without
the unit), by the day mediation ended and by month and unit. New table ``case_stat_month``:
the accepted cases' figures summed by month, unit, type and source (what reports of whole
months read). Both are filled here for every existing case; from now on every write
refreshes the rows of the cases it touched and their month groups.

The fill is frozen here as SQL text (``FILL_CASES``, ``FILL_MONTHS``): the definitions of
``db.case_stats`` as they stood at this revision, over the schema of 0018, with the enum values
written out. The migration imports nothing of the application, so a later change to the
models, to ``db.case_stats`` or to the domain's definitions never changes what it does; a
later migration that changes a definition writes the rows anew itself.

Revision ID: 0019_case_stats
Revises: 0018_report_fields
"""

import sqlalchemy as sa
from alembic import op

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

#: The month received (year * 100 + month) and the days from the day received to the day
#: mediation ended, in each database's terms.
MONTH_SQLITE = (
    "CAST(strftime('%Y', c.received_at) AS INTEGER) * 100"
    " + CAST(strftime('%m', c.received_at) AS INTEGER)"
)
MONTH_PG = (
    "CAST(EXTRACT(year FROM c.received_at) * 100 + EXTRACT(month FROM c.received_at) AS INTEGER)"
)
DAYS_SQLITE = "CAST(julianday(c.ended_on) - julianday(date(c.received_at)) AS INTEGER)"
DAYS_PG = "CAST(c.ended_on - CAST(c.received_at AS DATE) AS INTEGER)"

#: Every case's row. ``eff`` is the outcome the case stands at: its status, or for 结案/归档
#: (closed, archived) the status it closed from ('failed' when not recorded). 受理: not
#: refused, and not referred out at intake (referred out without a day mediation ended).
#: Outcomes: succeeded; failed = failed, referred_out; fast_track = fast_track_closed;
#: withdrawn; pending = accepted, in_mediation; concluded = the first three. 回访 counted as
#: satisfied: satisfied, basic. ``{month}`` and ``{days}``: the dialect's fragments above.
FILL_CASES = """
INSERT INTO case_stat (
    case_id, received_at, month, unit_id, dispute_type_code, source, accepted, status, ended_on,
    succeeded, written, oral, failed, fast_track, withdrawn, pending, concluded, persons,
    amount, difficult, prev_criminal, prev_criminal_persons, prev_petition,
    prev_petition_persons, prev_suicide, prev_fight, confirm_applied, confirm_confirmed,
    referred_court, ended, days, timed, on_time, visits, satisfied
)
SELECT
    c.id, c.received_at, {month}, c.unit_id, c.dispute_type_code,
    CAST(c.source AS VARCHAR(32)),
    (c.eff <> 'refused' AND NOT (c.eff = 'referred_out' AND c.ended_on IS NULL)),
    c.eff,
    c.ended_on,
    CASE WHEN c.eff = 'succeeded' THEN 1 ELSE 0 END,
    CASE WHEN c.eff = 'succeeded' AND a.form = 'written' THEN 1 ELSE 0 END,
    CASE WHEN c.eff = 'succeeded' AND a.form = 'oral' THEN 1 ELSE 0 END,
    CASE WHEN c.eff IN ('failed', 'referred_out') THEN 1 ELSE 0 END,
    CASE WHEN c.eff = 'fast_track_closed' THEN 1 ELSE 0 END,
    CASE WHEN c.eff = 'withdrawn' THEN 1 ELSE 0 END,
    CASE WHEN c.eff IN ('accepted', 'in_mediation') THEN 1 ELSE 0 END,
    CASE WHEN c.eff IN ('succeeded', 'failed', 'referred_out', 'fast_track_closed')
        THEN 1 ELSE 0 END,
    COALESCE(c.persons_involved, (SELECT COUNT(p.id) FROM party p WHERE p.case_id = c.id)),
    CASE WHEN c.eff = 'succeeded' AND a.id IS NOT NULL THEN (
        SELECT COALESCE(SUM(k.amount_fen), 0) FROM agreement_clause k
        WHERE k.agreement_id = a.id AND k.amount_fen > 0
    ) ELSE 0 END,
    CASE WHEN c.difficult IS TRUE THEN 1 ELSE 0 END,
    CASE WHEN c.prevented_criminal IS TRUE THEN 1 ELSE 0 END,
    CASE WHEN c.prevented_criminal IS TRUE AND c.prevented_criminal_persons > 0
        THEN c.prevented_criminal_persons ELSE 0 END,
    CASE WHEN c.prevented_group_petition IS TRUE THEN 1 ELSE 0 END,
    CASE WHEN c.prevented_group_petition IS TRUE AND c.prevented_group_petition_persons > 0
        THEN c.prevented_group_petition_persons ELSE 0 END,
    CASE WHEN c.prevented_suicide IS TRUE THEN 1 ELSE 0 END,
    CASE WHEN c.prevented_group_fight IS TRUE THEN 1 ELSE 0 END,
    CASE WHEN k2.applied_on IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN k2.result = 'confirmed' THEN 1 ELSE 0 END,
    CASE WHEN c.eff = 'referred_out' AND c.refer_to = 'court_filing' THEN 1 ELSE 0 END,
    CASE WHEN c.ended_on IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN c.ended_on IS NOT NULL THEN {days} ELSE 0 END,
    CASE WHEN c.ended_on IS NOT NULL AND c.due_on IS NOT NULL THEN 1 ELSE 0 END,
    CASE WHEN c.ended_on IS NOT NULL AND c.due_on IS NOT NULL AND c.ended_on <= c.due_on
        THEN 1 ELSE 0 END,
    (SELECT COUNT(v.id) FROM follow_up_visit v JOIN follow_up_task t ON t.id = v.task_id
        WHERE t.case_id = c.id),
    (SELECT COUNT(v.id) FROM follow_up_visit v JOIN follow_up_task t ON t.id = v.task_id
        WHERE t.case_id = c.id AND v.satisfaction IN ('satisfied', 'basic'))
FROM (
    SELECT mc.*, CASE
        WHEN mc.status IN ('closed', 'archived') AND mc.closed_from <> '' THEN mc.closed_from
        WHEN mc.status IN ('closed', 'archived') THEN 'failed'
        ELSE CAST(mc.status AS VARCHAR(32))
    END AS eff
    FROM mediation_case mc
) c
LEFT OUTER JOIN agreement a ON a.case_id = c.id
LEFT OUTER JOIN confirmation_pack k2 ON k2.case_id = c.id
"""

#: The accepted cases' figures summed by month, unit, type and source.
FILL_MONTHS = f"""
INSERT INTO case_stat_month (month, unit_id, dispute_type_code, source, cases, {", ".join(FIGURES)})
SELECT month, unit_id, dispute_type_code, source, COUNT(*),
    {", ".join(f"SUM({name})" for name in FIGURES)}
FROM case_stat
WHERE accepted
GROUP BY month, unit_id, dispute_type_code, source
"""


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
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    bind.execute(
        sa.text(
            FILL_CASES.format(
                month=MONTH_SQLITE if sqlite else MONTH_PG, days=DAYS_SQLITE if sqlite else DAYS_PG
            )
        )
    )
    bind.execute(sa.text(FILL_MONTHS))


def downgrade() -> None:
    op.drop_table("case_stat_month")
    op.drop_index("ix_case_stat_month_unit", table_name="case_stat")
    op.drop_index("ix_case_stat_ended", table_name="case_stat")
    op.drop_index("ix_case_stat_unit_received", table_name="case_stat")
    op.drop_index("ix_case_stat_received", table_name="case_stat")
    op.drop_table("case_stat")
