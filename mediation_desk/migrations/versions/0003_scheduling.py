"""rooms, mediator availability and mediation sessions

Written by hand for SQLite and PostgreSQL (plain CREATE TABLE / CREATE INDEX, no batch mode
needed: only new tables). Tables reference intake's ``mediator``, ``party``,
``mediation_case`` and ``operator`` by foreign key.

Revision ID: 0003_scheduling
Revises: 0002_agreements
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_scheduling"
down_revision = "0002_agreements"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.Enum('mediation', 'studio', 'counselling', 'courtroom', 'remote', name='roomkind', native_enum=False, length=32), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('equipment', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
    sa.UniqueConstraint('name', name=op.f('uq_room_name'))
    )
    op.create_table('schedule_lock',
    sa.Column('resource', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('resource', name=op.f('pk_schedule_lock'))
    )
    op.create_table('schedule_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buffer_minutes', sa.Integer(), nullable=False),
    sa.Column('grid_minutes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_setting'))
    )
    op.create_table('room_closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('starts', sa.DateTime(), nullable=False),
    sa.Column('ends', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_room_closure_room_id_room'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_closure'))
    )
    op.create_index(op.f('ix_room_closure_room_id'), 'room_closure', ['room_id'], unique=False)

    op.create_table('room_opening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_room_opening_room_id_room'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_opening'))
    )
    op.create_index(op.f('ix_room_opening_room_id'), 'room_opening', ['room_id'], unique=False)

    op.create_table('mediator_availability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('ends', sa.Time(), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_mediator_availability_mediator_id_mediator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediator_availability'))
    )
    op.create_index(op.f('ix_mediator_availability_mediator_id'), 'mediator_availability', ['mediator_id'], unique=False)

    op.create_table('mediator_leave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_mediator_leave_mediator_id_mediator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediator_leave'))
    )
    op.create_index(op.f('ix_mediator_leave_mediator_id'), 'mediator_leave', ['mediator_id'], unique=False)

    op.create_table('mediator_profile',
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('specialties', sa.String(length=400), nullable=False),
    sa.Column('languages', sa.String(length=200), nullable=False),
    sa.Column('max_per_day', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_mediator_profile_mediator_id_mediator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('mediator_id', name=op.f('pk_mediator_profile'))
    )
    op.create_table('mediation_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('starts', sa.DateTime(), nullable=False),
    sa.Column('ends', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('booked', 'checked_in', 'in_session', 'finished', 'no_show', 'cancelled', name='sessionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.Column('equipment', sa.String(length=200), nullable=False),
    sa.Column('extra_attendees', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=400), nullable=False),
    sa.Column('override_reason', sa.String(length=400), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_mediation_session_case_id_mediation_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['operator.id'], name=op.f('fk_mediation_session_created_by_operator')),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_mediation_session_room_id_room')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_session'))
    )
    op.create_index(op.f('ix_mediation_session_case_id'), 'mediation_session', ['case_id'], unique=False)
    op.create_index(op.f('ix_mediation_session_starts'), 'mediation_session', ['starts'], unique=False)
    op.create_index('ix_session_room_starts', 'mediation_session', ['room_id', 'starts'], unique=False)

    op.create_table('recusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['operator.id'], name=op.f('fk_recusal_created_by_operator')),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_recusal_mediator_id_mediator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_recusal_party_id_party'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal')),
    sa.UniqueConstraint('mediator_id', 'party_id', name=op.f('uq_recusal_mediator_id_party_id'))
    )
    op.create_index(op.f('ix_recusal_party_id'), 'recusal', ['party_id'], unique=False)
    op.create_index(op.f('ix_recusal_person_key'), 'recusal', ['person_key'], unique=False)

    op.create_table('session_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('person_key', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('arrived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], name=op.f('fk_session_attendee_party_id_party'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['mediation_session.id'], name=op.f('fk_session_attendee_session_id_mediation_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_attendee'))
    )
    op.create_index(op.f('ix_session_attendee_person_key'), 'session_attendee', ['person_key'], unique=False)
    op.create_index(op.f('ix_session_attendee_session_id'), 'session_attendee', ['session_id'], unique=False)

    op.create_table('session_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('operator_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('booked', 'moved', 'cancelled', 'override', 'arrived', 'started', 'finished', 'no_show', name='eventkind', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.String(length=400), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['operator_id'], ['operator.id'], name=op.f('fk_session_event_operator_id_operator')),
    sa.ForeignKeyConstraint(['session_id'], ['mediation_session.id'], name=op.f('fk_session_event_session_id_mediation_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_event'))
    )
    op.create_index(op.f('ix_session_event_session_id'), 'session_event', ['session_id'], unique=False)

    op.create_table('session_staff',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('mediator_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'co', 'note_taker', name='staffrole', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['mediator_id'], ['mediator.id'], name=op.f('fk_session_staff_mediator_id_mediator')),
    sa.ForeignKeyConstraint(['session_id'], ['mediation_session.id'], name=op.f('fk_session_staff_session_id_mediation_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'mediator_id', name=op.f('pk_session_staff'))
    )


def downgrade() -> None:
    # reverse order of creation: referencing tables first (indexes go with their tables)
    op.drop_table('session_staff')
    op.drop_table('session_event')
    op.drop_table('session_attendee')
    op.drop_table('recusal')
    op.drop_table('mediation_session')
    op.drop_table('mediator_profile')
    op.drop_table('mediator_leave')
    op.drop_table('mediator_availability')
    op.drop_table('room_opening')
    op.drop_table('room_closure')
    op.drop_table('schedule_setting')
    op.drop_table('schedule_lock')
    op.drop_table('room')
