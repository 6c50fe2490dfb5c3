"""The run store: lifecycle of a run, versions of scenarios, recovery, schema upgrades."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from accord.store import VERSION, Store, StoreError
from accord.store.schema import MIGRATIONS, migrate


def _run(st: Store, text: str = "accord: 1\n", seed: int | None = 7) -> str:
    return st.add_run(kind="simulate", scenario_text=text, digest="d" * 64, title="T",
                      source="text", options={"draws": 10}, seed=seed,
                      accord_version="0.0").id


def test_a_run_goes_queued_running_done_with_its_result(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s.sqlite")
    rid = _run(st)
    assert st.run(rid).status == "queued"
    assert st.run(rid).result is None
    assert st.start(rid)
    assert not st.start(rid)  # only a queued run starts
    assert st.run(rid).status == "running"
    assert st.finish(rid, '{"a": 1}', {"charts": {}})
    r = st.run(rid)
    assert (r.status, r.result, r.extras_dict(), r.options, r.seed) == (
        "done", '{"a": 1}', {"charts": {}}, {"draws": 10}, 7)
    assert r.finished is not None and r.started is not None and r.created <= r.started
    # a done run does not change again
    assert not st.end(rid, "cancelled")
    assert not st.finish(rid, "{}")
    assert st.run(rid).result == '{"a": 1}'


def test_a_cancelled_run_is_never_marked_done_afterwards(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s.sqlite")
    rid = _run(st)
    st.start(rid)
    assert st.end(rid, "cancelled")
    assert not st.finish(rid, '{"late": true}')
    assert (st.run(rid).status, st.run(rid).result) == ("cancelled", None)
    queued = _run(st)
    assert st.end(queued, "cancelled")
    assert not st.start(queued)


def test_seeds_wider_than_sqlite_integers_round_trip(tmp_path: Path) -> None:
    """``SeedSequence().entropy`` is 128 bits; SQLite integers stop at 2**63 - 1."""
    st = Store.open(tmp_path / "s.sqlite")
    seed = 2**127 + 12345
    assert st.run(_run(st, seed=seed)).seed == seed


def test_open_marks_runs_left_unfinished_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    st = Store.open(path)
    done, running, queued = _run(st), _run(st), _run(st)
    st.start(done)
    st.finish(done, '{"x": 0.1}')
    st.start(running)
    again = Store.open(path)
    assert [again.run(r).status for r in (done, running, queued)] == [
        "done", "interrupted", "interrupted"]
    assert again.run(done).result == '{"x": 0.1}'
    assert again.run(running).error
    # opening without recovery (another reader) leaves runs alone
    fresh = _run(again)
    Store.open(path, recover=False)
    assert again.run(fresh).status == "queued"


def test_scenarios_are_saved_with_versions(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s.sqlite")
    v1 = st.save_scenario("one", "First", "d1")
    v2 = st.save_scenario("two", "Second", "d2", v1.scenario_id)
    other = st.save_scenario("three", "Other", "d3")
    assert (v1.version, v2.version, other.version) == (1, 2, 1)
    assert st.scenario(v1.scenario_id).text == "two"
    assert st.scenario(v1.scenario_id, 1).text == "one"
    assert [v.version for v in st.versions(v1.scenario_id)] == [1, 2]
    assert {s.scenario_id: s.version for s in st.scenarios()} == {
        v1.scenario_id: 2, other.scenario_id: 1}
    with pytest.raises(KeyError):
        st.save_scenario("x", "x", "x", "nope")
    with pytest.raises(KeyError):
        st.scenario(v1.scenario_id, 3)


def test_runs_are_listed_newest_first_and_by_digest(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s.sqlite")
    a = _run(st)
    b = st.add_run(kind="sensitivity", scenario_text="x", digest="e" * 64, title="U",
                   source="library:x", options={}, seed=1, accord_version="0").id
    assert [r.id for r in st.runs()] == [b, a]
    assert [r.id for r in st.runs(digest="e" * 64)] == [b]
    st.start(a)
    st.finish(a, "{}")
    last = st.last_done("d" * 64)
    assert last is not None and last.id == a
    assert st.last_done("e" * 64) is None
    with pytest.raises(ValueError, match="unknown run kind"):
        st.add_run(kind="dance", scenario_text="", digest="", title="", source="",
                   options={}, seed=None, accord_version="")


def test_the_store_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    Store.open(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_store_of_schema_1_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    """Write a store the way the first schema did, then open it with this accord."""
    assert VERSION == len(MIGRATIONS) >= 2
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, upto=1) == 1
    conn.execute("INSERT INTO runs (id, kind, scenario_text, digest, title, source, options, "
                 "seed, accord_version, status, created, finished, result) VALUES "
                 "('old1', 'simulate', 'accord: 1', 'd', 'Old', 'text', '{}', '5', '0.1', "
                 "'done', 1.0, 2.0, '{\"p\": 0.5}')")
    conn.execute("INSERT INTO scenarios VALUES ('sc', 1.0)")
    conn.execute("INSERT INTO scenario_versions VALUES ('sc', 1, 'text', 'd', 'Old', 1.0)")
    conn.close()
    st = Store.open(path)
    assert st.schema_version() == VERSION
    old = st.run("old1")
    assert (old.status, old.result, old.seed, old.extras) == ("done", '{"p": 0.5}', 5, None)
    assert st.scenario("sc").text == "text"


def test_a_store_from_a_newer_accord_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Store.open(path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this accord"):
        Store.open(path)


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable run store"):
        Store.open(path)


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    st = Store.open(tmp_path / "s.sqlite")
    ids: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(25):
            rid = _run(st)
            st.start(rid)
            st.finish(rid, '{"ok": true}')
            with lock:
                ids.append(rid)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 100
    assert all(st.run(r).status == "done" for r in ids)
    assert len(st.runs(limit=1000)) == 100
