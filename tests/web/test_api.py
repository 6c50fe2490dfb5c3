"""The JSON API through FastAPI's test client: every operation, every class of bad input."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import accord
from accord import library
from accord.errors import ScenarioError
from accord.report.sentence import verdict
from accord.web.app import create_app
from accord.web.manager import Limits

from .conftest import SMALL, wait

BAD = """\
accord: 1
title: bad
parties: [{id: A, discount_rate: 0.1}, {id: B, discount_rate: 0.1}]
steps:
  - {id: s, actor: Z, flow: {A: 1}}
roadmap: [{phase: P, duration: 1, moves: [[s]]}]
"""


def test_analyze_is_the_cli_json_result(client: TestClient) -> None:
    text = library.path("hanoi-2019-dprk-offer").read_text()
    r = client.post("/api/analyze", content=text, headers={"content-type": "application/yaml"})
    assert r.status_code == 200
    expected = accord.analyze(accord.load_text(text, "scenario.yaml"))
    assert r.json() == json.loads(expected.to_json())
    assert r.json()["viable"] is expected.viable


def test_a_bad_file_is_422_with_the_loaders_located_errors(client: TestClient) -> None:
    r = client.post("/api/analyze", content=BAD)
    assert r.status_code == 422
    errors = r.json()["errors"]
    with pytest.raises(ScenarioError) as exc:
        accord.load_text(BAD, "scenario.yaml")
    want = [p for p in exc.value.problems if p.severity == "error"]
    assert [(e["line"], e["column"], e["field"], e["message"]) for e in errors] == [
        (p.line, p.column, p.field, p.message) for p in want]
    # the unknown actor Z is on line 5 (the step's line), in field steps[0].actor
    assert any(e["line"] == 5 and "actor" in e["field"] and "Z" in e["message"]
               for e in errors)
    assert errors[0]["text"].startswith("scenario.yaml:5:")


def test_not_utf8_and_not_yaml_are_422(client: TestClient) -> None:
    r = client.post("/api/analyze", content=b"title: \xff\xfe")
    assert r.status_code == 422
    assert "UTF-8" in r.json()["errors"][0]["message"]
    r = client.post("/api/analyze", content="a: [1, 2\n")
    assert r.status_code == 422
    assert r.json()["errors"][0]["line"] is not None


def test_billion_laughs_is_422_quickly(client: TestClient) -> None:
    lol = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    t = time.perf_counter()
    r = client.post("/api/analyze", content=lol)
    assert time.perf_counter() - t < 5.0
    assert r.status_code == 422
    assert "aliases" in r.json()["errors"][0]["message"]


def test_bodies_over_1_mib_are_413(client: TestClient) -> None:
    big = "# " + "x" * (1 << 20) + "\n"
    assert client.post("/api/analyze", content=big).status_code == 413
    assert client.post("/api/scenarios", content=big).status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"#" * 60_000

    r = client.post("/api/analyze", content=chunks())
    assert r.status_code == 413
    # just under the limit is read (and judged as YAML)
    ok = SMALL + "# " + "x" * ((1 << 20) - len(SMALL) - 10) + "\n"
    assert client.post("/api/analyze", content=ok).status_code == 200


def test_a_simulate_run_is_accords_simulation_and_reruns_byte_for_byte(
        client: TestClient) -> None:
    r = client.post("/api/runs", json={"library": "hanoi-2019-dprk-offer", "kind": "simulate",
                                       "draws": 5000, "seed": 11})
    assert r.status_code == 202
    rid = r.json()["id"]
    done = wait(client, rid)
    assert done["status"] == "done", done
    assert done["progress"] == 1.0
    expected = accord.simulate(accord.load("hanoi-2019-dprk-offer"), draws=5000, seed=11)
    assert done["result"] == json.loads(json.dumps(expected.to_dict()))
    raw = client.get(f"/api/runs/{rid}/result").content
    again = client.post(f"/api/runs/{rid}/rerun")
    assert again.status_code == 202
    second = wait(client, again.json()["id"])
    assert second["status"] == "done"
    assert client.get(f"/api/runs/{second['id']}/result").content == raw
    listed = [x["id"] for x in client.get("/api/runs").json()]
    assert listed[:2] == [second["id"], rid]


def test_a_run_without_seed_records_one_and_reruns_identically(client: TestClient) -> None:
    rid = client.post("/api/runs", json={"scenario": SMALL, "draws": 3000}).json()["id"]
    first = wait(client, rid)
    assert isinstance(first["seed"], int)
    p = first["result"]["self_enforcing"]["probability"]
    assert abs(p - 0.75) < 4 * (0.75 * 0.25 / 3000) ** 0.5  # P(A's flow >= 0) = 3/4
    second = wait(client, client.post(f"/api/runs/{rid}/rerun").json()["id"])
    assert second["result"] == first["result"]


def test_sensitivity_optimize_and_bridge_runs(client: TestClient) -> None:
    name = "yongbyon-inside-roadmap"
    ids = {k: client.post("/api/runs", json={"library": name, "kind": k, "draws": 256,
                                             "seed": 2}).json()["id"]
           for k in ("sensitivity", "bridge")}
    ids["optimize"] = client.post("/api/runs", json={"library": name,
                                                     "kind": "optimize"}).json()["id"]
    got = {k: wait(client, rid, timeout=120) for k, rid in ids.items()}
    assert all(g["status"] == "done" for g in got.values()), got
    s = accord.load(name)
    assert got["sensitivity"]["result"] == json.loads(json.dumps(
        accord.sensitivity(s, draws=256, seed=2).to_dict()))
    assert got["bridge"]["result"] == json.loads(json.dumps(accord.bridge(s).to_dict()))
    opt = got["optimize"]["result"]
    assert opt["status"] == accord.optimize(s).status
    assert got["optimize"]["options"]["time_limit"] > 0


def test_robust_optimize_runs(client: TestClient) -> None:
    """draws + seed make an optimize run robust (DESIGN.md §4): the result is the API's
    ``accord.optimize(..., draws, seed)``; the page shows the out-of-sample line, and a
    robust design that cannot hold shows its shortfall with the draws it misses in."""
    from tests.design.test_optimize import TOY

    rid = client.post("/api/runs", json={"scenario": TOY, "kind": "optimize", "draws": 30,
                                         "seed": 7}).json()["id"]
    got = wait(client, rid, timeout=120)
    assert got["status"] == "done" and got["options"]["draws"] == 30 and got["seed"] == 7
    want = accord.optimize(accord.load_text(TOY), draws=30, seed=7,
                           time_limit=got["options"]["time_limit"]).to_dict()
    assert got["result"] == json.loads(json.dumps(want))
    page = client.get(f"/runs/{rid}").text
    assert "robust: viable in every one of 30 draws (seed 7)" in page
    rid = client.post("/api/runs", json={"library": "singapore-2018", "kind": "optimize",
                                         "draws": 50, "seed": 1}).json()["id"]
    got = wait(client, rid, timeout=120)
    assert got["result"]["status"] == "infeasible"
    page = client.get(f"/runs/{rid}").text
    first = got["result"]["shortfall"]["misses"][0]
    assert 'id="shortfall"' in page and "<th>draw</th>" in page
    assert f'<td class="num">{first["draw"] if first["draw"] is not None else "means"}</td>' \
        in page


def test_robust_run_requests_are_checked(tmp_path: Path) -> None:
    app = create_app(tmp_path / "runs.sqlite", limits=Limits(slots=1, max_draws=100))
    with TestClient(app) as c:
        r = c.post("/api/runs", json={"scenario": SMALL, "kind": "optimize", "draws": 101})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "draws"
        r = c.post("/api/runs", json={"scenario": SMALL, "kind": "optimize", "quantile": 0.9})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "quantile"
        r = c.post("/api/runs", json={"scenario": SMALL, "kind": "optimize", "draws": 10,
                                      "quantile": 1.5})
        assert r.status_code == 422


def test_run_requests_are_checked(client: TestClient) -> None:
    def post(body: dict[str, object]) -> tuple[int, list[dict[str, object]]]:
        r = client.post("/api/runs", json=body)
        return r.status_code, r.json().get("errors", [])

    code, errs = post({"scenario": BAD})
    assert code == 422 and any(e["line"] == 5 for e in errs)
    code, errs = post({"scenario": SMALL, "library": "libya-2003"})
    assert code == 422 and errs[0]["field"] == "scenario"
    code, errs = post({"scenario": SMALL, "kind": "dance"})
    assert code == 422 and errs[0]["field"] == "kind"
    code, errs = post({"scenario": SMALL, "draws": 0})
    assert code == 422 and errs[0]["field"] == "draws"
    code, errs = post({"scenario": SMALL, "draws": 60_000_000})
    assert code == 422 and errs[0]["field"] == "draws" and "at most" in str(errs[0]["message"])
    code, errs = post({"library": "no-such-thing"})
    assert code == 404
    code, errs = post({"saved": "nope"})
    assert code == 404
    code, errs = post({"scenario": SMALL, "colour": "red"})
    assert code == 422 and errs[0]["field"] == "colour"
    assert client.get("/api/runs/nope").status_code == 404
    assert client.delete("/api/runs/nope").status_code == 404


def test_cancel_stops_a_running_run_within_a_second(client: TestClient) -> None:
    rid = client.post("/api/runs", json={"library": "hanoi-2019-dprk-offer",
                                         "draws": 40_000_000, "seed": 1}).json()["id"]
    running = wait(client, rid, until=("running",))
    end = time.monotonic() + 30
    while client.get(f"/api/runs/{rid}").json()["progress"] == 0 and time.monotonic() < end:
        time.sleep(0.02)
    assert 0 < client.get(f"/api/runs/{rid}").json()["progress"] < 1
    manager = client.app.state.manager  # type: ignore[attr-defined]
    t = time.monotonic()
    r = client.delete(f"/api/runs/{rid}")
    assert r.json()["status"] == "cancelled"
    while manager.active() and time.monotonic() - t < 5:
        time.sleep(0.01)
    assert manager.active() == 0
    assert time.monotonic() - t < 1.0
    final = client.get(f"/api/runs/{rid}").json()
    assert (final["status"], final["result"]) == ("cancelled", None)
    assert running["status"] == "running"
    # cancelling again changes nothing
    assert client.delete(f"/api/runs/{rid}").json()["status"] == "cancelled"


def test_at_most_k_runs_at_once_the_rest_queued(tmp_path: Path) -> None:
    app = create_app(tmp_path / "s.sqlite", limits=Limits(slots=1, max_draws=50_000_000))
    with TestClient(app) as c:
        ids = [c.post("/api/runs", json={"library": "libya-2003", "draws": 40_000_000,
                                         "seed": i}).json()["id"] for i in range(3)]
        wait(c, ids[0], until=("running",))
        assert [c.get(f"/api/runs/{i}").json()["status"] for i in ids] == [
            "running", "queued", "queued"]
        assert c.delete(f"/api/runs/{ids[2]}").json()["status"] == "cancelled"
        assert c.delete(f"/api/runs/{ids[0]}").json()["status"] == "cancelled"
        wait(c, ids[1], until=("running",))
        assert c.get(f"/api/runs/{ids[2]}").json()["status"] == "cancelled"
        # the server stops: the run in flight ends interrupted, not lost
    assert app.state.manager.store.run(ids[1]).status == "interrupted"


def test_a_run_that_fails_says_why(client: TestClient) -> None:
    rid = client.post("/api/runs", json={"scenario": SMALL, "kind": "optimize",
                                         "objective": "happiness"}).json()["id"]
    got = wait(client, rid, until=("done", "failed"))
    assert got["status"] == "failed"
    assert "happiness" in got["error"]


def test_scenarios_are_saved_with_versions(client: TestClient) -> None:
    r = client.post("/api/scenarios", content=SMALL)
    assert r.status_code == 201
    sid, url = r.json()["id"], r.json()["url"]
    assert url == f"/scenarios/{sid}"
    v2 = client.post(f"/api/scenarios/{sid}/versions",
                     content=SMALL.replace("one uncertain flow", "second take"))
    assert (v2.status_code, v2.json()["version"]) == (201, 2)
    listed = client.get("/api/scenarios").json()
    assert [(x["id"], x["version"], x["title"]) for x in listed] == [(sid, 2, "second take")]
    one = client.get(f"/api/scenarios/{sid}", params={"version": 1}).json()
    assert (one["text"], one["versions"]) == (SMALL, [1, 2])
    assert client.post("/api/scenarios", content=BAD).status_code == 422
    assert client.post("/api/scenarios/nope/versions", content=SMALL).status_code == 404
    assert client.get("/api/scenarios/nope").status_code == 404
    # a run of a saved scenario records which version it ran
    rid = client.post("/api/runs", json={"saved": sid, "version": 1, "draws": 100,
                                         "seed": 1}).json()["id"]
    assert wait(client, rid)["source"] == f"scenario:{sid}@1"


def test_the_library_lists_verdicts_and_the_last_runs_probability(
        client: TestClient) -> None:
    lib = client.get("/api/library").json()
    assert [e["ref"] for e in lib] == [f"library:{n}" for n in library.names()]
    for e in lib:
        a = accord.analyze(accord.load(e["ref"].removeprefix("library:")))
        assert (e["title"], e["verdict"], e["last_run"]) == (a.scenario.title, verdict(a), None)
    rid = client.post("/api/runs", json={"library": "libya-2003", "draws": 2000,
                                         "seed": 5}).json()["id"]
    res = wait(client, rid)["result"]
    entry = next(e for e in client.get("/api/library").json()
                 if e["ref"] == "library:libya-2003")
    key = "viable" if "viable" in res else "self_enforcing"
    want = res[key]["probability"] if isinstance(res[key], dict) else res[key]
    assert entry["last_run"]["probability"] == want
    assert entry["last_run"]["label"] == ("P(viable)" if key == "viable"
                                          else "P(self-enforcing)")


def test_a_token_is_needed_on_every_request_when_set(tmp_path: Path) -> None:
    app = create_app(tmp_path / "s.sqlite", token="s3cret")
    with TestClient(app) as c:
        for path in ("/api/library", "/", "/docs", "/openapi.json",
                     "/static/vendor/htmx.LICENSE"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
            assert c.get(path, headers={"Authorization": "s3cret"}).status_code == 401
        r = c.post("/api/analyze", content=SMALL)
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Bearer")
        ok = {"Authorization": "Bearer s3cret"}
        assert c.get("/api/library", headers=ok).status_code == 200
        assert c.post("/api/analyze", content=SMALL, headers=ok).status_code == 200


def test_the_openapi_document_lists_the_operations(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/analyze", "/api/runs", "/api/runs/{rid}", "/api/scenarios",
              "/api/library"):
        assert p in paths
    assert "delete" in paths["/api/runs/{rid}"]
