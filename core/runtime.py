"""How long work treats Python's own machinery."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block, back on after it (if it was on before).

    A check builds about a million short-lived objects (geometries, pairs, values) and no reference cycles:
    they are freed by their reference counts all the same, but every few thousand allocations the collector
    walks the objects alive, and with a million of them that walk was a tenth of the check's time.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
