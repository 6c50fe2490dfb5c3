"""The pages: server-rendered by Jinja2 (autoescape on), htmx for the live parts.

Every number and table comes from accord's own results and renderings
(:func:`accord.analyze` and the results' ``_repr_html_``, which escape user text;
charts are the results' ``.chart(kind)`` specs, drawn by the vendored vega-embed).
User text reaches a page only through autoescaped templates, ``tojson`` inside
``<script type="application/json">`` (``<``, ``>``, ``&`` and ``'`` escaped) or
those renderings.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

import accord
from accord import library
from accord.report.sentence import verdict
from accord.store import Run, Store
from accord.web import service
from accord.web.manager import RunManager
from accord.web.service import BadRequest
from accord.web.worker import KINDS

router = APIRouter(include_in_schema=False)

TEMPLATES = Path(__file__).parent / "templates"
ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, auto_reload=False)

#: Sent with every page: scripts only from this server (vega compiles its expressions
#: with ``Function``, hence 'unsafe-eval'; nothing inline runs).
CSP = ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


class PageError(Exception):
    """A page that cannot be shown (404, a bad form): rendered as an error page."""

    def __init__(self, status: int, message: str, errors: list[dict[str, Any]] | None = None
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []


def _fmt(x: Any, digits: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return str(x)


def _utc(t: float | None) -> str:
    if t is None:
        return "–"
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _headline(run: Run) -> str:
    """A run's result in a few words (the history's last column)."""
    res = run.result_dict()
    if res is None:
        return ""
    if run.kind == "simulate":
        p = service.last_probability(res)
        return "" if p is None else f"{p[0]} = {p[1]:.4f}"
    if run.kind == "sensitivity":
        top = max(res.get("inputs", []), key=lambda i: i.get("total") or 0.0, default=None)
        return "" if top is None else f"decides most: {top['name']}"
    if run.kind == "optimize":
        return f"{res.get('status')}, {res.get('objective', {}).get('kind')} = " \
               f"{_fmt(res.get('objective', {}).get('value'))}"
    return "holds as written" if res.get("holds") else "gap: " + ", ".join(
        f"{p} {_fmt(g.get('at_completion'))}" for p, g in res.get("gap", {}).items())


ENV.filters["num"] = _fmt
ENV.filters["headline"] = _headline
ENV.filters["utc"] = _utc


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = ENV.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})


def page_error(_request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, PageError)
    return render("error.html", exc.status, title="Error", message=exc.message,
                  errors=exc.errors)


def _manager(request: Request) -> RunManager:
    m: RunManager = request.app.state.manager
    return m


def _store(request: Request) -> Store:
    return _manager(request).store


def _guard(fn: Any, *args: Any) -> Any:
    """``fn(*args)``, a :class:`BadRequest` shown as an error page."""
    try:
        return fn(*args)
    except BadRequest as exc:
        raise PageError(exc.status, "; ".join(e["text"] for e in exc.errors),
                        exc.errors) from None


def text_of(store: Store, ref: str) -> tuple[str, str, str, int | None]:
    """(YAML, source, page url, version) of ``library:NAME``, ``scenario:ID`` or
    ``scenario:ID@VERSION``."""
    kind, _, rest = ref.partition(":")
    if kind == "library":
        return _guard(service.library_text, rest), ref, f"/library/{rest}", None
    if kind == "scenario":
        sid, _, v = rest.partition("@")
        try:
            sv = store.scenario(sid, int(v) if v.isdigit() else None)
        except KeyError:
            raise PageError(404, f"no saved scenario {sid!r}") from None
        return sv.text, f"scenario:{sid}@{sv.version}", f"/scenarios/{sid}", sv.version
    raise PageError(404, f"unknown scenario reference {ref!r}")


def charts_of(result: Any) -> dict[str, Any]:
    """Every chart of ``result`` as a Vega-Lite spec."""
    return {k: result.chart(k).to_dict() for k in result.charts()}


def _digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode()).hexdigest()


# -- the library ----------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def library_page(request: Request) -> HTMLResponse:
    entries = service.entries(_store(request))
    return render("library.html", title="Library", entries=entries)


# -- a scenario -----------------------------------------------------------------------
def _scenario_page(request: Request, ref: str) -> HTMLResponse:
    store = _store(request)
    text, source, url, version = text_of(store, ref)
    a = service.analysis(text)
    s = a.scenario
    versions = []
    if ref.startswith("scenario:"):
        versions = store.versions(ref.removeprefix("scenario:").partition("@")[0])
    return render("scenario.html", title=s.title, s=s, a=a, ref=source, url=url,
                  version=version, versions=versions, verdict=verdict(a),
                  tables=Markup(a._repr_html_()), charts=charts_of(a),
                  runs=store.runs(digest=s.digest, limit=20), kinds=KINDS,
                  draws=service.run_options("simulate", {}, _manager(request))["draws"])


@router.get("/library/{name}", response_class=HTMLResponse)
def library_scenario(name: str, request: Request) -> HTMLResponse:
    if name not in library.names():
        raise PageError(404, f"no bundled scenario {name!r}")
    return _scenario_page(request, f"library:{name}")


@router.get("/scenarios/{sid}", response_class=HTMLResponse)
def saved_scenario(sid: str, request: Request, version: int | None = None) -> HTMLResponse:
    return _scenario_page(request, f"scenario:{sid}" + (f"@{version}" if version else ""))


# -- the editor -----------------------------------------------------------------------
@router.get("/edit", response_class=HTMLResponse)
def editor(request: Request, ref: str | None = None) -> HTMLResponse:
    text, sid = accord_template(), None
    if ref:
        text, source, _url, _v = text_of(_store(request), ref)
        if source.startswith("scenario:"):
            sid = source.removeprefix("scenario:").partition("@")[0]
    return render("editor.html", title="Editor", text=text, sid=sid, ref=ref,
                  errors=_check(text), next_version=_next(_store(request), sid))


def _next(store: Store, sid: str | None) -> int | None:
    return None if not sid else len(store.versions(sid)) + 1


def accord_template() -> str:
    from accord.io.template import TEMPLATE

    return TEMPLATE


def _check(text: str) -> list[dict[str, Any]]:
    try:
        service.load(text)
    except BadRequest as exc:
        return exc.errors
    return []


@router.post("/fragments/check", response_class=HTMLResponse)
async def check(text: str = Form("")) -> HTMLResponse:
    errors = await run_in_threadpool(_check, text)
    return render("_check.html", errors=errors)


@router.post("/scenarios")
def save(request: Request, text: str = Form(...), sid: str = Form(""),
         mode: str = Form("new")) -> Response:
    store = _store(request)
    sid = sid if mode == "version" else ""
    errors = _check(text)
    if errors:
        return render("editor.html", 422, title="Editor", text=text, sid=sid or None,
                      ref=None, errors=errors, next_version=_next(store, sid or None))
    s = service.load(text).scenario
    try:
        v = store.save_scenario(text, s.title, s.digest, sid or None)
    except KeyError:
        raise PageError(404, f"no saved scenario {sid!r}") from None
    return RedirectResponse(f"/scenarios/{v.scenario_id}?version={v.version}", status_code=303)


# -- runs -----------------------------------------------------------------------------
@router.post("/runs")
def start(request: Request, ref: str = Form(...), kind: str = Form("simulate"),
          draws: str = Form(""), seed: str = Form(""), objective: str = Form(""),
          epsilon: str = Form(""), quantile: str = Form("")) -> Response:
    text, source, _url, _v = text_of(_store(request), ref)

    def number(name: str, value: str, cast: Any) -> Any:
        if not value.strip():
            return None
        try:
            return cast(value)
        except ValueError:
            raise PageError(422, f"{name}: not a number: {value!r}") from None

    raw = {"draws": number("draws", draws, int), "objective": objective or None,
           "epsilon": number("epsilon", epsilon, float),
           "quantile": number("quantile", quantile, float)}
    n_seed = number("seed", seed, int)
    if raw["draws"] is not None and raw["draws"] < 1:
        raise PageError(422, "draws: at least 1")
    if n_seed is not None and n_seed < 0:
        raise PageError(422, "seed: a whole number >= 0")
    run = _guard(lambda: service.start_run(_manager(request), kind=kind, text=text,
                                           source=source, raw=raw, seed=n_seed))
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


def _run(request: Request, rid: str) -> Run:
    try:
        return _store(request).run(rid)
    except KeyError:
        raise PageError(404, f"no run {rid!r}") from None


def _run_context(request: Request, run: Run) -> dict[str, Any]:
    res = run.result_dict()
    extras = run.extras_dict()
    html = None
    if res is not None and run.kind == "simulate":
        p = service.last_probability(res)
        html = {"probability": p}
    return {"run": run, "progress": _manager(request).progress(run), "result": res,
            "charts": extras.get("charts", {}), "yaml": extras.get("yaml"), "summary": html,
            "result_sha256": _digest(run.result)}


@router.get("/runs", response_class=HTMLResponse)
def history(request: Request) -> HTMLResponse:
    m = _manager(request)
    runs = m.store.runs(limit=500)
    return render("runs.html", title="Run history", runs=runs,
                  progress={r.id: m.progress(r) for r in runs})


@router.get("/runs/{rid}", response_class=HTMLResponse)
def run_page(rid: str, request: Request) -> HTMLResponse:
    run = _run(request, rid)
    return render("run.html", title=f"Run {run.id}", **_run_context(request, run))


@router.get("/fragments/runs/{rid}", response_class=HTMLResponse)
def run_fragment(rid: str, request: Request) -> HTMLResponse:
    run = _run(request, rid)
    return render("_run.html", **_run_context(request, run))


@router.post("/runs/{rid}/cancel")
def cancel(rid: str, request: Request) -> Response:
    _run(request, rid)
    _manager(request).cancel(rid)
    return RedirectResponse(f"/runs/{rid}", status_code=303)


@router.post("/runs/{rid}/rerun")
def rerun(rid: str, request: Request) -> Response:
    run = _guard(service.rerun, _manager(request), _run(request, rid))
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


# -- design and compare ---------------------------------------------------------------
def _choices(store: Store) -> list[tuple[str, str]]:
    return [(e.ref, e.title) for e in service.entries(store)]


@router.get("/design", response_class=HTMLResponse)
def design(request: Request, ref: str = "") -> HTMLResponse:
    store = _store(request)
    runs = [r for r in store.runs(limit=200) if r.kind in ("optimize", "bridge")]
    return render("design.html", title="Design", choices=_choices(store), ref=ref, runs=runs)


@router.get("/compare", response_class=HTMLResponse)
def compare(request: Request, ref: Annotated[list[str] | None, Query()] = None) -> HTMLResponse:
    store = _store(request)
    refs = ref or []
    table = None
    if refs:
        texts = [text_of(store, r) for r in refs]
        scenarios = [service.analysis(t[0]).scenario for t in texts]
        try:
            c = accord.compare(scenarios, names=[r.partition(":")[2] for r in refs])
        except accord.AccordError as exc:
            raise PageError(422, str(exc)) from None
        table = Markup(c._repr_html_())
    return render("compare.html", title="Compare", choices=_choices(store), refs=refs,
                  table=table)
