"""The JSON API (OpenAPI at ``/docs``): the same operations as the pages.

A scenario is sent as its YAML text, the request body itself (``POST
/api/analyze``, ``POST /api/scenarios``) or a field of the run request.  A bad
file is answered 422 with ``{"errors": [{"line", "column", "field", "message"}]}``,
the loader's own located messages (``text`` holds the CLI's whole line).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from accord.web import service
from accord.web.manager import RunManager
from accord.web.service import BadRequest

router = APIRouter(prefix="/api", tags=["api"])

YAML_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "application/yaml": {"schema": {"type": "string"}},
    "text/plain": {"schema": {"type": "string"}}}}}

ERRORS: dict[int | str, dict[str, Any]] = {422: {"description": (
    'a bad scenario or request: `{"errors": [{"line", "column", "field", "message"}]}`')}}


class RunRequest(BaseModel):
    """A run: the scenario (YAML text, a bundled name or a saved id), kind and options."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(None, description="the scenario's YAML text")
    library: str | None = Field(None, description="or the name of a bundled scenario")
    saved: str | None = Field(None, description="or the id of a saved scenario")
    version: int | None = Field(None, ge=1, description="the saved scenario's version "
                                                         "(default: the latest)")
    kind: Literal["simulate", "sensitivity", "optimize", "bridge"] = "simulate"
    draws: int | None = Field(None, ge=1, description="Monte Carlo draws (capped per server)")
    seed: int | None = Field(None, ge=0, description="default: fresh entropy, recorded")
    objective: str | None = None
    epsilon: float | None = Field(None, ge=0)
    keep_order: bool = False
    time_limit: float | None = Field(None, gt=0, description="seconds (design search)")
    quantile: float | None = Field(None, gt=0, le=1, description="robust design: hold in "
                                   "at least ceil(q draws) of the draws")


def manager_of(request: Request) -> RunManager:
    m: RunManager = request.app.state.manager
    return m


async def body_text(request: Request) -> str:
    return service.decode(await request.body())


def resolve(req: RunRequest, request: Request) -> tuple[str, str]:
    """(YAML text, source) of the scenario a run request names."""
    given = [k for k in ("scenario", "library", "saved") if getattr(req, k) is not None]
    if len(given) != 1:
        raise BadRequest([service.problem("scenario", "give exactly one of scenario (YAML "
                                          "text), library (a bundled name), saved (an id)")])
    if req.library is not None:
        return service.library_text(req.library), f"library:{req.library}"
    if req.saved is not None:
        store = manager_of(request).store
        try:
            v = store.scenario(req.saved, req.version)
        except KeyError:
            raise BadRequest([service.problem("saved", f"no saved scenario {req.saved!r}"
                                              + (f" version {req.version}" if req.version
                                                 else ""))], 404) from None
        return v.text, f"scenario:{v.scenario_id}@{v.version}"
    assert req.scenario is not None
    return req.scenario, "text"


@router.post("/analyze", openapi_extra=YAML_BODY, responses=ERRORS)
async def analyze(request: Request) -> Response:
    """The deterministic analysis: the `accord analyze --json` result."""
    text = await body_text(request)

    def work() -> str:
        service.load(text)  # located errors -> 422
        return service.analysis(text).to_json(indent=None)

    return Response(await run_in_threadpool(work), media_type="application/json")


@router.post("/runs", status_code=202, responses=ERRORS)
def create_run(req: RunRequest, request: Request) -> dict[str, Any]:
    """Queue a run; `GET /api/runs/{id}` follows it."""
    text, source = resolve(req, request)
    raw = req.model_dump(include={"draws", "objective", "epsilon", "keep_order", "time_limit",
                                  "quantile"})
    run = service.start_run(manager_of(request), kind=req.kind, text=text, source=source,
                            raw=raw, seed=req.seed)
    return {"id": run.id, "status": run.status, "url": f"/runs/{run.id}"}


@router.get("/runs")
def list_runs(request: Request, limit: int = 200) -> list[dict[str, Any]]:
    """Every run, newest first (without results)."""
    m = manager_of(request)
    return [service.run_view(m, r, full=False) for r in m.store.runs(limit=min(limit, 1000))]


def _run_or_404(request: Request, rid: str) -> Any:
    try:
        return manager_of(request).store.run(rid)
    except KeyError:
        raise BadRequest([service.problem("id", f"no run {rid!r}")], 404) from None


@router.get("/runs/{rid}")
def get_run(rid: str, request: Request) -> dict[str, Any]:
    """A run: status (queued, running, done, failed, cancelled, interrupted), progress
    0..1, and its result once done."""
    return service.run_view(manager_of(request), _run_or_404(request, rid))


@router.get("/runs/{rid}/result")
def get_result(rid: str, request: Request) -> Response:
    """A done run's result JSON, the bytes the store keeps."""
    run = _run_or_404(request, rid)
    if run.result is None:
        raise BadRequest([service.problem("id", f"run {rid} has no result (it is "
                                          f"{run.status})")], 404)
    return Response(run.result, media_type="application/json")


@router.delete("/runs/{rid}")
def cancel_run(rid: str, request: Request) -> dict[str, Any]:
    """Cancel a queued or running run (a finished run is left as it is)."""
    _run_or_404(request, rid)
    m = manager_of(request)
    return service.run_view(m, m.cancel(rid), full=False)


@router.post("/runs/{rid}/rerun", status_code=202)
def rerun(rid: str, request: Request) -> dict[str, Any]:
    """The same run again (scenario text, kind, options, seed): the same result."""
    run = service.rerun(manager_of(request), _run_or_404(request, rid))
    return {"id": run.id, "status": run.status, "url": f"/runs/{run.id}"}


@router.post("/scenarios", status_code=201, openapi_extra=YAML_BODY, responses=ERRORS)
async def save_scenario(request: Request) -> dict[str, Any]:
    """Save a scenario (its YAML as the body); the answer names its page."""
    return await _save(request, None)


@router.post("/scenarios/{sid}/versions", status_code=201, openapi_extra=YAML_BODY,
             responses=ERRORS)
async def save_version(sid: str, request: Request) -> dict[str, Any]:
    """Save the YAML body as the next version of scenario ``sid``."""
    return await _save(request, sid)


async def _save(request: Request, sid: str | None) -> dict[str, Any]:
    text = await body_text(request)
    store = manager_of(request).store

    def work() -> dict[str, Any]:
        s = service.load(text).scenario
        try:
            v = store.save_scenario(text, s.title, s.digest, sid)
        except KeyError:
            raise BadRequest([service.problem("id", f"no saved scenario {sid!r}")],
                             404) from None
        return {"id": v.scenario_id, "version": v.version,
                "url": f"/scenarios/{v.scenario_id}"}

    return await run_in_threadpool(work)


@router.get("/scenarios")
def list_scenarios(request: Request) -> list[dict[str, Any]]:
    """Saved scenarios (the latest version of each), newest first."""
    return [v.summary() for v in manager_of(request).store.scenarios()]


@router.get("/scenarios/{sid}")
def get_scenario(sid: str, request: Request, version: int | None = None) -> dict[str, Any]:
    """A saved scenario's version (default: the latest), with its YAML text."""
    store = manager_of(request).store
    try:
        v = store.scenario(sid, version)
    except KeyError:
        raise BadRequest([service.problem("id", f"no saved scenario {sid!r}")], 404) from None
    return {**v.summary(), "text": v.text,
            "versions": [x.version for x in store.versions(sid)]}


@router.get("/library")
def get_library(request: Request) -> list[dict[str, Any]]:
    """The library: saved and bundled scenarios with their verdict and last run's P."""
    return [e.to_dict() for e in service.entries(manager_of(request).store)]


def bad_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BadRequest)
    return JSONResponse({"errors": exc.errors}, status_code=exc.status)
