"""``accord serve``'s host and token rules, without binding a socket (uvicorn.run is replaced).

Loopback by default with no token; any other host gets a token, the given one or one
generated and printed once; the app then answers 401 without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.cli.app import app
from accord.cli.serve import is_loopback


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda a, **kw: calls.append({"app": a, **kw}))
    return calls


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.3.2.1", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False), ("::", False),
    ("example.org", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_default_is_loopback_without_a_token(served: list[dict[str, Any]],
                                             tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "s.sqlite")])
    assert res.exit_code == 0, res.output
    [call] = served
    assert call["host"] == "127.0.0.1"
    assert "token" not in res.stdout
    assert TestClient(call["app"]).get("/api/scenarios").status_code == 200


def test_another_host_gets_a_generated_token_printed_once(served: list[dict[str, Any]],
                                                          tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0",
                                   "--store", str(tmp_path / "s.sqlite")])
    assert res.exit_code == 0, res.output
    [line] = [x for x in res.stdout.splitlines() if x.startswith("token")]
    token = line.rsplit(" ", 1)[1]
    assert len(token) >= 24 and res.stdout.count(token) == 1
    client = TestClient(served[0]["app"])
    assert client.get("/api/scenarios").status_code == 401
    ok = client.get("/api/scenarios", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200


def test_a_given_token_is_required_on_loopback_too(served: list[dict[str, Any]],
                                                   tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["serve", "--token", "s3cret-token",
                                   "--store", str(tmp_path / "s.sqlite")])
    assert res.exit_code == 0, res.output
    assert "s3cret-token" not in res.stdout
    client = TestClient(served[0]["app"])
    assert client.get("/api/library").status_code == 401
    assert client.get("/api/library", headers={"Authorization": "Bearer wrong"}).status_code \
        == 401
    assert client.get("/api/library",
                      headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
