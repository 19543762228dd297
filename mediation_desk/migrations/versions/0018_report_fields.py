"""report fields: where the dispute arose and what the statistics count (issue 12)

New table ``place``: the centre's villages and communities by their 12-digit statistical
division code (name, 村/社区, the 乡镇/街道, order, active). ``mediation_case`` gains
``place_code`` (NULL: 未填写), ``grid_code``, ``amount_in_dispute_cents``,
``persons_involved``, ``special_groups``, ``difficult`` and the prevention flags recorded at
closing (``prevented_*``). Existing cases get the server defaults (nothing prevented, not
difficult, no groups) and ``persons_involved`` = their number of parties.

On SQLite the foreign key of ``place_code`` is written in the ``ADD COLUMN`` itself (allowed
for a column whose default is NULL): a constraint added afterwards would need the table
rebuilt, which the history's references forbid. PostgreSQL adds it as a constraint.

Revision ID: 0018_report_fields
Revises: 0017_accounts
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_report_fields"
down_revision = "0017_accounts"
branch_labels = None
depends_on = None

FK_NAME = "fk_mediation_case_place_code_place"

FLAGS = (
    "prevented_criminal",
    "prevented_group_petition",
    "prevented_suicide",
    "prevented_group_fight",
)
COUNTS = ("prevented_criminal_persons", "prevented_group_petition_persons")


def upgrade() -> None:
    op.create_table(
        "place",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("village", "community", name="placekind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("township", sa.String(length=60), server_default=sa.text("''"), nullable=False),
        sa.Column("sort_order", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_place")),
    )
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE mediation_case ADD COLUMN place_code VARCHAR(12) "
            f"CONSTRAINT {FK_NAME} REFERENCES place (code)"
        )
    else:
        op.add_column("mediation_case", sa.Column("place_code", sa.String(12), nullable=True))
        op.create_foreign_key(FK_NAME, "mediation_case", "place", ["place_code"], ["code"])
    op.create_index(op.f("ix_mediation_case_place_code"), "mediation_case", ["place_code"])
    op.add_column(
        "mediation_case",
        sa.Column("grid_code", sa.String(40), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "mediation_case", sa.Column("amount_in_dispute_cents", sa.BigInteger(), nullable=True)
    )
    op.add_column("mediation_case", sa.Column("persons_involved", sa.Integer(), nullable=True))
    op.add_column(
        "mediation_case",
        sa.Column("special_groups", sa.String(100), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "mediation_case",
        sa.Column("difficult", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    for name in FLAGS:
        op.add_column(
            "mediation_case",
            sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False),
        )
    for name in COUNTS:
        op.add_column(
            "mediation_case",
            sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False),
        )
    # persons involved: the number of parties, as intake would have defaulted it (one
    # statement; a case with no party rows, which intake never saves, stays NULL)
    op.execute(
        "UPDATE mediation_case SET persons_involved = "
        "(SELECT COUNT(*) FROM party WHERE party.case_id = mediation_case.id) "
        "WHERE EXISTS (SELECT 1 FROM party WHERE party.case_id = mediation_case.id)"
    )


ADDED = (
    *COUNTS,
    *FLAGS,
    "difficult",
    "special_groups",
    "persons_involved",
    "amount_in_dispute_cents",
    "grid_code",
)


def downgrade() -> None:
    """Drops the columns in place (``ALTER TABLE … DROP COLUMN``, SQLite 3.35+): rebuilding
    ``mediation_case`` would break the history's references to it."""
    conn = op.get_bind()
    for column in ADDED:
        op.execute(f"ALTER TABLE mediation_case DROP COLUMN {column}")
    op.drop_index(op.f("ix_mediation_case_place_code"), table_name="mediation_case")
    if conn.dialect.name != "sqlite":
        op.drop_constraint(FK_NAME, "mediation_case", type_="foreignkey")
    op.execute("ALTER TABLE mediation_case DROP COLUMN place_code")
    op.drop_table("place")
