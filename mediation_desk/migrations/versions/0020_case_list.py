"""case list: an index per filter of the case list, each in receiving order (issue 13)

The case list reads every case a page at a time, newest first, by key (``services/case_list``):
``WHERE … AND (received_at, id) < (:last_received, :last_id) ORDER BY received_at DESC, id DESC
LIMIT 201``. Filtered by status, unit, mediator, source or dispute type, each page walks the
index on that column and ``received_at`` from where the last page ended, and the count of a
filter is a range of that index; without them a rare mediator or source meant walking most of
the table for a page (50–90 ms on 200,000 cases) or sorting a status's 143,000 cases (120 ms).

Indexes only: nothing to migrate, and downgrading drops them. A SQLite file that was
analysed (``ANALYZE``, as the benchmark database is) gets the new indexes' statistics too.

Revision ID: 0020_case_list
Revises: 0019_case_stats
"""

from alembic import op

revision = "0020_case_list"
down_revision = "0019_case_stats"  # stat-facts' case_stat (merged before this)
branch_labels = None
depends_on = None

#: name -> the filtered column (each followed by ``received_at``).
INDEXES = {
    "ix_case_status_received": "status",
    "ix_case_unit_received": "unit_id",
    "ix_case_mediator_received": "mediator_id",
    "ix_case_source_received": "source",
    "ix_case_type_received": "dispute_type_code",
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, "mediation_case", [column, "received_at"])
    conn = op.get_bind()
    if conn.dialect.name == "sqlite" and conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    ).first():
        # The database was analysed: give the new indexes their statistics too. Without
        # them SQLite takes an unmeasured index for a tiny one (a unit's 26,000 cases read
        # and sorted for a page in number order, instead of walking the number index).
        for name in INDEXES:
            conn.exec_driver_sql(f"ANALYZE {name}")


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="mediation_case")
