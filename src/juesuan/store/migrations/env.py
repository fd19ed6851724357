"""Alembic environment: the connection comes from juesuan.store.db.migrate."""

from alembic import context

from juesuan.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only run through juesuan.store.db.migrate
    raise RuntimeError("run migrations through juesuan.store.db.migrate(engine)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
