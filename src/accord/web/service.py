"""What the API and the pages share: loading user text, the library, starting runs.

Everything here calls accord's own functions (the loader and its located
errors, :func:`accord.analyze`, the store); the web layer adds no analysis.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from dataclasses import dataclass
from typing import Any

import accord
from accord import library
from accord.analysis import Analysis
from accord.errors import Diagnostic, ScenarioError
from accord.io.loader import Loaded, for_sampling, read_text
from accord.report.sentence import verdict
from accord.simulation import new_seed
from accord.store import Run, Store
from accord.web.manager import RunManager
from accord.web.worker import KINDS, Job

#: The name user text is given in messages (as the CLI names a file).
TEXT_NAME = "scenario.yaml"


class BadRequest(Exception):
    """A request the API answers 422 with located errors (``{"errors": [...]}``)."""

    def __init__(self, errors: list[dict[str, Any]], status: int = 422) -> None:
        super().__init__("; ".join(str(e["message"]) for e in errors))
        self.errors = errors
        self.status = status


def located(d: Diagnostic) -> dict[str, Any]:
    """One problem as the API writes it, with the CLI's message in ``text``."""
    return {"line": d.line, "column": d.column, "field": d.field, "message": d.message,
            "text": str(d)}


def problem(field: str, message: str) -> dict[str, Any]:
    """A problem with the request itself (not at a line of a file)."""
    return {"line": None, "column": None, "field": field, "message": message,
            "text": f"{field}: {message}"}


def errors_of(exc: ScenarioError) -> list[dict[str, Any]]:
    """The errors (not the warnings) of a bad scenario, located."""
    return [located(d) for d in exc.problems if d.severity == "error"]


def decode(body: bytes) -> str:
    """Request bytes as text (UTF-8, a BOM dropped), else :class:`BadRequest`."""
    try:
        return body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise BadRequest([problem("(file)", f"not UTF-8 text: byte 0x{body[exc.start]:02x} "
                                  "cannot be decoded")]) from None


def load(text: str, *, sampling: bool = False) -> Loaded:
    """The scenario of ``text`` (the loader's own checks), else :class:`BadRequest`."""
    try:
        loaded = read_text(text, TEXT_NAME)
        return for_sampling(loaded) if sampling else loaded
    except ScenarioError as exc:
        raise BadRequest(errors_of(exc)) from None


@functools.lru_cache(maxsize=128)
def _analysis(digest: str, text: str) -> Analysis:
    return accord.analyze(read_text(text, TEXT_NAME).scenario)


def analysis(text: str) -> Analysis:
    """:func:`accord.analyze` of valid scenario ``text`` (cached by its text)."""
    return _analysis(hashlib.sha256(text.encode()).hexdigest(), text)


def library_text(name: str) -> str:
    """The YAML of bundled scenario ``name``, else :class:`BadRequest` (404)."""
    if name not in library.names():
        raise BadRequest([problem("library", f"no bundled scenario {name!r}")], 404)
    return library.path(name).read_text(encoding="utf-8")


# -- the library --------------------------------------------------------------------
def last_probability(result: dict[str, Any]) -> tuple[str, float] | None:
    """(label, value) of a Monte Carlo result: P(viable) when the result has ``viable``,
    else P(self-enforcing)."""
    for key, label in (("viable", "P(viable)"), ("self_enforcing", "P(self-enforcing)")):
        v = result.get(key)
        if isinstance(v, dict):
            v = v.get("probability")
        if isinstance(v, int | float) and not isinstance(v, bool):
            return label, float(v)
    return None


@dataclass(frozen=True)
class Entry:
    """One scenario of the library page: bundled (``library:NAME``) or saved."""

    ref: str
    url: str
    title: str
    years: str
    parties: list[str]
    verdict: str
    probability: tuple[str, float] | None
    digest: str
    version: int | None = None

    def to_dict(self) -> dict[str, Any]:
        p = self.probability
        return {"ref": self.ref, "url": self.url, "title": self.title, "years": self.years,
                "parties": self.parties, "verdict": self.verdict, "digest": self.digest,
                "version": self.version,
                "last_run": None if p is None else {"label": p[0], "probability": p[1]}}


def _entry(store: Store, ref: str, url: str, text: str, version: int | None = None) -> Entry:
    a = analysis(text)
    s = a.scenario
    last = store.last_done(s.digest, "simulate")
    res = last.result_dict() if last is not None else None
    years = "" if s.years is None else (f"{s.years[0]}" if s.years[0] == s.years[1]
                                        else f"{s.years[0]}-{s.years[1]}")
    return Entry(ref, url, s.title, years, list(s.party_ids), verdict(a),
                 None if res is None else last_probability(res), s.digest, version)


def entries(store: Store) -> list[Entry]:
    """Saved scenarios (newest first), then the bundled library (by name)."""
    out = [_entry(store, f"scenario:{v.scenario_id}", f"/scenarios/{v.scenario_id}", v.text,
                  v.version) for v in store.scenarios()]
    for name in library.names():
        out.append(_entry(store, f"library:{name}", f"/library/{name}", library_text(name)))
    return out


# -- runs ---------------------------------------------------------------------------
def _default_draws(kind: str) -> int:
    fn = accord.simulate if kind == "simulate" else accord.sensitivity
    return int(inspect.signature(fn).parameters["draws"].default)


def run_options(kind: str, raw: dict[str, Any], manager: RunManager) -> dict[str, Any]:
    """The options a run of ``kind`` records (defaults filled in), checked against the
    server's limits; :class:`BadRequest` otherwise."""
    lim = manager.limits
    if kind in ("simulate", "sensitivity"):
        draws = raw.get("draws")
        draws = _default_draws(kind) if draws is None else int(draws)
        if draws > lim.max_draws:
            raise BadRequest([problem("draws", f"at most {lim.max_draws:,} draws per run on "
                                      f"this server (asked {draws:,})")])
        return {"draws": min(draws, lim.max_draws)}
    opts: dict[str, Any] = {k: raw[k] for k in ("objective", "epsilon") if raw.get(k) is not None}
    if kind == "optimize":
        opts["keep_order"] = bool(raw.get("keep_order", False))
        draws, q = raw.get("draws"), raw.get("quantile")
        if draws is not None:  # robust design (DESIGN.md §4)
            if int(draws) > lim.max_draws:
                raise BadRequest([problem("draws", f"at most {lim.max_draws:,} draws per run "
                                          f"on this server (asked {int(draws):,})")])
            opts["draws"] = int(draws)
        if q is not None:
            if draws is None or not 0 < float(q) <= 1:
                raise BadRequest([problem("quantile", "a quantile needs robust draws and a "
                                          f"value in (0, 1] (got {q})")])
            opts["quantile"] = float(q)
        t = raw.get("time_limit")
        t = lim.max_time_limit if t is None else float(t)
        if t > lim.max_time_limit:
            raise BadRequest([problem("time_limit", f"at most {lim.max_time_limit:g} s per "
                                      f"search on this server (asked {t:g})")])
        opts["time_limit"] = t
    return opts


def start_run(manager: RunManager, *, kind: str, text: str, source: str,
              raw: dict[str, Any], seed: int | None) -> Run:
    """Check ``text`` and the options, record the run ``queued``, and queue it."""
    if kind not in KINDS:
        raise BadRequest([problem("kind", f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")])
    loaded = load(text, sampling=kind in ("simulate", "sensitivity"))
    options = run_options(kind, raw, manager)
    if kind in ("simulate", "sensitivity") or options.get("draws") is not None:
        seed = new_seed(seed)  # recorded, so that a re-run reproduces the result
    s = loaded.scenario
    run = manager.store.add_run(kind=kind, scenario_text=text, digest=s.digest, title=s.title,
                                source=source, options=options, seed=seed,
                                accord_version=accord.__version__)
    return manager.submit(run, Job(kind, text, TEXT_NAME, options, seed))


def rerun(manager: RunManager, old: Run) -> Run:
    """The same run again: same scenario text, kind, options and seed."""
    return start_run(manager, kind=old.kind, text=old.scenario_text, source=old.source,
                     raw=old.options, seed=old.seed)


def run_view(manager: RunManager, run: Run, *, full: bool = True) -> dict[str, Any]:
    """A run as the API returns it: its summary, progress and (``full``) result."""
    out = {**run.summary(), "progress": manager.progress(run)}
    if full:
        out["result"] = run.result_dict()
    return out
