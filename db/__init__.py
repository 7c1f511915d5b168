"""Database layer: SQLAlchemy models, engine and session factory, alembic migrations. No Qt."""

from .engine import Database, open_database, SCHEMA_HEAD

__all__ = ["Database", "open_database", "SCHEMA_HEAD"]
