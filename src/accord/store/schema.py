"""The run store's schema, versioned: a list of migrations applied in order.

The store's version is SQLite's ``PRAGMA user_version``: the number of
:data:`MIGRATIONS` applied.  Opening a store applies the missing ones, each in
its own transaction, so a later accord opens (and upgrades) a store an older
accord wrote.  A store written by a *newer* accord than this one is refused
with a clear message rather than guessed at.  A migration is never edited
once released: a change to the schema is a new entry at the end.
"""

from __future__ import annotations

import sqlite3

from accord.errors import AccordError

#: Schema migrations, oldest first; the store's version is how many were applied.
MIGRATIONS: tuple[str, ...] = (
    # 1: saved scenarios (every version kept) and runs
    """
    CREATE TABLE scenarios (
        id TEXT PRIMARY KEY,
        created REAL NOT NULL
    );
    CREATE TABLE scenario_versions (
        scenario_id TEXT NOT NULL REFERENCES scenarios(id),
        version INTEGER NOT NULL,
        text TEXT NOT NULL,
        digest TEXT NOT NULL,
        title TEXT NOT NULL,
        created REAL NOT NULL,
        PRIMARY KEY (scenario_id, version)
    );
    CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        scenario_text TEXT NOT NULL,
        digest TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL,
        options TEXT NOT NULL,
        seed TEXT,
        accord_version TEXT NOT NULL,
        status TEXT NOT NULL,
        created REAL NOT NULL,
        started REAL,
        finished REAL,
        result TEXT,
        error TEXT
    );
    CREATE INDEX runs_by_digest ON runs(digest, created);
    """,
    # 2: what the pages show beside a result (chart specs, a designed road map's YAML)
    """
    ALTER TABLE runs ADD COLUMN extras TEXT;
    CREATE INDEX runs_by_status ON runs(status);
    """,
)

VERSION = len(MIGRATIONS)


class StoreError(AccordError):
    """A run store that cannot be used (written by a newer accord, not a store, ...)."""


def version(conn: sqlite3.Connection) -> int:
    """The schema version of the store open on ``conn`` (0: empty)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, upto: int = VERSION) -> int:
    """Apply the migrations the store lacks, up to ``upto``; return the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each migration
    runs in its own ``BEGIN IMMEDIATE`` transaction with the version bump, so a
    crash mid-way leaves the store at the previous version, never half-migrated.
    """
    have = version(conn)
    if have > VERSION:
        raise StoreError(f"the run store has schema version {have}, newer than this accord's "
                         f"({VERSION}): upgrade accord to open it")
    for n in range(have, upto):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version(conn) == n:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[n].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {n + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version(conn)
