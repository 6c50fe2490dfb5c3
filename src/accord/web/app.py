"""The application factory: :func:`create_app` (``accord serve`` runs it under uvicorn).

>>> from accord.web.app import create_app
>>> app = create_app(":memory:")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from accord.store import Store
from accord.web import api
from accord.web.guard import MAX_BODY, BodyLimit, TokenGuard
from accord.web.manager import Limits, RunManager
from accord.web.service import BadRequest, problem

STATIC = Path(__file__).parent / "static"


def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    """Pydantic's request errors in the API's shape: ``{"errors": [...]}``."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        errors.append(problem(".".join(loc) or "(request)", str(e.get("msg", "invalid"))))
    return JSONResponse({"errors": errors}, status_code=422)


def create_app(store: str | Path | Store, *, token: str | None = None,
               limits: Limits | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The accord web app on ``store`` (a path, or an open :class:`Store`).

    ``token``: require ``Authorization: Bearer <token>`` on every request;
    ``limits``: runs at once, draws per run, a design search's time;
    ``max_body``: the largest request body (bytes, else 413).
    Returns the ASGI app (the FastAPI app wrapped in the guards; ``.state`` is the
    FastAPI app's).
    """
    st = store if isinstance(store, Store) else Store.open(store)
    manager = RunManager(st, limits)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        manager.close()

    app = FastAPI(title="accord", summary="Design and stress-test phased arms-control "
                  "agreements: the analyst's web app and its JSON API.", lifespan=lifespan)
    app.state.manager = manager
    app.add_exception_handler(BadRequest, api.bad_request)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.include_router(api.router)
    from accord.web import pages

    app.include_router(pages.router)
    app.add_exception_handler(pages.PageError, pages.page_error)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, limit=max_body)
    if token:
        app.add_middleware(TokenGuard, token=token)
    return app
