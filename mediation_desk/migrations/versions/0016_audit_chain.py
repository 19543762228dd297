"""the history's hash chain: prev_hash/row_hash on history_entry, and the chain's tail

Existing rows are chained in id order, in chunks (constant memory however many rows), with
the serialisation of ``domain/audit_chain.py``; ``audit_tail`` then holds the last row.

Revision ID: 0016_audit_chain
Revises: 0015_performance
"""

from alembic import op
import sqlalchemy as sa

from mediation_desk.domain.audit_chain import FIELDS, GENESIS, row_hash


revision = "0016_audit_chain"
down_revision = "0015_performance"
branch_labels = None
depends_on = None

CHUNK = 5000

history = sa.table(
    "history_entry",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("operator_id", sa.Integer),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("summary", sa.String),
    sa.column("changes", sa.Text),
    sa.column("prev_hash", sa.String),
    sa.column("row_hash", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("history_entry") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))
    tail = op.create_table(
        "audit_tail",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_tail")),
    )
    conn = op.get_bind()
    _append_only(False)  # the backfill writes the two new columns of every row
    last_id, last_hash = 0, GENESIS
    columns = [history.c[name] for name in FIELDS]
    update = (
        history.update()
        .where(history.c.id == sa.bindparam("b_id"))
        .values(prev_hash=sa.bindparam("b_prev"), row_hash=sa.bindparam("b_hash"))
    )
    while True:
        rows = conn.execute(
            sa.select(*columns).where(history.c.id > last_id).order_by(history.c.id).limit(CHUNK)
        ).mappings().all()
        if not rows:
            break
        values = []
        for row in rows:
            digest = row_hash(row, last_hash)
            values.append({"b_id": row["id"], "b_prev": last_hash, "b_hash": digest})
            last_id, last_hash = row["id"], digest
        conn.execute(update, values)
    _append_only(True)
    op.bulk_insert(tail, [{"id": 1, "last_id": last_id, "last_hash": last_hash}])


def _append_only(on: bool) -> None:
    """The triggers of 0001_initial that refuse UPDATE and DELETE on history_entry."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            if on:
                op.execute(
                    f"CREATE TRIGGER history_entry_no_{verb.lower()} BEFORE {verb} "
                    "ON history_entry "
                    "BEGIN SELECT RAISE(ABORT, 'history_entry is append-only'); END"
                )
            else:
                op.execute(f"DROP TRIGGER IF EXISTS history_entry_no_{verb.lower()}")
    else:
        state = "ENABLE" if on else "DISABLE"
        op.execute(f"ALTER TABLE history_entry {state} TRIGGER history_entry_append_only")


def downgrade() -> None:
    op.drop_table("audit_tail")
    _append_only(False)  # SQLite rebuilds the table to drop columns
    with op.batch_alter_table("history_entry") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
    _append_only(True)
