"""``accord serve``: the analyst's web app and its JSON API (docs/web.md)."""

from __future__ import annotations

import ipaddress
import secrets
from pathlib import Path
from typing import Annotated

import typer


def is_loopback(host: str) -> bool:
    """``host`` reaches this machine only (127.0.0.0/8, ::1, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on. Anything but loopback "
                                           "needs a token (one is generated if not given).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    store: Annotated[Path | None, typer.Option(help="The run store (SQLite). Default: "
                                                    "$ACCORD_STORE, else "
                                                    "~/.local/share/accord/runs.sqlite.")]
    = None,
    token: Annotated[str | None, typer.Option(envvar="ACCORD_TOKEN",
                                              help="Require 'Authorization: Bearer TOKEN' "
                                                   "on every request.")] = None,
    max_draws: Annotated[int, typer.Option(help="Most Monte Carlo draws per run.")]
    = 1_000_000,
    runs: Annotated[int | None, typer.Option(help="Runs at once (default: the number of "
                                                  "cores); the rest wait in a queue.")]
    = None,
) -> None:
    """Serve the web app: library, scenarios, editor, Monte Carlo runs, design, history."""
    from accord.cli.shell import err, out
    from accord.cli.shell import say as _say
    from accord.store import StoreError, default_path
    from accord.web.manager import Limits

    if max_draws < 1 or (runs is not None and runs < 1) or not 0 < port < 65536:
        _say(err, "--max-draws and --runs must be at least 1, --port in 1..65535")
        raise typer.Exit(code=2)
    generated = None
    if token is None and not is_loopback(host):
        token = generated = secrets.token_urlsafe(24)
    path = store if store is not None else default_path()
    import uvicorn

    from accord.web.app import create_app

    limits = Limits(max_draws=max_draws) if runs is None else Limits(slots=runs,
                                                                     max_draws=max_draws)
    try:
        app = create_app(path, token=token, limits=limits)
    except (StoreError, OSError) as exc:
        _say(err, f"{path}: {exc}")
        raise typer.Exit(code=2) from None
    shown = f"[{host}]" if ":" in host else host
    _say(out, f"accord serve: http://{shown}:{port}/  (store {path})")
    if generated is not None:
        _say(out, f"token (shown once; send 'Authorization: Bearer <token>'): {generated}")
    elif token:
        _say(out, "every request needs 'Authorization: Bearer <token>'")
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)
