"""The event store: agencies, people, places, sources, events, participations and date revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:42:53.240599
"""
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=100), nullable=True),
    sa.Column('short_key', sa.String(length=100), nullable=True),
    sa.Column('kind', sa.Enum('space agency', 'company', 'government', 'other', name='agency_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('name', name=op.f('uq_agencies_name'))
    )
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agencies_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_agencies_short_key'), ['short_key'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('nationality', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('name', name=op.f('uq_people_name'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_name_key'), ['name_key'], unique=False)

    op.create_table('places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_key', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_places')),
    sa.UniqueConstraint('name', name=op.f('uq_places_name'))
    )
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_places_name_key'), ['name_key'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=False),
    sa.Column('author', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('published_iso', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('url', name=op.f('uq_sources_url'))
    )
    op.create_table('agency_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('alias_key', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_aliases_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_aliases')),
    sa.UniqueConstraint('agency_id', 'alias_key', name='uq_agency_aliases_agency_alias')
    )
    with op.batch_alter_table('agency_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_aliases_alias_key'), ['alias_key'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('launch', 'landing', 'docking', 'undocking', 'spacewalk', 'visit', 'meeting', 'appointment', 'announcement', 'other', name='event_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('status', sa.Enum('planned', 'occurred', 'scrubbed', 'postponed', 'cancelled', 'unconfirmed', name='event_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('start_iso', sa.String(length=40), nullable=False),
    sa.Column('end_iso', sa.String(length=40), nullable=True),
    sa.Column('precision', sa.SmallInteger(), nullable=False),
    sa.Column('lower', sa.DateTime(), nullable=False),
    sa.Column('upper', sa.DateTime(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_events_place_id_places'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('slug', name=op.f('uq_events_slug'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_events_lower_upper', ['lower', 'upper'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_upper'), ['upper'], unique=False)

    op.create_table('person_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('alias_key', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_aliases_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_aliases')),
    sa.UniqueConstraint('person_id', 'alias_key', name='uq_person_aliases_person_alias')
    )
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_aliases_alias_key'), ['alias_key'], unique=False)

    op.create_table('place_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.Column('alias_key', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_place_aliases_place_id_places'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_aliases')),
    sa.UniqueConstraint('place_id', 'alias_key', name='uq_place_aliases_place_alias')
    )
    with op.batch_alter_table('place_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_aliases_alias_key'), ['alias_key'], unique=False)

    op.create_table('tenures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('start_iso', sa.String(length=40), nullable=True),
    sa.Column('end_iso', sa.String(length=40), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_tenures_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_tenures_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_tenures_source_id_sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenures'))
    )
    with op.batch_alter_table('tenures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tenures_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tenures_person_id'), ['person_id'], unique=False)

    op.create_table('date_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'scrubbed', 'postponed', 'superseded', name='revision_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('start_iso', sa.String(length=40), nullable=True),
    sa.Column('end_iso', sa.String(length=40), nullable=True),
    sa.Column('lower', sa.DateTime(), nullable=True),
    sa.Column('upper', sa.DateTime(), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('recorded_iso', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_date_revisions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_date_revisions_place_id_places'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_date_revisions_source_id_sources'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_date_revisions'))
    )
    with op.batch_alter_table('date_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_date_revisions_event_id'), ['event_id'], unique=False)

    op.create_table('event_agencies',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_event_agencies_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_agencies_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'agency_id', 'role', name=op.f('pk_event_agencies'))
    )
    with op.batch_alter_table('event_agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_agencies_agency_id'), ['agency_id'], unique=False)

    op.create_table('event_people',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_people_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_event_people_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'person_id', 'role', name=op.f('pk_event_people'))
    )
    with op.batch_alter_table('event_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_people_person_id'), ['person_id'], unique=False)

    op.create_table('event_sources',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_sources_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_event_sources_source_id_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'source_id', name=op.f('pk_event_sources'))
    )
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_sources_source_id'), ['source_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('event_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_sources_source_id'))

    op.drop_table('event_sources')
    with op.batch_alter_table('event_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_people_person_id'))

    op.drop_table('event_people')
    with op.batch_alter_table('event_agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_agencies_agency_id'))

    op.drop_table('event_agencies')
    with op.batch_alter_table('date_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_date_revisions_event_id'))

    op.drop_table('date_revisions')
    with op.batch_alter_table('tenures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tenures_person_id'))
        batch_op.drop_index(batch_op.f('ix_tenures_agency_id'))

    op.drop_table('tenures')
    with op.batch_alter_table('place_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_aliases_alias_key'))

    op.drop_table('place_aliases')
    with op.batch_alter_table('person_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_aliases_alias_key'))

    op.drop_table('person_aliases')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_upper'))
        batch_op.drop_index(batch_op.f('ix_events_place_id'))
        batch_op.drop_index('ix_events_lower_upper')
        batch_op.drop_index(batch_op.f('ix_events_kind'))

    op.drop_table('events')
    with op.batch_alter_table('agency_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_aliases_alias_key'))

    op.drop_table('agency_aliases')
    op.drop_table('sources')
    with op.batch_alter_table('places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_places_name_key'))

    op.drop_table('places')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_name_key'))

    op.drop_table('people')
    with op.batch_alter_table('agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agencies_short_key'))
        batch_op.drop_index(batch_op.f('ix_agencies_name_key'))

    op.drop_table('agencies')
