"""accounts: every operator becomes an account that signs in with a password

On ``operator``: ``name_key`` (the normalised name; a unique index, so look-alike names are
one account), ``password_hash`` (argon2; NULL: cannot sign in), ``roles``, ``mediator_id``
(the mediator the account is), the sign-in slow-down (``failed_attempts``,
``blocked_until``), ``last_sign_in_at``, ``must_change_password``, ``is_system``. On
``centre``: ``is_demo`` (the generated demo centre shows its accounts' passwords).

Existing operators keep their rows (the history points at them) with no password and no
role: the centre's first administrator is then created at start-up and sets them. When two
existing names are the same account name after normalisation (``测试员`` and ``测试员`` with a
zero-width space), the older keeps the key and the later one is deactivated with no key: it
stays in the history but can never sign in. One reserved row, "系统", is added: it records
start-up upkeep and failed sign-ins of unknown names, and never signs in.

Revision ID: 0017_accounts
Revises: 0016_audit_chain
"""

import datetime as dt

from alembic import op
import sqlalchemy as sa

from mediation_desk.domain.accounts import normalize_account_name
from mediation_desk.services.indexing import normalize_text

revision = "0017_accounts"
down_revision = "0016_audit_chain"
branch_labels = None
depends_on = None

SYSTEM_NAME = "系统"

operator = sa.table(
    "operator",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("active", sa.Boolean),
    sa.column("created_at", sa.DateTime),
    sa.column("name_key", sa.String),
    sa.column("is_system", sa.Boolean),
)


def _key(name: str) -> str:
    """``services.accounts.account_name_key`` as of this revision."""
    return normalize_text(normalize_account_name(name))


def upgrade() -> None:
    op.add_column("operator", sa.Column("name_key", sa.String(60), nullable=True))
    op.add_column("operator", sa.Column("password_hash", sa.String(200), nullable=True))
    op.add_column(
        "operator",
        sa.Column("roles", sa.String(60), server_default=sa.text("''"), nullable=False),
    )
    # no foreign key: SQLite could add one only by rebuilding the table, which the history's
    # references forbid (mediators are never deleted; the service checks the id)
    op.add_column("operator", sa.Column("mediator_id", sa.Integer(), nullable=True))
    op.add_column(
        "operator",
        sa.Column("failed_attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("operator", sa.Column("blocked_until", sa.DateTime(), nullable=True))
    op.add_column("operator", sa.Column("last_sign_in_at", sa.DateTime(), nullable=True))
    op.add_column(
        "operator",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "operator",
        sa.Column("is_system", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "centre",
        sa.Column("is_demo", sa.Boolean(), server_default=sa.false(), nullable=False),
    )

    conn = op.get_bind()
    rows = conn.execute(sa.select(operator.c.id, operator.c.name).order_by(operator.c.id)).all()
    taken: set[str] = set()
    updates = []
    for row in rows:
        key = _key(row.name)
        if key and key not in taken:
            taken.add(key)
            updates.append({"b_id": row.id, "b_key": key, "b_active": None})
        else:  # a look-alike of an older name (or an empty one): kept for the history only
            updates.append({"b_id": row.id, "b_key": None, "b_active": False})
    keep = [u for u in updates if u["b_active"] is None]
    dup = [u for u in updates if u["b_active"] is False]
    if keep:
        conn.execute(
            operator.update()
            .where(operator.c.id == sa.bindparam("b_id"))
            .values(name_key=sa.bindparam("b_key")),
            [{"b_id": u["b_id"], "b_key": u["b_key"]} for u in keep],
        )
    if dup:
        conn.execute(
            operator.update()
            .where(operator.c.id == sa.bindparam("b_id"))
            .values(active=False),
            [{"b_id": u["b_id"]} for u in dup],
        )
    op.create_index(op.f("ix_operator_name_key"), "operator", ["name_key"], unique=True)

    names = {row.name for row in rows}
    name = SYSTEM_NAME if SYSTEM_NAME not in names else "系统（自动记录）"
    key = _key(SYSTEM_NAME)
    conn.execute(
        operator.insert().values(
            name=name,
            active=False,
            created_at=dt.datetime.now().replace(microsecond=0),
            name_key=None if key in taken else key,
            is_system=True,
        )
    )


ADDED = (
    "is_system",
    "must_change_password",
    "last_sign_in_at",
    "blocked_until",
    "failed_attempts",
    "mediator_id",
    "roles",
    "password_hash",
    "name_key",
)


def downgrade() -> None:
    """Drops the columns in place (``ALTER TABLE … DROP COLUMN``, SQLite 3.35+): rebuilding
    ``operator`` would break the history's references to it. The "系统" row stays."""
    op.drop_index(op.f("ix_operator_name_key"), table_name="operator")
    for table, column in [("centre", "is_demo"), *(("operator", c) for c in ADDED)]:
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
