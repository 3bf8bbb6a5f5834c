"""How many worker processes extract a batch: never so many that the batch is slower than in one.

A worker costs its start (a fork, then its own first import of each reader it needs) and the CPU time
of those imports again; it pays back only with files enough to keep it busy and a core free to run it.
On a machine busy with other work, more workers than idle cores take turns on the same cores and add
only their start.
"""

from __future__ import annotations

import os
import time
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


def idle_cores(settings: Settings = SETTINGS) -> int:
    """Of :func:`available_cores`, those the machine's other work leaves idle now: the idle share of all its
    processors over ``settings.idle_sample_seconds`` (this process sleeping meanwhile), from /proc/stat."""
    cores = available_cores()
    first = _cpu_times()
    if first is None:
        return cores
    time.sleep(settings.idle_sample_seconds)
    second = _cpu_times()
    if second is None:
        return cores
    spent = [b - a for a, b in zip(first, second)]
    if sum(spent) <= 0:
        return cores
    idle = (spent[3] + spent[4]) / sum(spent)  # idle and iowait
    return max(1, min(cores, round(idle * (os.cpu_count() or 1))))


def _cpu_times() -> list[int] | None:
    """The machine's CPU time so far (user, nice, system, idle, iowait, ...), in clock ticks; None off Linux."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    return [int(n) for n in fields[1:]] if fields[:1] == ["cpu"] and len(fields) > 5 else None


def worker_count(sizes: Sequence[int], workers: int = 0, settings: Settings = SETTINGS) -> int:
    """Processes for files of these sizes (bytes): ``workers`` if given (never more than files), else chosen.

    Chosen (``workers`` 0): one per file at most, and one per ``settings.worker_bytes`` of input beyond the
    first, so a small batch runs in one process; a larger one gets one per idle core.
    """
    if workers:
        return max(1, min(workers, len(sizes)))
    wanted = min(len(sizes), 1 + sum(sizes) // settings.worker_bytes)
    return 1 if wanted == 1 else max(1, min(wanted, idle_cores(settings)))
