"""How many worker processes extract a batch: never so many that the batch is slower than in one.

A worker costs its start (a fork, then its own first import of each reader it needs) and the CPU time
of those imports again; it pays back only with files enough to keep it busy and a core free to run it.
On a machine busy with other work, more workers than idle cores take turns on the same cores and add
only their start.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from extractors.settings import SETTINGS, Settings


def available_cores() -> int:
    """Processors this process may run on: its CPU affinity, within a cgroup's CPU quota if one is set."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max") as limit:
            quota, period = limit.read().split()
    except (OSError, ValueError):
        return cores
    return cores if quota == "max" else max(1, min(cores, int(quota) // int(period)))


def idle_cores() -> int:
    """Of :func:`available_cores`, those the machine's other work leaves idle, by the last minute's load
    (which counts this process: the one running now), as a share of the machine's processors."""
    cores = available_cores()
    try:
        load = os.getloadavg()[0]
    except OSError:
        return cores
    busy = min(1.0, max(0.0, load - 1) / (os.cpu_count() or 1))
    return max(1, round(cores * (1 - busy)))


def worker_count(sizes: Sequence[int], workers: int = 0, settings: Settings = SETTINGS) -> int:
    """Processes for files of these sizes (bytes): ``workers`` if given (never more than files), else chosen.

    Chosen (``workers`` 0): one per idle core, one per file at most, and one per ``settings.worker_bytes``
    of input beyond the first, so a small batch runs in one process.
    """
    if workers:
        return max(1, min(workers, len(sizes)))
    return max(1, min(idle_cores(), len(sizes), 1 + sum(sizes) // settings.worker_bytes))
