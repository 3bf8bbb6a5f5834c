"""Alembic environment: run on the connection the store hands over.

The store calls ``alembic.command.upgrade`` with ``config.attributes["connection"]``
set, so migrations run inside the caller's engine (SQLite or PostgreSQL) and no
alembic.ini is needed at run time.
"""

from alembic import context

from models.schema import Base, not_modelled

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    include_name=lambda name, type_, _parent: not not_modelled(name),
)
with context.begin_transaction():
    context.run_migrations()
