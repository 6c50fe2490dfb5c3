"""``accord simulate`` and ``accord sensitivity`` in process: output, JSON, bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from tests.simulation.conftest import FIXED

runner = CliRunner()


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> str:
    p = Path(tmp_path_factory.mktemp("sim")) / "fixed.yaml"
    p.write_text(FIXED.replace("flow: {A: -0.5, B: 0.8}", "flow: {A: {uniform: [-0.8, -0.2]},"
                               " B: 0.8}"))
    return str(p)


def test_simulate_prints_a_summary(path: str) -> None:
    res = runner.invoke(app, ["simulate", path, "--draws", "3000", "--seed", "1"])
    assert res.exit_code == 0, res.output
    assert "P(self-enforcing)" in res.output and "Equilibrium outcome" in res.output
    assert "3,000 draws in" in res.output


def test_simulate_json_is_stable(path: str) -> None:
    a = runner.invoke(app, ["simulate", path, "-n", "3000", "-s", "1", "--json", "--quiet"])
    b = runner.invoke(app, ["simulate", path, "-n", "3000", "-s", "1", "--json", "--chunk", "1"])
    assert a.exit_code == 0 and a.output == b.output
    d = json.loads(a.output)
    assert set(d) >= {"title", "draws", "self_enforcing", "outcome", "points", "cheats",
                      "surplus", "exposure", "bottleneck", "non_credible_sticks", "quantiles",
                      "provenance"}
    assert d["provenance"]["seed"] == 1


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["--draws", "0"], "--draws must be at least 1, got 0", id="draws-0"),
    pytest.param(["--draws", "-5"], "--draws must be at least 1, got -5", id="draws-negative"),
    pytest.param(["--workers", "0"], "--workers must be at least 1, got 0", id="workers-0"),
    pytest.param(["--seed", "-1"], "--seed must be at least 0, got -1", id="seed-negative"),
    pytest.param(["--chunk", "0"], "--chunk must be at least 1, got 0", id="chunk-0"),
])
def test_bad_arguments_exit_2(path: str, args: list[str], message: str) -> None:
    res = runner.invoke(app, ["simulate", path, *args])
    assert res.exit_code == 2
    assert message in res.output


def test_bad_sensitivity_arguments_exit_2(path: str) -> None:
    res = runner.invoke(app, ["sensitivity", path, "--draws", "0"])
    assert res.exit_code == 2 and "--draws must be at least 2, got 0" in res.output


def test_bad_scenario_exits_2(tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("accord: 1\ntitle: x\nparties: []\nroadmap: []\n")
    assert runner.invoke(app, ["simulate", str(p), "-n", "10"]).exit_code == 2


def test_api_rejects_bad_arguments() -> None:
    import accord
    from accord.simulation import simulate

    s = accord.load_text(FIXED)
    for kwargs, msg in (({"draws": 0}, "draws must be at least 1"),
                        ({"workers": 0}, "workers must be at least 1"),
                        ({"draws": 2.5}, "draws must be a whole number"),
                        ({"seed": -3}, "seed must be at least 0")):
        with pytest.raises(ValueError, match=msg):
            simulate(s, **kwargs)  # type: ignore[arg-type]


def test_sensitivity_prints_a_tornado(path: str) -> None:
    res = runner.invoke(app, ["sensitivity", path, "--draws", "256", "--seed", "2"])
    assert res.exit_code == 0, res.output
    assert "steps.a1.flow.A" in res.output and "helps the deal" in res.output
    j = runner.invoke(app, ["sensitivity", path, "-n", "256", "-s", "2", "--json"])
    assert json.loads(j.output)["inputs"][0]["name"] == "steps.a1.flow.A"


# -- a distribution whose draws can leave its range: analyzed at its mean, not sampled ---------
NORMAL_LAG = FIXED.replace("lag: 0.7,", "lag: {normal: [0.7, 0.2]},")
LAG_MESSAGE = ("error: steps.a2.lag (steps[2].lag): lag must not be negative, but "
               "normal(0.7, 0.2) can draw values that are not: analyze uses its mean 0.7; "
               "simulate and sensitivity refuse it (use uniform, triangular, beta or lognormal "
               "above 0)")


def test_a_normal_lag_is_analyzed_at_its_mean(tmp_path: Path) -> None:
    """``analyze`` warns (file, line, field) and gives the numbers of the plain lag 0.7."""
    p, plain = tmp_path / "normal-lag.yaml", tmp_path / "plain.yaml"
    p.write_text(NORMAL_LAG)
    plain.write_text(FIXED)
    got = runner.invoke(app, ["analyze", str(p), "--json"])
    want = runner.invoke(app, ["analyze", str(plain), "--json"])
    assert got.exit_code == 0 and want.exit_code == 0
    line = NORMAL_LAG[:NORMAL_LAG.index("{normal")].count("\n") + 1
    assert f"{p}:{line}:" in got.output
    assert "warning: steps.a2.lag (steps[2].lag): lag must not be" in got.output
    body = json.loads(got.output[got.output.index("{"):])
    ref = json.loads(want.output)
    for key in ("self_enforcing", "outcome", "points", "cheats", "surplus"):
        assert body[key] == ref[key]


@pytest.mark.parametrize("command", [["simulate", "-n", "100"], ["sensitivity", "-n", "8"]])
def test_monte_carlo_refuses_a_normal_lag(tmp_path: Path, command: list[str]) -> None:
    """Draws of normal(0.7, 0.2) can be negative: exit 2, one located error, no traceback."""
    p = tmp_path / "normal-lag.yaml"
    p.write_text(NORMAL_LAG)
    res = runner.invoke(app, [command[0], str(p), *command[1:]])
    assert res.exit_code == 2, res.output
    before = NORMAL_LAG[:NORMAL_LAG.index("{normal")]
    line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    assert f"{p}:{line}:{col}: {LAG_MESSAGE}" in res.output
    assert "1 error;" in res.output and "Traceback" not in res.output


def test_the_api_refuses_to_sample_a_normal_lag() -> None:
    import warnings

    import accord
    from accord.errors import ScenarioError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", accord.api.ScenarioWarning)
        s = accord.load_text(NORMAL_LAG, "normal-lag.yaml")
    assert accord.analyze(s).to_dict()["points"] == \
        accord.analyze(accord.load_text(FIXED)).to_dict()["points"]
    for run in (lambda: accord.simulate(s, draws=10, seed=1),
                lambda: accord.sensitivity(s, draws=8, seed=1)):
        with pytest.raises(ScenarioError) as info:
            run()
        [d] = info.value.problems
        assert f"{d.name} ({d.field}): {d.message}" in LAG_MESSAGE and d.severity == "error"


class _Tty:
    """A stream that says it is a terminal (so ``simulate`` shows its progress bar)."""

    def __init__(self, stream: object) -> None:
        self._stream = stream

    def isatty(self) -> bool:
        return True

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class _Sys:
    def __getattr__(self, name: str) -> object:
        import sys

        return getattr(sys, name)

    @property
    def stdout(self) -> _Tty:
        import sys

        return _Tty(sys.stdout)


def test_the_progress_bar_starts_no_thread_before_workers_fork(
        path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar is redrawn per finished task: no refresh thread runs while workers are forked."""
    import threading

    import accord.cli.simulate as cli
    import accord.simulation as sim

    real = sim.simulate
    alive: list[int] = []

    def spy(*args: object, **kwargs: object) -> object:
        alive.append(threading.active_count())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sim, "simulate", spy)
    monkeypatch.setattr(cli, "PROGRESS_FROM", 0)
    monkeypatch.setattr(cli, "sys", _Sys())
    before = threading.active_count()
    res = runner.invoke(app, ["simulate", path, "-n", "9000", "-s", "1", "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert alive == [before]


def test_the_api_refuses_a_file_with_its_positions(tmp_path: Path) -> None:
    """Given a path, ``simulate`` and ``sensitivity`` name the file, line and column."""
    import accord
    from accord.errors import ScenarioError

    p = tmp_path / "normal-lag.yaml"
    p.write_text(NORMAL_LAG)
    before = NORMAL_LAG[:NORMAL_LAG.index("{normal")]
    line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    for run in (lambda: accord.simulate(p, draws=10, seed=1),
                lambda: accord.sensitivity(str(p), draws=8, seed=1)):
        with pytest.raises(ScenarioError) as info:
            run()
        [d] = info.value.problems
        assert str(d) == f"{p}:{line}:{col}: {LAG_MESSAGE}"


@pytest.mark.parametrize(("chosen", "platform", "method"), [
    pytest.param(None, "linux", "fork", id="linux-default"),
    pytest.param(None, "darwin", "spawn", id="macos-default"),
    pytest.param(None, "win32", "spawn", id="windows-default"),
    pytest.param("forkserver", "linux", "forkserver", id="set-by-the-user"),
])
def test_start_method(monkeypatch: pytest.MonkeyPatch, chosen: str | None, platform: str,
                      method: str) -> None:
    import multiprocessing

    from accord.simulation import parallel

    monkeypatch.setattr(multiprocessing, "get_start_method", lambda allow_none=False: chosen)
    monkeypatch.setattr(parallel.sys, "platform", platform)
    assert parallel.start_method() == method
