"""The process's long-lived objects kept out of the garbage collector's full sweeps.

A full (oldest-generation) collection walks every object the collector tracks and holds the
GIL meanwhile, so every thread of the process stops. In a server most tracked objects are the
long-lived ones made at start-up (modules, the app, SQLAlchemy's tables and compiled
statements, the policy book), and walking them finds nothing to free. Frozen, they are left
out: the bench's open-loop run at 100 requests/s had a p99 of 173 ms from these pauses and
30 ms without them (benchmarks/authorize/README.md, round 5).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived_frozen() -> Iterator[None]:
    """Collect what is garbage now, then freeze everything still alive until the block ends
    (then it is collectable again: a process may live on after, a test process surely does)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
