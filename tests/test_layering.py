"""Imports point one way, and no module imports itself back.

The layers of ``src/accord``, from the bottom up (a module may import its own
layer and the layers below, never one above):

0. ``errors``, ``version``, ``result``: the error and warning types, the version
   and the result protocol (provenance, JSON numbers).  Every layer raises,
   reports and stamps results with these, so they import nothing from accord.
1. ``model``: the scenario as pydantic data, its cross-field checks.
2. ``engine``, ``verification``: pure numbers (the deterministic engine, the Monte
   Carlo kernel, detection probabilities of sampling designs).
3. ``io``, ``library``, ``report``, ``charts``: reading and writing files of the
   model (the loader is used by every computation that accepts a file name, so
   ``io`` sits *below* the computations; ``io.efg`` runs the engine, which is
   below it), the bundled scenarios, and the renderings of results (rich, HTML,
   charts).  Rendering code refers to the result types for annotations only
   (``if TYPE_CHECKING:``): a result renders itself by calling down into
   ``report``.  The offline report, ``document``, gathers the charts and the
   tables (it imports both; neither imports it).
4. ``analysis``, ``simulation``, ``design``, ``sweep``: the computations and their results.
5. ``store``, ``backtest``, ``reporting``: what keeps, compares or gathers many results.
6. interfaces: the top-level Python API (``accord/__init__``, ``api``), ``cli``,
   ``web``, ``__main__``.

Imports inside ``if TYPE_CHECKING:`` are not edges (they never run).  An import
of ``accord.x.y`` is an edge to the module ``accord.x.y`` (not to the package
``accord.x``, whose ``__init__`` merely gathers names).  A module not listed in
:data:`LAYERS` fails the test: give a new top-level package its layer here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Top-level module or package of accord -> its layer (see the module doc).
LAYERS: dict[str, int] = {
    "errors": 0, "version": 0, "result": 0,
    "model": 1,
    "engine": 2, "verification": 2,
    "io": 3, "library": 3, "report": 3, "charts": 3, "document": 3,
    "analysis": 4, "simulation": 4, "design": 4, "sweep": 4,
    "store": 5, "backtest": 5, "reporting": 5,
    "": 6, "api": 6, "cli": 6, "web": 6, "__main__": 6,
}


def module_name(path: Path, root: Path) -> str:
    """``src/accord/io/loader.py`` -> ``accord.io.loader``; a package is its ``__init__``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(test: ast.expr) -> bool:
    return ((isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
            or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def imported(tree: ast.Module, here: str, is_package: bool, modules: set[str]) -> set[str]:
    """Accord modules imported by the module ``here`` (anywhere but ``if TYPE_CHECKING``)."""
    found: set[str] = set()

    def target(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                t = target(alias.name)
                if t:
                    found.add(t)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = here if is_package else here.rpartition(".")[0]
                for _ in range(node.level - 1):
                    pkg = pkg.rpartition(".")[0]
                base = f"{pkg}.{base}" if base else pkg
            for alias in node.names:
                t = target(f"{base}.{alias.name}")  # a submodule, or a name of ``base``
                if t:
                    found.add(t)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(here)
    return found


def import_graph(root: Path = SRC) -> dict[str, set[str]]:
    """Module -> the accord modules it imports, for every module under ``root/accord``."""
    files = {module_name(p, root): p for p in sorted((root / "accord").rglob("*.py"))}
    modules = set(files)
    return {m: imported(ast.parse(p.read_text(encoding="utf-8")), m,
                        p.name == "__init__.py", modules) for m, p in files.items()}


def layer(module: str) -> int:
    """The layer of ``accord.x...`` (``KeyError`` for a top-level name not in LAYERS)."""
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else ""]


def upward(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Every edge from a module to one of a higher layer, as ``a -> b``."""
    return [f"{a} (layer {layer(a)}) -> {b} (layer {layer(b)})"
            for a, targets in sorted(graph.items()) for b in sorted(targets)
            if layer(b) > layer(a)]


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def packages(graph: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The same graph between top-level packages (``accord.io``, ``accord.cli``, ...)."""
    def top(m: str) -> str:
        return ".".join(m.split(".")[:2])

    out: dict[str, set[str]] = {}
    for a, targets in graph.items():
        out.setdefault(top(a), set()).update(top(b) for b in targets if top(b) != top(a))
    return out


# -- the checks on src/accord -------------------------------------------------------
GRAPH = import_graph()


def test_the_walk_sees_the_known_edges() -> None:
    """The graph is not empty by mistake: edges that the code plainly has are found."""
    assert "accord.errors" in GRAPH["accord.io.loader"]
    assert "accord.report.table" in GRAPH["accord.analysis"]
    assert "accord.simulation.run" in GRAPH["accord.simulation"]
    assert "accord.cli.commands" in GRAPH["accord.cli.app"]
    assert GRAPH["accord.errors"] == set()


def test_every_module_has_a_layer() -> None:
    missing = sorted({m.split(".")[1] for m in GRAPH if "." in m
                      and m.split(".")[1] not in LAYERS})
    assert not missing, f"give these a layer in tests/test_layering.py: {missing}"


def test_no_upward_import() -> None:
    bad = upward(GRAPH)
    assert not bad, "imports that point up:\n" + "\n".join(bad)


def test_no_module_cycle() -> None:
    assert cycles(GRAPH) == []


def test_no_package_cycle() -> None:
    assert cycles(packages(GRAPH)) == []


# -- the checks can fail ------------------------------------------------------------
def test_a_cycle_is_found() -> None:
    graph = {"accord.cli.app": {"accord.cli.commands"},
             "accord.cli.commands": {"accord.cli.simulate"},
             "accord.cli.simulate": {"accord.cli.app", "accord.errors"},
             "accord.errors": set()}
    assert cycles(graph) == [["accord.cli.app", "accord.cli.commands", "accord.cli.simulate"]]
    assert upward(graph) == []


def test_an_upward_edge_is_found() -> None:
    graph = {"accord.io.efg": {"accord.analysis", "accord.engine"},
             "accord.analysis": {"accord.engine"}, "accord.engine": set()}
    assert upward(graph) == ["accord.io.efg (layer 3) -> accord.analysis (layer 4)"]
    assert cycles(graph) == []


def test_a_package_cycle_is_found() -> None:
    graph = {"accord.io.a": {"accord.library"}, "accord.library": {"accord.io.b"},
             "accord.io.b": set()}
    assert cycles(graph) == []
    assert cycles(packages(graph)) == [["accord.io", "accord.library"]]


def test_the_walk_reads_imports_as_python_does(tmp_path: Path) -> None:
    """Relative, lazy (in a function) and ``from package import submodule`` imports count;
    ``if TYPE_CHECKING:`` imports do not."""
    pkg = tmp_path / "accord"
    (pkg / "io").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "io" / "__init__.py").write_text("from .loader import read\n")
    (pkg / "io" / "loader.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from accord.analysis import Analysis\n"
        "def read():\n    from accord import analysis\n    return analysis\n")
    (pkg / "analysis.py").write_text("import accord.io.loader as l\nfrom accord.io import read\n")
    g = import_graph(tmp_path)
    assert g["accord.io"] == {"accord.io.loader"}
    assert g["accord.io.loader"] == {"accord.analysis"}
    assert g["accord.analysis"] == {"accord.io.loader", "accord.io"}
    assert upward(g) == ["accord.io.loader (layer 3) -> accord.analysis (layer 4)"]
    assert cycles(g) == [["accord.analysis", "accord.io", "accord.io.loader"]]


@pytest.mark.parametrize("name", ["accord.nothing", "accord.nothing.inside"])
def test_a_module_without_a_layer_is_refused(name: str) -> None:
    with pytest.raises(KeyError):
        layer(name)
