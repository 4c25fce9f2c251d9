"""PostgreSQL advisory locks that serialise the store's corpus-wide decisions between
concurrent writers: which speaker a name is, and which claim a statement joins (with the
claim counts a syndicated copy changes). SQLite writers already hold the whole database
(BEGIN IMMEDIATE), so there these are no-ops.

Locks are taken in one order, speakers before claims, so two writers never wait on each
other in a cycle. ``pg_advisory_xact_lock`` is re-entrant and ends with the transaction; it is
taken every time rather than remembered, because rolling back to a savepoint (one refused
article in a batch) releases a lock taken inside it.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# Any constants, one per decision.
SPEAKERS = 0x636C6753
CLAIMS = 0x636C6743


def advisory_lock(conn: Connection, key: int) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
