"""Imports the command modules that register themselves on the ``accord`` app.

Each further command lives in its own module under ``accord.cli`` and does
``from accord.cli.app import app`` then ``@app.command()``; list it here.
"""
from accord.cli import chart as _chart  # noqa: F401
from accord.cli import compare as _compare  # noqa: F401
from accord.cli import design as _design  # noqa: F401
from accord.cli import library as _library  # noqa: F401
from accord.cli import report as _report  # noqa: F401
from accord.cli import simulate as _simulate  # noqa: F401
from accord.cli import sweep as _sweep  # noqa: F401
from accord.cli import verify as _verify  # noqa: F401
from accord.cli.app import app as _app
from accord.cli.serve import serve as _serve_fn

_app.command("serve")(_serve_fn)
