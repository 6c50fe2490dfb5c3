"""A value as YAML would show it, for messages.

>>> show_value(None), show_value(True), show_value(float("inf")), show_value("x")
('null', 'true', '.inf', "'x'")
"""

from __future__ import annotations

import math

__all__ = ["show_value"]


def show_value(x: object, limit: int = 60) -> str:
    """A value as YAML would show it, shortened: ``null``, ``true``, ``.inf``, ``'text'``."""
    if x is None:
        out = "null"
    elif isinstance(x, bool):
        out = "true" if x else "false"
    elif isinstance(x, float):
        out = (".nan" if math.isnan(x) else ".inf" if x > 0 else "-.inf") if not math.isfinite(
            x) else repr(x)
    elif isinstance(x, int):
        digits = int(x.bit_length() * 0.30103)
        out = str(x) if digits < 30 else f"an integer of about {digits} digits"
    elif isinstance(x, str):
        out = repr(x)
    elif isinstance(x, list | tuple):
        out = "[" + ", ".join(show_value(v, limit) for v in x) + "]"
    elif isinstance(x, dict):
        out = "{" + ", ".join(f"{k}: {show_value(v, limit)}" for k, v in x.items()) + "}"
    else:
        out = repr(x)
    out = " ".join(out.split())  # one line
    return out if len(out) <= limit else out[: limit - 3] + "..."
