"""Areas as the land administration reports them: square metres, rounded half-up to 0.01 m²."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, List, Optional

import numpy as np

MU_PER_M2 = Decimal("0.0015")
_QUANTA = {2: Decimal("0.01")}  # 1 亩 = 666.67 m²; the land administration converts with 0.0015


def round_half_up(value: Optional[float], places: int = 2) -> Optional[float]:
    """Round half-up to ``places`` decimals (5 rounds away from zero), as legal area figures are.

    Python's round() rounds half to even and works on the binary value (round(0.125, 2) == 0.12); going through
    the shortest decimal repr of the float gives the figure a person reading the number expects.
    """
    if value is None:
        return None
    value = float(value)
    if places == 2 and math.isfinite(value):
        # Fast path, same answer: away from a tie the binary value rounds like its decimal repr, and n / 100 is the
        # float nearest to the decimal n/100 (IEEE division is correctly rounded). Near a tie (within far more
        # than the float error of value * 100), the decimal way decides. 10⁵ areas per check made this matter.
        scaled = abs(value) * 100.0
        whole = math.floor(scaled)
        rest = scaled - whole
        if abs(rest - 0.5) > 1e-9 + scaled * 1e-13 and scaled < 2.0**52:
            return math.copysign((whole + (rest > 0.5)) / 100.0, value)
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def round_half_up_all(values) -> List[float]:
    """``round_half_up`` of many values at once (the same answers): the float shortcut in numpy, the decimal way
    for the values near a tie."""
    x = np.asarray(values, dtype=float).reshape(-1)
    scaled = np.abs(x) * 100.0
    whole = np.floor(scaled)
    rest = scaled - whole
    with np.errstate(invalid="ignore"):
        fast = np.isfinite(x) & (np.abs(rest - 0.5) > 1e-9 + scaled * 1e-13) & (scaled < 2.0**52)
        result = np.copysign((whole + (rest > 0.5)) / 100.0, x).tolist()
    for k in np.flatnonzero(~fast).tolist():
        result[k] = round_half_up(float(x[k]))
    return result


def to_mu(m2: Optional[float]) -> Optional[float]:
    """Square metres to 亩 (× 0.0015), rounded half-up to 4 decimals."""
    if m2 is None:
        return None
    return float((Decimal(repr(float(m2))) * MU_PER_M2).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def rounded_total(parts: Iterable[Optional[float]]) -> float:
    """Total of already-rounded parts, summed exactly in decimal so that the total equals the sum printed."""
    total = sum((Decimal(repr(float(p))) for p in parts if p is not None), Decimal(0))
    return float(total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
