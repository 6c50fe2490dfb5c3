"""Verification plan: per verified step, the detection the engine requires next to what
the design delivers, and the smallest design that deters the cheat."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from accord.report.text import plain, title
from accord.verification.sampling import minimum_sample

if TYPE_CHECKING:
    from accord.analysis import Analysis


def repetitions_needed(detection: float, required: float) -> int | None:
    """Smallest ``k`` with ``1 - (1 - d)^k >= p*``: independent repeats of the planned check.

    ``None`` when no number of repeats reaches ``p*`` (``p* > 1``, or ``d = 0 < p*``).
    """
    if required <= 0:
        return 0
    if required > 1 or detection <= 0:
        return None
    if detection >= 1:
        return 1
    if required >= 1:
        return None
    k = math.ceil(math.log1p(-required) / math.log1p(-detection))
    while k > 1 and 1 - (1 - detection) ** (k - 1) >= required:
        k -= 1
    while 1 - (1 - detection) ** k < required:
        k += 1
    return max(k, 1)


def plan(a: Analysis) -> list[dict[str, Any]]:
    """One row per verified step of the road map."""
    rows = []
    for c in a.cheats:
        step = a.scenario.step(c["step"])
        v = step.verification
        assert v is not None
        req = c["required_detection"]
        row: dict[str, Any] = {**c, "design": None, "smallest_sample": None,
                               "repetitions": None}
        if v.sampling is not None:
            smp = v.sampling
            row["design"] = {"population": smp.population, "sample": smp.sample,
                             "falsified": smp.falsified}
            if req is not None and req <= 1:
                row["smallest_sample"] = minimum_sample(smp.population, smp.falsified, req)
        elif req is not None:
            row["repetitions"] = repetitions_needed(c["detection"], req)
        rows.append(row)
    return rows


def plan_table(a: Analysis) -> Table:
    """The ``accord verify`` table."""
    t = Table(title=title(f"Verification: {a.scenario.title}"),
              caption="required > 1 or 'never': no verification deters the cheat; "
                      "sample: smallest attribute sample that deters; repeats: independent "
                      "repetitions of the planned check that deter")
    # the step, party and design columns fold on a narrow terminal; numbers never do
    t.add_column("step", overflow="fold", ratio=2, min_width=8)
    t.add_column("point", no_wrap=True, justify="right")
    t.add_column("party", overflow="fold", min_width=4)
    for col in ("required", "planned", "ok"):
        t.add_column(col, no_wrap=True, justify="right" if col != "ok" else "left")
    t.add_column("design", overflow="fold", ratio=1, min_width=7)
    t.add_column("to deter", no_wrap=True)
    for r in plan(a):
        req = r["required_detection"]
        design = r["design"]
        need = (r["smallest_sample"] if design else r["repetitions"])
        t.add_row(plain(r["step"]), str(r["point"]), plain(r["party"]),
                  "never" if req is None else f"{req:.3f}", f"{r['detection']:.3f}",
                  "yes" if r["deterred"] else Text("no", style="red"),
                  (f"n={design['sample']} of N={design['population']}, r={design['falsified']}"
                   if design else "given p"),
                  "impossible" if need is None else
                  (f"n >= {need}" if design else f"{need} repeat{'' if need == 1 else 's'}"))
    return t
