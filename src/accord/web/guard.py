"""Two ASGI middlewares: the Bearer token on every request, and the body size limit.

* With a token set, every request (pages, static files, the API, ``/docs``)
  must carry ``Authorization: Bearer <token>``; otherwise 401.
* A request body over the limit (1 MiB by default) is answered 413 without the
  app seeing it: by its ``Content-Length`` when it declares one, else by
  counting as it arrives.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Largest request body accepted (bytes).
MAX_BODY = 1 << 20


async def _answer(send: Send, status: int, message: str,
                  headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"errors": [{"line": None, "column": None, "field": "(request)",
                                   "message": message, "text": message}]}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


class TokenGuard:
    """401 for any HTTP request without ``Authorization: Bearer <token>``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            got = dict(scope.get("headers", [])).get(b"authorization", b"")
            if not secrets.compare_digest(got, self.expected):
                await _answer(send, 401, "this server needs Authorization: Bearer <token>",
                              [(b"www-authenticate", b'Bearer realm="accord"')])
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """413 for a request body over ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = f"the request body is over {self.limit:,} bytes"
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                await _answer(send, 400, "Content-Length is not a number")
                return
            if declared > self.limit:
                await _answer(send, 413, too_big)
                return
        # read the body here (at most limit + 1 bytes), then hand it on
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                chunks_done = message
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _answer(send, 413, too_big)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        else:
            chunks_done = None
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                if chunks_done is not None:
                    return chunks_done
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
