"""The DuckDB warehouse: schema, migrations, every SQL statement, the public views."""
from .db import (DatabaseBusy, DatabaseMissing, QueryError, ReadOnlyQuery, WarehouseError, migrate, open_connection,
                 reading, writing)

__all__ = ["DatabaseBusy", "DatabaseMissing", "QueryError", "ReadOnlyQuery", "WarehouseError", "migrate",
           "open_connection", "reading", "writing"]
