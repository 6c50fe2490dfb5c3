"""The run store: every run and saved scenario in one SQLite file (WAL).

* A run is written ``queued`` before it starts; it becomes ``running``, then ends
  ``done`` (its result JSON written in the same transaction that marks it done),
  ``failed``, ``cancelled`` or, when the server died under it, ``interrupted``:
  :meth:`Store.open` marks every run still ``queued`` or ``running`` from a previous
  server ``interrupted`` (so none is silently lost).
* Scenarios are saved with versions (1, 2, ...); a version is never overwritten.
* The schema is versioned (:mod:`accord.store.schema`): opening an older store
  upgrades it.

Every method opens its own short-lived connection, so a :class:`Store` may be used
from any thread; SQLite serialises the writers (``busy_timeout``).

>>> import tempfile, pathlib
>>> st = Store.open(pathlib.Path(tempfile.mkdtemp()) / "runs.sqlite")
>>> st.save_scenario("accord: 1", "t", "d").version
1
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from accord.store.runs import FINAL, KINDS, Run, ScenarioVersion, Status
from accord.store.schema import VERSION, StoreError, migrate, version

__all__ = ["FINAL", "KINDS", "VERSION", "Run", "ScenarioVersion", "Status", "Store",
           "StoreError", "default_path"]


def default_path() -> Path:
    """``$ACCORD_STORE``, else ``$XDG_DATA_HOME/accord/runs.sqlite`` (``~/.local/share``)."""
    env = os.environ.get("ACCORD_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accord" / "runs.sqlite"


def new_id() -> str:
    """A fresh id: 12 hex digits (48 random bits)."""
    return secrets.token_hex(6)


class Store:
    """The run store in the SQLite file ``path`` (see the module doc)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- opening ----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, recover: bool = True) -> Store:
        """Open (creating or upgrading) the store at ``path``.

        ``recover``: mark runs left ``queued`` or ``running`` by a server that is gone
        as ``interrupted`` (a server does this once, when it starts).
        """
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        st = cls(p)
        try:
            with st._conn() as conn:
                conn.execute("PRAGMA journal_mode=WAL")
                migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{p}: not a usable run store ({exc})") from None
        if recover:
            st.interrupt_unfinished()
        return st

    @contextmanager
    def _conn(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``)."""
        with self._conn() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def schema_version(self) -> int:
        with self._conn() as conn:
            return version(conn)

    # -- runs -------------------------------------------------------------------
    def add_run(self, *, kind: str, scenario_text: str, digest: str, title: str, source: str,
                options: dict[str, Any], seed: int | None, accord_version: str) -> Run:
        """Record a new run, ``queued`` (before anything of it starts)."""
        if kind not in KINDS:
            raise ValueError(f"unknown run kind {kind!r}; kinds: {', '.join(KINDS)}")
        rid = new_id()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO runs (id, kind, scenario_text, digest, title, source, options, "
                "seed, accord_version, status, created) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (rid, kind, scenario_text, digest, title, source,
                 json.dumps(options, sort_keys=True), None if seed is None else str(seed),
                 accord_version, "queued", time.time()))
        return self.run(rid)

    def run(self, rid: str) -> Run:
        """The run ``rid`` (``KeyError`` if there is none)."""
        with self._conn() as conn:
            row = conn.execute("SELECT * FROM runs WHERE id = ?", (rid,)).fetchone()
        if row is None:
            raise KeyError(rid)
        return Run.of(row)

    def runs(self, *, digest: str | None = None, limit: int = 200) -> list[Run]:
        """Runs, newest first (of one scenario digest, if given)."""
        with self._conn() as conn:
            if digest is None:
                rows = conn.execute("SELECT * FROM runs ORDER BY created DESC, rowid DESC "
                                    "LIMIT ?", (limit,)).fetchall()
            else:
                rows = conn.execute("SELECT * FROM runs WHERE digest = ? ORDER BY created "
                                    "DESC, rowid DESC LIMIT ?", (digest, limit)).fetchall()
        return [Run.of(r) for r in rows]

    def last_done(self, digest: str, kind: str = "simulate") -> Run | None:
        """The newest ``done`` run of ``kind`` on the scenario with ``digest``."""
        with self._conn() as conn:
            row = conn.execute("SELECT * FROM runs WHERE digest = ? AND kind = ? AND status = "
                               "'done' ORDER BY finished DESC, rowid DESC LIMIT 1",
                               (digest, kind)).fetchone()
        return None if row is None else Run.of(row)

    def start(self, rid: str) -> bool:
        """Mark a queued run ``running``; False if it is no longer queued (cancelled)."""
        with self._write() as conn:
            cur = conn.execute("UPDATE runs SET status = 'running', started = ? "
                               "WHERE id = ? AND status = 'queued'", (time.time(), rid))
            return cur.rowcount == 1

    def finish(self, rid: str, result: str, extras: dict[str, Any] | None = None) -> bool:
        """Write the result JSON and mark the run ``done``, in one transaction.

        False (and nothing written) if the run is no longer running (cancelled meanwhile).
        """
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET status = 'done', result = ?, extras = ?, finished = ? "
                "WHERE id = ? AND status = 'running'",
                (result, None if extras is None else json.dumps(extras, allow_nan=False),
                 time.time(), rid))
            return cur.rowcount == 1

    def end(self, rid: str, status: Status, error: str | None = None) -> bool:
        """End an unfinished run as ``failed``, ``cancelled`` or ``interrupted``.

        False if the run had already ended (its first ending stands).
        """
        if status not in ("failed", "cancelled", "interrupted"):
            raise ValueError(f"a run cannot end {status!r} this way")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET status = ?, error = ?, finished = ? "
                "WHERE id = ? AND status IN ('queued', 'running')",
                (status, error, time.time(), rid))
            return cur.rowcount == 1

    def interrupt_unfinished(self) -> int:
        """Mark every ``queued`` or ``running`` run ``interrupted``; how many there were."""
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE runs SET status = 'interrupted', finished = ?, error = "
                "'the server stopped before the run finished' "
                "WHERE status IN ('queued', 'running')", (time.time(),))
            return cur.rowcount

    # -- scenarios ----------------------------------------------------------------
    def save_scenario(self, text: str, title: str, digest: str,
                      scenario_id: str | None = None) -> ScenarioVersion:
        """Save ``text`` as a new scenario, or as the next version of ``scenario_id``."""
        now = time.time()
        with self._write() as conn:
            if scenario_id is None:
                scenario_id = new_id()
                conn.execute("INSERT INTO scenarios (id, created) VALUES (?, ?)",
                             (scenario_id, now))
                n = 1
            else:
                if conn.execute("SELECT 1 FROM scenarios WHERE id = ?",
                                (scenario_id,)).fetchone() is None:
                    raise KeyError(scenario_id)
                row = conn.execute("SELECT MAX(version) FROM scenario_versions WHERE "
                                   "scenario_id = ?", (scenario_id,)).fetchone()
                n = int(row[0] or 0) + 1
            conn.execute("INSERT INTO scenario_versions (scenario_id, version, text, digest, "
                         "title, created) VALUES (?,?,?,?,?,?)",
                         (scenario_id, n, text, digest, title, now))
        return self.scenario(scenario_id, n)

    def scenario(self, scenario_id: str, version: int | None = None) -> ScenarioVersion:
        """A saved scenario's version (the latest when ``None``); ``KeyError`` if none."""
        with self._conn() as conn:
            if version is None:
                row = conn.execute("SELECT * FROM scenario_versions WHERE scenario_id = ? "
                                   "ORDER BY version DESC LIMIT 1", (scenario_id,)).fetchone()
            else:
                row = conn.execute("SELECT * FROM scenario_versions WHERE scenario_id = ? "
                                   "AND version = ?", (scenario_id, version)).fetchone()
        if row is None:
            raise KeyError(scenario_id)
        return ScenarioVersion.of(row)

    def versions(self, scenario_id: str) -> list[ScenarioVersion]:
        """Every version of a saved scenario, oldest first."""
        with self._conn() as conn:
            rows = conn.execute("SELECT * FROM scenario_versions WHERE scenario_id = ? "
                                "ORDER BY version", (scenario_id,)).fetchall()
        return [ScenarioVersion.of(r) for r in rows]

    def scenarios(self) -> list[ScenarioVersion]:
        """The latest version of every saved scenario, newest first."""
        with self._conn() as conn:
            rows = conn.execute(
                "SELECT v.* FROM scenario_versions v JOIN (SELECT scenario_id, MAX(version) "
                "AS m FROM scenario_versions GROUP BY scenario_id) l ON v.scenario_id = "
                "l.scenario_id AND v.version = l.m ORDER BY v.created DESC").fetchall()
        return [ScenarioVersion.of(r) for r in rows]
