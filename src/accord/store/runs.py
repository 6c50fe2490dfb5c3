"""Records of the run store: a run and a saved scenario version, as read back."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["queued", "running", "done", "failed", "cancelled", "interrupted"]

#: Statuses a run never leaves.
FINAL: frozenset[str] = frozenset({"done", "failed", "cancelled", "interrupted"})

#: Runs kinds the store records.
KINDS = ("simulate", "sensitivity", "optimize", "bridge")


@dataclass(frozen=True)
class Run:
    """One run as stored: what was asked (scenario text, kind, options, seed), when, and
    what came of it (``result`` is the result's JSON text, byte for byte)."""

    id: str
    kind: str
    scenario_text: str
    digest: str
    title: str
    #: where the scenario came from: ``library:NAME``, ``scenario:ID@VERSION`` or ``text``
    source: str
    options: dict[str, Any]
    seed: int | None
    accord_version: str
    status: str
    created: float
    started: float | None
    finished: float | None
    result: str | None
    error: str | None
    extras: str | None

    @classmethod
    def of(cls, row: sqlite3.Row) -> Run:
        return cls(id=row["id"], kind=row["kind"], scenario_text=row["scenario_text"],
                   digest=row["digest"], title=row["title"], source=row["source"],
                   options=json.loads(row["options"]),
                   seed=None if row["seed"] is None else int(row["seed"]),
                   accord_version=row["accord_version"], status=row["status"],
                   created=row["created"], started=row["started"], finished=row["finished"],
                   result=row["result"], error=row["error"], extras=row["extras"])

    @property
    def final(self) -> bool:
        return self.status in FINAL

    def result_dict(self) -> dict[str, Any] | None:
        return None if self.result is None else dict(json.loads(self.result))

    def extras_dict(self) -> dict[str, Any]:
        return {} if self.extras is None else dict(json.loads(self.extras))

    def summary(self) -> dict[str, Any]:
        """The run without its texts: what a list of runs shows."""
        return {"id": self.id, "kind": self.kind, "title": self.title, "source": self.source,
                "digest": self.digest, "options": self.options, "seed": self.seed,
                "accord_version": self.accord_version, "status": self.status,
                "created": self.created, "started": self.started, "finished": self.finished,
                "error": self.error}


@dataclass(frozen=True)
class ScenarioVersion:
    """One saved version of a scenario (versions count from 1)."""

    scenario_id: str
    version: int
    text: str
    digest: str
    title: str
    created: float

    @classmethod
    def of(cls, row: sqlite3.Row) -> ScenarioVersion:
        return cls(row["scenario_id"], row["version"], row["text"], row["digest"],
                   row["title"], row["created"])

    def summary(self) -> dict[str, Any]:
        return {"id": self.scenario_id, "version": self.version, "title": self.title,
                "digest": self.digest, "created": self.created}
