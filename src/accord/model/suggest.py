""""Did you mean": the choice a misspelt name was probably meant to be.

>>> closest("us", ["DPRK", "US"]), closest("frez", ["freeze", "relief"])
('US', 'freeze')
>>> suggest("Dprk", ["DPRK", "US"])
" (did you mean 'DPRK'?)"
>>> unknown("party", "USA", ["US", "DPRK"])
"unknown party 'USA' (did you mean 'US'?); the parties are 'DPRK', 'US'"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "closest_few", "suggest", "unknown", "valid"]

#: How many valid ids a message lists before it says how many there are.
LISTED = 12


def closest(name: str, choices: Iterable[str]) -> str | None:
    """The choice ``name`` was probably meant to be: same letters in another case, or close."""
    options = list(choices)
    folded = {c.casefold(): c for c in reversed(options)}
    if name.casefold() in folded:
        return folded[name.casefold()]
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def closest_few(name: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` choices close to ``name``, closest first (case ignored)."""
    options = list(choices)
    folded = {c.casefold(): c for c in reversed(options)}
    if name.casefold() in folded:
        return [folded[name.casefold()]]
    return [folded[c] for c in difflib.get_close_matches(name.casefold(), list(folded), n=n,
                                                         cutoff=0.6)]


def suggest(name: str, choices: Iterable[str]) -> str:
    """``" (did you mean 'US'?)"`` when a close match exists, else ``""``."""
    close = closest(name, choices)
    return f" (did you mean {close!r}?)" if close is not None else ""


def _plural(what: str) -> str:
    return what[:-1] + "ies" if what.endswith("y") else what + "s"


def valid(what: str, choices: Iterable[str]) -> str:
    """``"the parties are 'DPRK', 'US'"``: the valid ids, sorted, at most :data:`LISTED`."""
    ids = sorted(set(choices))
    if not ids:
        return f"the file defines no {_plural(what)}"
    shown = ", ".join(repr(c) for c in ids[:LISTED])
    more = f", ... ({len(ids)} in all)" if len(ids) > LISTED else ""
    if len(ids) == 1:
        return f"the only {what} is {shown}"
    return f"the {_plural(what)} are {shown}{more}"


def unknown(what: str, name: str, choices: Iterable[str]) -> str:
    """The message for a reference to an id that does not exist: closest, then valid ids."""
    options = list(choices)
    return f"unknown {what} {name!r}{suggest(name, options)}; {valid(what, options)}"
