"""The bundled scenario library: real agreements, proposals and designed road maps.

>>> from accord import library
>>> "hanoi-2019-dprk-offer" in library.names()
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from accord.io.loader import read
from accord.model import Scenario

if TYPE_CHECKING:
    import pandas as pd

PACKAGE = "accord.library"
FOLDER = "scenarios"


def names() -> list[str]:
    """Names of the bundled scenarios, sorted."""
    root = resources.files(PACKAGE).joinpath(FOLDER)
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir()
                  if p.name.endswith(".yaml"))


def path(name: str) -> Path:
    """File of the bundled scenario ``name`` (KeyError if there is none)."""
    ref = resources.files(PACKAGE).joinpath(FOLDER, f"{name.removesuffix('.yaml')}.yaml")
    if not ref.is_file():
        raise KeyError(f"no bundled scenario {name!r}; see accord.library.names()")
    return Path(str(ref))


def load(name: str) -> Scenario:
    """Load the bundled scenario ``name``."""
    return read(path(name)).scenario


def _observed_summary(s: Scenario) -> str:
    o = s.observed
    if o is None:
        return ""
    if o.breaking_step is None and o.first_defector is None:
        return "held" if o.carried_out else "not carried out"
    who = o.first_defector or "no one"
    when = f" {o.broke_on}" if o.broke_on else ""
    contested = " (contested)" if o.contested else ""
    return f"broke{when}: {who} first{contested}"


def scenarios() -> pd.DataFrame:
    """One row per bundled scenario: name, title, parties, years, moves, observed outcome."""
    import pandas as pd

    rows = []
    for name in names():
        s = load(name)
        rows.append({
            "name": name, "title": s.title, "parties": ", ".join(s.party_ids),
            "years": f"{s.years[0]}-{s.years[1]}" if s.years else "",
            "moves": len(s.moves), "steps": len(s.steps),
            "observed": _observed_summary(s),
        })
    return pd.DataFrame(rows, columns=["name", "title", "parties", "years", "moves", "steps",
                                       "observed"])
