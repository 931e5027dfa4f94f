"""The database: the only package that imports SQLAlchemy or Alembic."""
