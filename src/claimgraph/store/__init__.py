"""The corpus store: articles, statements, speakers and mentions in SQLite or PostgreSQL.

    from claimgraph.store import Store
    store = Store.open()            # ./claimgraph.db, or a path, or postgresql://...
    store.statements(speaker="Zakharova", since="2024-01-01")
"""

from claimgraph.store.store import Pending, Store
from claimgraph.store.writer import content_hash

__all__ = ["Pending", "Store", "content_hash"]
