"""A real ``accord serve`` in a subprocess on 127.0.0.1, for the browser, load and kill tests.

The server is always stopped (SIGTERM, then SIGKILL) when the ``with`` block ends, and
it is started with the worktree's ``src`` first on ``PYTHONPATH``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

SRC = Path(__file__).resolve().parents[2] / "src"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    proc: subprocess.Popen[str]
    url: str
    store: Path
    token: str | None = None

    def headers(self) -> dict[str, str]:
        return {} if self.token is None else {"Authorization": f"Bearer {self.token}"}

    def client(self, timeout: float = 30.0) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=self.headers(), timeout=timeout,
                            trust_env=False)


def start(store: Path, *args: str, token: str | None = None,
          timeout: float = 90.0) -> Server:
    """Start ``accord serve`` on a free loopback port and wait until it answers."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    env.pop("ACCORD_TOKEN", None)
    cmd = [sys.executable, "-m", "accord", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--store", str(store), *args]
    if token is not None:
        cmd += ["--token", token]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    server = Server(proc, f"http://127.0.0.1:{port}", store, token)
    end = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"accord serve exited ({proc.returncode}): {out}")
        try:
            with server.client(timeout=2.0) as c:
                if c.get("/api/scenarios").status_code in (200, 401):
                    return server
        except httpx.HTTPError:
            pass
        if time.monotonic() > end:
            stop(server)
            raise AssertionError("accord serve did not answer in time")
        time.sleep(0.1)


def stop(server: Server) -> None:
    """SIGTERM the server's process group, SIGKILL it if it has not ended in 10 s."""
    if server.proc.poll() is None:
        with _quiet():
            os.killpg(server.proc.pid, signal.SIGTERM)
        try:
            server.proc.wait(10)
        except subprocess.TimeoutExpired:
            with _quiet():
                os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(10)
    if server.proc.stdout:
        server.proc.stdout.close()


def _quiet() -> suppress:
    return suppress(ProcessLookupError)


@contextmanager
def running(store: Path, *args: str, token: str | None = None) -> Iterator[Server]:
    server = start(store, *args, token=token)
    try:
        yield server
    finally:
        stop(server)
