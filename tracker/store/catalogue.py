"""Who and what the store knows: agencies and people as records, with how many events name them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.dates.when import When
from tracker.records import AgencyRecord, PersonRecord, TenureRecord
from tracker.store.directory import resolve
from tracker.store.schema import Agency, EventAgency, EventPerson, Person, Tenure


def _agency_record(agency: Agency) -> AgencyRecord:
    return AgencyRecord(agency.name, agency.short_name, agency.kind, agency.country,
                        [alias.alias for alias in agency.aliases])


def _tenure_record(tenure: Tenure) -> TenureRecord:
    return TenureRecord(tenure.agency.short_name or tenure.agency.name, tenure.role,
                        When.parse(tenure.start_iso) if tenure.start_iso else None,
                        When.parse(tenure.end_iso) if tenure.end_iso else None,
                        tenure.source.url if tenure.source else None)


def _person_record(person: Person) -> PersonRecord:
    return PersonRecord(person.name, person.nationality, [alias.alias for alias in person.aliases],
                        [_tenure_record(tenure) for tenure in person.tenures])


def agencies(session: Session) -> list[tuple[AgencyRecord, int]]:
    """Every agency with the number of events naming it, most active first."""
    counted = (select(Agency, func.count(EventAgency.event_id.distinct()).label("events"))
               .outerjoin(EventAgency).group_by(Agency.id)
               .order_by(func.count(EventAgency.event_id.distinct()).desc(), Agency.name)
               .options(selectinload(Agency.aliases)))
    return [(_agency_record(agency), count) for agency, count in session.execute(counted)]


def people(session: Session) -> list[tuple[PersonRecord, int]]:
    """Every person with the number of events naming them, most active first."""
    counted = (select(Person, func.count(EventPerson.event_id.distinct()).label("events"))
               .outerjoin(EventPerson).group_by(Person.id)
               .order_by(func.count(EventPerson.event_id.distinct()).desc(), Person.name)
               .options(selectinload(Person.aliases),
                        selectinload(Person.tenures).selectinload(Tenure.agency),
                        selectinload(Person.tenures).selectinload(Tenure.source)))
    return [(_person_record(person), count) for person, count in session.execute(counted)]


def agency(session: Session, name: str) -> AgencyRecord:
    """The agency `name` designates (name, short name or alias); raises NotFound with suggestions."""
    [found, *_] = resolve(session, Agency, (name,))
    return _agency_record(session.get_one(Agency, found, options=[selectinload(Agency.aliases)]))


def person(session: Session, name: str) -> PersonRecord:
    """The person `name` designates (name or alias); raises NotFound with suggestions."""
    [found, *_] = resolve(session, Person, (name,))
    loaded = session.get_one(Person, found, options=[selectinload(Person.aliases),
                                                     selectinload(Person.tenures).selectinload(Tenure.agency),
                                                     selectinload(Person.tenures).selectinload(Tenure.source)])
    return _person_record(loaded)
