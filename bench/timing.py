"""Timing shared by the benchmarks."""

from __future__ import annotations

import statistics
import time


def timed(fn, repeat: int) -> float:
    """Median wall time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
