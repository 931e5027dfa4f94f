"""The columns of each table, named as the classes of `store.schema` that writes map onto them: a read selects
`Event.slug` as a write does, from the Core tables, without building the ORM (`store.tables`)."""

from tracker.store import tables

Agency = tables.agencies.c
DateRevision = tables.date_revisions.c
Event = tables.events.c
EventAgency = tables.event_agencies.c
EventPerson = tables.event_people.c
EventSource = tables.event_sources.c
FieldChange = tables.field_changes.c
Person = tables.people.c
Place = tables.places.c
Source = tables.sources.c
