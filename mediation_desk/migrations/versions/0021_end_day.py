"""end day: every ended case has the day its mediation ended, no open case has one (issue 12)

Before this release an agreement taking effect moved a case to 调解成功 without recording the
day mediation ended (``mediation_case.ended_on``), and 回手 (taking a case up again after a
visit) kept the day of the ending it undid. Such cases were missing from 办结, 成功率, 按期办结
and 平均天数, or counted as 在办 and 办结 at once. From now on every move sets the day by one
rule (``domain.case_flow.end_day``); this migration mends the cases recorded before.

**Open cases** (已受理, 调解中) lose their end day.

**Ended cases without one** — whose outcome (their status, or for 结案/归档 the status they
were closed from; a closed case with none recorded counts as 调解不成, as the statistics
have it) is 调解成功, 调解不成, 撤回 or 速裁结案 — get the first of these that is known:

1. for 调解成功, the day the agreement took effect, as ``domain.agreements.effect`` computes
   it: an oral agreement's day it was reached, a written one's last signature or seal (the
   case is still 调解成功, so its agreement is still in effect and every signer has signed).
   This is the legal day the mediation succeeded (人民调解法 arts. 29–30) and the day the move
   would have recorded, while the history entry of the move only has the day the last
   signature was *entered*, which may be days later;
2. the day of the latest history entry that moved the case into that outcome (its
   ``changes`` set ``status`` to it): the day the ending was recorded (the moves of the
   结束调解 dialog, which may be dated earlier, always kept their day: they are not mended);
3. the day the case was closed (``closed_on``): mediation had ended by then;
4. the day the case was last changed (``updated_at``): the latest the ending can have been.

The day is never before the day the case was received. 已移送 without an end day stays
without: that is how a case handed on at intake without mediation is told (it is not 受理).

Then the statistics rows of the cases changed (``case_stat``: the end day and the figures
that follow from it — 办结, days, with a due day, on time) and the month sums of the months
they were received in (``case_stat_month``) are written anew.

The SQL is this migration's own, frozen as the schema stood at 0020: it imports no
application model or service, which change later (the month sums' figure columns are read
from ``case_stat_month`` itself, which is the table of this revision when it runs). Downgrading leaves the days as they are
(the older release reads them the same way).

Revision ID: 0021_end_day
Revises: 0020_case_list
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_end_day"
down_revision = "0020_case_list"
branch_labels = None
depends_on = None

#: The group columns of ``case_stat_month``; every other column is a figure summed over the
#: group's accepted cases (read from the table as it stands at this revision).
GROUPS = ("month", "unit_id", "dispute_type_code", "source", "cases")
#: Outcomes only mediation reaches (``domain.case_flow.MEDIATED_OUTCOMES`` at 0021).
ENDED_OUTCOMES = "('succeeded', 'failed', 'withdrawn', 'fast_track_closed')"
OPEN_STATUSES = "('accepted', 'in_mediation')"


def _sql(dialect: str) -> dict[str, str]:
    """The dialect's words for the day of a timestamp, the later of two days and the days
    between two days."""
    if dialect == "sqlite":
        return {
            "day": "date({})",
            "later": "max({}, {})",
            "days": "CAST(julianday({}) - julianday({}) AS INTEGER)",
        }
    return {
        "day": "CAST({} AS DATE)",
        "later": "GREATEST({}, {})",
        "days": "({} - {})",
    }


def upgrade() -> None:
    conn = op.get_bind()
    w = _sql(conn.dialect.name)

    def run(sql: str) -> None:
        conn.execute(sa.text(sql))  # text(): a literal % reaches every driver as written

    run("CREATE TEMPORARY TABLE end_day_fix (case_id INTEGER PRIMARY KEY, ended_on DATE)")
    run(
        "INSERT INTO end_day_fix (case_id, ended_on) SELECT id, NULL FROM mediation_case"
        f" WHERE status IN {OPEN_STATUSES} AND ended_on IS NOT NULL"
    )
    effective = (
        "CASE WHEN x.outcome = 'succeeded' THEN CASE WHEN a.form = 'oral' THEN a.reached_on"
        " ELSE (SELECT MAX(g.signed_on) FROM agreement_signature g"
        " WHERE g.agreement_id = a.id) END END"
    )
    recorded = (
        f"(SELECT MAX({w['day'].format('h.at')}) FROM history_entry h"
        " WHERE h.case_id = x.id AND h.changes LIKE '%\"status\": \"' || x.outcome || '\"%')"
    )
    day = f"COALESCE({effective}, {recorded}, x.closed_on, {w['day'].format('x.updated_at')})"
    received = w["day"].format("x.received_at")
    run(
        "INSERT INTO end_day_fix (case_id, ended_on)"
        f" SELECT x.id, {w['later'].format(day, received)}"
        " FROM (SELECT c.id, c.received_at, c.closed_on, c.updated_at,"
        "   CASE WHEN c.status IN ('closed', 'archived')"
        "     THEN COALESCE(NULLIF(c.closed_from, ''), 'failed') ELSE c.status END AS outcome"
        "   FROM mediation_case c WHERE c.ended_on IS NULL) x"
        " LEFT JOIN agreement a ON a.case_id = x.id"
        f" WHERE x.outcome IN {ENDED_OUTCOMES}"
    )
    run(
        "UPDATE mediation_case SET ended_on ="
        " (SELECT f.ended_on FROM end_day_fix f WHERE f.case_id = mediation_case.id)"
        " WHERE id IN (SELECT case_id FROM end_day_fix)"
    )
    # the statistics rows: the end day and what follows from it (db/case_stats.py at 0019)
    ended = "c.ended_on IS NOT NULL"
    timed = f"{ended} AND c.due_on IS NOT NULL"
    day_count = w["days"].format("c.ended_on", w["day"].format("c.received_at"))
    figures = {
        "ended_on": "c.ended_on",
        "ended": f"CASE WHEN {ended} THEN 1 ELSE 0 END",
        "days": f"CASE WHEN {ended} THEN {day_count} ELSE 0 END",
        "timed": f"CASE WHEN {timed} THEN 1 ELSE 0 END",
        "on_time": f"CASE WHEN {timed} AND c.ended_on <= c.due_on THEN 1 ELSE 0 END",
    }
    for column, value in figures.items():
        run(
            f"UPDATE case_stat SET {column} = (SELECT {value} FROM mediation_case c"
            " WHERE c.id = case_stat.case_id)"
            " WHERE case_id IN (SELECT case_id FROM end_day_fix)"
        )
    # the month sums of every month a changed case was received in
    months = (
        "(SELECT DISTINCT s.month FROM case_stat s JOIN end_day_fix f ON f.case_id = s.case_id)"
    )
    figures_summed = [
        c["name"] for c in sa.inspect(conn).get_columns("case_stat_month") if c["name"] not in GROUPS
    ]
    groups = ", ".join(GROUPS[:-1])
    run(f"DELETE FROM case_stat_month WHERE month IN {months}")
    run(
        f"INSERT INTO case_stat_month ({groups}, cases, {', '.join(figures_summed)})"
        f" SELECT {groups}, COUNT(*), {', '.join(f'SUM({k})' for k in figures_summed)}"
        f" FROM case_stat WHERE accepted AND month IN {months} GROUP BY {groups}"
    )
    run("DROP TABLE end_day_fix")


def downgrade() -> None:
    pass  # the days stay: data mended, no schema to take back
