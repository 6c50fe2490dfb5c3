"""The one numba configuration point of the Monte Carlo loops, and their un-jitted run.

Every compiled loop of the Monte Carlo (sampler, tables, kernel, row statistics)
is written once, as plain Python over arrays and scalars, and decorated here:

* :func:`inline`: a small helper inlined into its callers (``inline="always"``);
* :func:`loop`: a helper compiled into the entry points that call it (not cached
  on its own: see below);
* :func:`entry`: a top-level entry point called from Python, compiled with numba's
  on-disk cache.

All are compiled with ``nogil=True``, ``error_model="numpy"`` (a division by zero
gives inf or NaN, as numpy does) and never ``fastmath``: LLVM then neither
contracts ``a * b + c`` into a fused multiply-add nor reorders sums, so the
compiled loops do exactly the IEEE operations of the source, in its order, and
the same source run by the Python interpreter on numpy scalars gives the same
bits (tested on every run of the suite).  The kernel and table stages run without
numba's runtime (``nrt=False``): they allocate nothing, and every row view would
otherwise cost an atomic reference count.

**Un-jitted.**  When numba cannot be imported (a Python it does not support yet),
or ``ACCORD_JIT`` is ``0`` (``false``, ``no``, ``off``), the decorators return
the functions themselves and the Monte Carlo runs as plain Python: the same
numbers, much slower (one warning says so when numba is missing).
:func:`plain` gives the plain-Python run of a compiled entry point in the same
process (every compiled callee replaced by its source), which the tests compare
with the compiled one.

**Cache invalidation.**  numba's cache of a function is keyed on its own source
file's time stamp and its bytecode, not on the helpers it calls from other files.
So an entry point is written as a factory ``make(digest)`` returning the
function, which refers to ``digest`` (a closure cell, which numba's cache key
includes): ``digest`` is a SHA-256 of the source files of every compiled function
and every ``accord`` module the entry point reaches through its globals
(:func:`sources`, found by walking the globals, so a helper moved to another file
is followed).  Editing any of them makes the next run compile afresh.

**Where the cache lives.**  In ``accord/_jit/`` beside the package (numba's
``NUMBA_CACHE_DIR`` wins when it is set; where the folder is not writable,
numba's user-wide cache is used).  numba keys each entry on the source's
content, its own version and the CPU, so a cache written on the machine that
runs it is valid wherever the files move: ``pip install .`` builds the wheel
on the installing machine, and the build (``setup.py``) compiles every entry
point into the wheel's ``accord/_jit/`` (:mod:`accord.simulation.precompile`),
so the first run after an install loads compiled code instead of compiling
for a minute.  When an entry point must compile (an editable install, another
numba), one line on stderr says so, once per process.
"""

from __future__ import annotations

import hashlib
import os
import sys
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_OFF = ("0", "false", "no", "off")


def _numba() -> Any:
    if os.environ.get("ACCORD_JIT", "1").strip().lower() in _OFF:
        return None
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency; a new Python may lack it
        warnings.warn("numba cannot be imported: the Monte Carlo runs as plain Python "
                      "(the same numbers, about 1000 times slower)", RuntimeWarning,
                      stacklevel=2)
        return None
    return numba


#: numba, or None when the loops run un-jitted (read once, at import).
NUMBA = _numba()


def enabled() -> bool:
    """True when the Monte Carlo loops are compiled by numba."""
    return NUMBA is not None


def _options(nrt: bool) -> dict[str, Any]:
    opts: dict[str, Any] = {"nogil": True, "error_model": "numpy"}
    if not nrt:
        opts["_nrt"] = False  # (not in numba's type stubs)
    return opts


def inline(fn: F) -> F:
    """A helper inlined into its compiled callers (numba's ``inline="always"``)."""
    if NUMBA is None:
        return fn
    out: F = NUMBA.njit(inline="always", **_options(False))(fn)
    return out


def loop(fn: F) -> F:
    """A helper compiled into the entry points that call it (cached with them)."""
    if NUMBA is None:
        return fn
    out: F = NUMBA.njit(**_options(False))(fn)
    return out


#: Where the compiled entry points are cached (see the module doc).
CACHE = Path(__file__).resolve().parents[2] / "_jit"

#: Every entry point, in definition order (the precompile step and its test walk them).
ENTRIES: list[Entry] = []

_ANNOUNCED = False


def _cache(fn: Callable[..., Any]) -> Any:
    """numba's function cache for ``fn``, located in :data:`CACHE`."""
    from numba.core import caching

    class Locator(caching.InTreeCacheLocator):
        """numba's in-tree locator, pointed at accord's cache folder."""

        def __init__(self, py_func: Any, py_file: str) -> None:
            super().__init__(py_func, py_file)  # type: ignore[no-untyped-call]
            self._cache_path = str(CACHE)

    class Impl(caching.CompileResultCacheImpl):
        _locator_classes = [  # noqa: RUF012 - numba's own class attribute
            caching.UserProvidedCacheLocator, Locator,
            *caching.CompileResultCacheImpl._locator_classes]

    class Cache(caching.FunctionCache):
        _impl_class = Impl

    return Cache(fn)  # type: ignore[no-untyped-call]


def _announce(cache: Any) -> None:
    """Say once per process that the Monte Carlo loops compile (when ``cache`` is cold)."""
    global _ANNOUNCED
    if _ANNOUNCED:
        return
    try:
        cold = not cache._cache_file._load_index()
    except Exception:  # pragma: no cover - numba internals moved: say nothing
        return
    if cold:
        _ANNOUNCED = True
        sys.stderr.write("accord: compiling the Monte Carlo kernel for this machine, once "
                         "(about a minute); later runs load it from the cache\n")
        sys.stderr.flush()


class Entry:
    """A cached entry point: ``make(digest)`` compiled on first call (see the module doc).

    Calling it runs the compiled function (or the plain one when numba is off);
    :attr:`function` is what runs, :attr:`py_func` the plain source.
    """

    def __init__(self, make: Callable[[str], Callable[..., Any]], nrt: bool) -> None:
        self.make = make
        self.nrt = nrt
        self.py_func = make("")
        self.__name__ = self.py_func.__name__
        self.__doc__ = self.py_func.__doc__
        self._compiled: Any = None
        ENTRIES.append(self)

    @property
    def function(self) -> Callable[..., Any]:
        if NUMBA is None:
            return self.py_func
        if self._compiled is None:
            fn = self.make(digest(sources(self.py_func)))
            compiled = NUMBA.njit(**_options(self.nrt))(fn)
            compiled._cache = _cache(fn)  # numba's cache=True, in accord's folder
            _announce(compiled._cache)
            self._compiled = compiled
        out: Callable[..., Any] = self._compiled
        return out

    def __call__(self, *args: Any) -> Any:
        return self.function(*args)


def entry(*, nrt: bool = False) -> Callable[[Callable[[str], Callable[..., Any]]], Entry]:
    """Decorate a factory ``make(digest) -> function`` as a cached entry point."""
    def wrap(make: Callable[[str], Callable[..., Any]]) -> Entry:
        return Entry(make, nrt)
    return wrap


def _source(value: Any) -> Any:
    """The plain function behind a decorated one (itself if it is plain)."""
    if isinstance(value, Entry):
        return value.py_func
    return getattr(value, "py_func", value)


def _names(code: types.CodeType) -> set[str]:
    out = set(code.co_names)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out |= _names(c)
    return out


def sources(fn: Callable[..., Any]) -> list[Path]:
    """Source files of ``fn`` and of every function and ``accord`` module it reaches.

    Walks the global names of ``fn``'s code (and of the functions they name),
    following functions (compiled or not) and ``accord`` modules (whose constants
    numba freezes into the compiled code).
    """
    seen: set[Path] = set()
    todo = [_source(fn)]
    done: set[int] = set()
    while todo:
        f = todo.pop()
        if id(f) in done:
            continue
        done.add(id(f))
        seen.add(Path(f.__code__.co_filename))
        for name in _names(f.__code__):
            v = f.__globals__.get(name)
            if isinstance(v, types.ModuleType):
                if v.__name__.startswith("accord.") and getattr(v, "__file__", None):
                    seen.add(Path(v.__file__))  # type: ignore[arg-type]
                continue
            v = _source(v)
            if isinstance(v, types.FunctionType) and v.__module__.startswith("accord."):
                todo.append(v)
    return sorted(seen)


def digest(files: list[Path]) -> str:
    """SHA-256 of the files' contents, in order."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.read_bytes())
    return h.hexdigest()


_PLAIN: dict[int, types.FunctionType] = {}


def plain(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` run by the Python interpreter, with every compiled callee un-jitted too.

    A copy of the source function whose globals map each compiled function (and
    entry point) to its plain copy, so a call runs no compiled code at all.
    """
    src = _source(fn)
    key = id(src)
    if key in _PLAIN:
        return _PLAIN[key]
    g = dict(src.__globals__)
    out = types.FunctionType(src.__code__, g, src.__name__, src.__defaults__, src.__closure__)
    _PLAIN[key] = out
    for name in _names(src.__code__):
        v = g.get(name)
        if isinstance(v, Entry) or hasattr(v, "py_func"):
            g[name] = plain(v)  # type: ignore[arg-type]
    return out
