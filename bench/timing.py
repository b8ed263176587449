"""Timing helpers shared by the benchmarks: wall and CPU time of one action, and a summary of
many (median, quartiles, CPU median) in milliseconds."""
from __future__ import annotations

import statistics
import time


def timed(action) -> tuple[float, float]:
    """Wall time and the process's CPU time (all threads), in seconds."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def summarise(samples: list[tuple[float, float]]) -> dict:
    q1, q2, q3 = statistics.quantiles([wall for wall, _ in samples], n=4, method="inclusive")
    cpu = statistics.median(c for _, c in samples)
    return {"median_ms": round(q2 * 1000, 2), "q1_ms": round(q1 * 1000, 2), "q3_ms": round(q3 * 1000, 2),
            "iqr_ms": round((q3 - q1) * 1000, 2), "cpu_median_ms": round(cpu * 1000, 2), "runs": len(samples)}
