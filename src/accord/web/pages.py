"""The pages (server-rendered, Jinja2 with autoescape on)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


class PageError(Exception):
    """A page that cannot be shown (404, a bad form): rendered as an error page."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def page_error(_request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, PageError)
    return HTMLResponse(exc.message, status_code=exc.status)
