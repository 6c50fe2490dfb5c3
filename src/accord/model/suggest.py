""""Did you mean": the choice a misspelt name was probably meant to be.

>>> closest("us", ["DPRK", "US"]), closest("frez", ["freeze", "relief"])
('US', 'freeze')
>>> suggest("Dprk", ["DPRK", "US"])
" (did you mean 'DPRK'?)"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "closest_few", "suggest"]


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
