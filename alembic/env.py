"""Alembic environment for tracker.

The application passes its own open connection in `config.attributes["connection"]` (Alembic cookbook,
"Sharing a Connection"), so a migration runs inside the caller's transaction and lock. Run by hand, it opens the
database tracker would use.
"""

from typing import Any

from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from alembic import context
from tracker.store.tables import UTCDateTime, is_modelled, metadata


def render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | bool:
    """Write UTCDateTime as its plain column type, so migrations never import tracker's models."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime()"
    return False


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        render_item=render_item,
        include_name=is_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_by_hand() -> None:
    from tracker.store.database import Store, resolve_location

    store = Store(resolve_location(None))
    with store.engine.begin() as connection:
        run(connection)


given = context.config.attributes.get("connection")
if isinstance(given, Connection):
    run(given)
else:
    run_by_hand()
