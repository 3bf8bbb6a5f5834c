"""How many worker processes a batch gets (pipeline.workers), on this machine's real cores and load."""

from __future__ import annotations

import os

from extractors.settings import Settings
from pipeline.workers import available_cores, idle_cores, worker_count


def test_cores_are_those_this_process_may_use() -> None:
    assert 1 <= idle_cores() <= available_cores() <= (os.cpu_count() or 1)
    assert available_cores() <= len(os.sched_getaffinity(0))


def test_asked_for_workers_are_given_up_to_one_per_file() -> None:
    assert worker_count([10] * 5, workers=3) == 3
    assert worker_count([10] * 2, workers=8) == 2


def test_a_small_batch_is_read_in_one_process() -> None:
    settings = Settings(worker_bytes=1000)
    assert worker_count([100] * 9, settings=settings) == 1  # 900 bytes: one worker's worth
    assert worker_count([5000], settings=settings) == 1  # one file: one process, however large


def test_a_large_batch_gets_at_most_a_worker_per_core() -> None:
    settings = Settings(worker_bytes=1000)
    assert 1 <= worker_count([1000] * 64, settings=settings) <= available_cores()
    assert 1 <= worker_count([1000, 1000], settings=settings) <= min(2, available_cores())
