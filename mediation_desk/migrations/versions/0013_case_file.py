"""the case file (卷宗): attachments, the archive record, the retention rule

``case_attachment``: scans, photos and PDFs imported into the case folder (slot of the file
order, title, original name, stored path relative to the case folder, kind and MIME type,
size, pages, SHA-256, who imported it and when; removed with who, when and why — rows are
never deleted). ``case_archive``: one row per archived case (卷宗号 unique, 立卷人, archive
day, 保管期限, page count, who archived it, whether it is locked). ``retention_rule``: the
centre's 保管期限 per outcome. New tables only: plain DDL on SQLite and PostgreSQL alike.

Revision ID: 0013_case_file
Revises: 0012_court_steps
"""

from alembic import op
import sqlalchemy as sa

revision = "0013_case_file"
down_revision = "0012_court_steps"
branch_labels = None
depends_on = None

_SLOTS = (
    "cover",
    "contents",
    "application",
    "rights_notice",
    "identity",
    "power_of_attorney",
    "investigation",
    "evidence",
    "mediation_record",
    "agreement",
    "performance",
    "follow_up",
    "confirmation",
    "file_note",
    "back_cover",
)
_RETENTION = ("permanent", "long", "short")
_STATUSES = (
    "accepted",
    "in_mediation",
    "refused",
    "referred_out",
    "succeeded",
    "failed",
    "withdrawn",
    "fast_track_closed",
    "closed",
    "archived",
)


def _enum(values: tuple[str, ...], name: str, length: int) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=False, length=length)


def upgrade() -> None:
    op.create_table(
        "case_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("slot", _enum(_SLOTS, "fileslot", 24), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("stored_path", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("removed_by", sa.Integer(), nullable=True),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("removed_reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_case_attachment_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["operator.id"], name=op.f("fk_case_attachment_imported_by_operator")
        ),
        sa.ForeignKeyConstraint(
            ["removed_by"], ["operator.id"], name=op.f("fk_case_attachment_removed_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_attachment")),
    )
    op.create_index(
        op.f("ix_case_attachment_case_id"), "case_attachment", ["case_id"], unique=False
    )
    op.create_index("ix_case_attachment_case_sha", "case_attachment", ["case_id", "sha256"])
    op.create_table(
        "case_archive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_number", sa.String(length=60), nullable=False),
        sa.Column("filer", sa.String(length=40), nullable=False),
        sa.Column("archived_on", sa.Date(), nullable=False),
        sa.Column("retention", _enum(_RETENTION, "retention", 16), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("archived_by", sa.Integer(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_case_archive_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["archived_by"], ["operator.id"], name=op.f("fk_case_archive_archived_by_operator")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_archive")),
        sa.UniqueConstraint("case_id", name=op.f("uq_case_archive_case_id")),
        sa.UniqueConstraint("file_number", name=op.f("uq_case_archive_file_number")),
    )
    op.create_table(
        "retention_rule",
        sa.Column("outcome", _enum(_STATUSES, "casestatus", 32), nullable=False),
        sa.Column("retention", _enum(_RETENTION, "retention", 16), nullable=False),
        sa.PrimaryKeyConstraint("outcome", name=op.f("pk_retention_rule")),
    )


def downgrade() -> None:
    op.drop_table("retention_rule")
    op.drop_table("case_archive")
    op.drop_index("ix_case_attachment_case_sha", table_name="case_attachment")
    op.drop_index(op.f("ix_case_attachment_case_id"), table_name="case_attachment")
    op.drop_table("case_attachment")
