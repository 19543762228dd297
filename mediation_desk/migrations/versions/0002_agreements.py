"""agreements, signatures, generated documents and judicial confirmation

Revision ID: 0002_agreements
Revises: 0001_initial

Written by hand (the scheduling tables land in 0003). Names follow the naming convention of
``db.base`` so that the schema equals the models on both backends.
"""

from alembic import op
import sqlalchemy as sa

revision = "0002_agreements"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, **kw):  # type: ignore[no-untyped-def]
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), **kw
    )


def _pk(table: str):  # type: ignore[no-untyped-def]
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def upgrade() -> None:
    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=16), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("disputes", sa.Text(), nullable=False),
        sa.Column("responsibility", sa.Text(), nullable=False),
        sa.Column("breach_clause", sa.Text(), nullable=False),
        sa.Column("extra_copies", sa.Integer(), nullable=False),
        sa.Column("intends_confirmation", sa.Boolean(), nullable=False),
        sa.Column("mediator_name", sa.String(length=60), nullable=False),
        sa.Column("recorder_name", sa.String(length=60), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("reached_on", sa.Date(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("agreement", "case_id", "mediation_case.id", ondelete="CASCADE"),
        _fk("agreement", "updated_by", "operator.id"),
        _pk("agreement"),
        sa.UniqueConstraint("case_id", name=op.f("uq_agreement_case_id")),
    )
    op.create_table(
        "agreement_clause",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payer_party_id", sa.Integer(), nullable=True),
        sa.Column("payee_party_id", sa.Integer(), nullable=True),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("method", sa.String(length=120), nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("instalments", sa.Text(), nullable=False),
        sa.Column("obligor_party_id", sa.Integer(), nullable=True),
        sa.Column("act", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _fk("agreement_clause", "agreement_id", "agreement.id", ondelete="CASCADE"),
        _fk("agreement_clause", "obligor_party_id", "party.id"),
        _fk("agreement_clause", "payee_party_id", "party.id"),
        _fk("agreement_clause", "payer_party_id", "party.id"),
        _pk("agreement_clause"),
    )
    with op.batch_alter_table("agreement_clause", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_clause_agreement_id"), ["agreement_id"], unique=False
        )
    op.create_table(
        "agreement_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("signer_name", sa.String(length=120), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        _fk("agreement_signature", "agreement_id", "agreement.id", ondelete="CASCADE"),
        _fk("agreement_signature", "party_id", "party.id"),
        _fk("agreement_signature", "recorded_by", "operator.id"),
        _pk("agreement_signature"),
        sa.UniqueConstraint(
            "agreement_id",
            "role",
            "party_id",
            name=op.f("uq_agreement_signature_agreement_id_role_party_id"),
        ),
    )
    with op.batch_alter_table("agreement_signature", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreement_signature_agreement_id"), ["agreement_id"], unique=False
        )
    op.create_table(
        "confirmation_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("court_rule", sa.String(length=40), nullable=False),
        sa.Column("court_name", sa.String(length=120), nullable=False),
        sa.Column("materials", sa.Text(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("court_case_number", sa.String(length=80), nullable=False),
        sa.Column("ruling_on", sa.Date(), nullable=True),
        sa.Column("result", sa.String(length=40), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("confirmation_pack", "case_id", "mediation_case.id", ondelete="CASCADE"),
        _fk("confirmation_pack", "updated_by", "operator.id"),
        _pk("confirmation_pack"),
        sa.UniqueConstraint("case_id", name=op.f("uq_confirmation_pack_case_id")),
    )
    op.create_table(
        "generated_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("file_format", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _fk("generated_document", "case_id", "mediation_case.id", ondelete="CASCADE"),
        _fk("generated_document", "operator_id", "operator.id"),
        _pk("generated_document"),
        sa.UniqueConstraint(
            "case_id",
            "doc_type",
            "file_format",
            "version",
            name=op.f("uq_generated_document_case_id_doc_type_file_format_version"),
        ),
    )
    with op.batch_alter_table("generated_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_generated_document_case_id"), ["case_id"], unique=False
        )
    op.create_table(
        "document_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_name", sa.String(length=120), nullable=False),
        sa.Column("seal_text", sa.String(length=120), nullable=False),
        sa.Column("default_court", sa.String(length=120), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("font_path", sa.String(length=400), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        _pk("document_settings"),
    )


def downgrade() -> None:
    op.drop_table("document_settings")
    with op.batch_alter_table("generated_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_generated_document_case_id"))
    op.drop_table("generated_document")
    op.drop_table("confirmation_pack")
    with op.batch_alter_table("agreement_signature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_signature_agreement_id"))
    op.drop_table("agreement_signature")
    with op.batch_alter_table("agreement_clause", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreement_clause_agreement_id"))
    op.drop_table("agreement_clause")
    op.drop_table("agreement")
