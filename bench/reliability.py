"""Batch reliability: one ``actionplans ingest`` over a seeded folder of bad inputs (tests/bad_inputs.py).

    python -m bench.reliability [--seed 1] [--count 1100] [--heavy] [--work DIR] [--timed]

Prints the wall time, the peak memory of the whole process tree (the main process and its
workers, sampled), the result lines per input, the failures by cause (the run's own summary),
tracebacks, whether every good file was stored and whether the database passes
``integrity_check``. ``--timed`` also runs ``actionplans extract`` on each heavy file alone and
prints its time (each must end within 60 s). The exit code is 1 if a check fails.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bad_inputs import HEAVY, expected_lines, generate

COMMAND = [sys.executable, "-c", "from pipeline.cli import app; app()"]  # the code of the current directory


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total


def run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, int, str, str, int]:
    """Wall seconds, peak tree memory, stdout, stderr and exit code of ``command``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.2)
        seconds = time.monotonic() - start
        out.seek(0), err.seek(0)
        return seconds, peak, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), process.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1100)
    parser.add_argument("--heavy", action="store_true", help="add the heavy inputs (a million tabs, 10,000 pages ...)")
    parser.add_argument("--timed", action="store_true", help="time each heavy input alone too")
    parser.add_argument("--code", type=Path, default=Path.cwd(), help="run the actionplans code of this checkout")
    parser.add_argument("--work", type=Path, help="folder for the inputs and the database (default: a temp dir)")
    args = parser.parse_args()
    work = (args.work or Path(tempfile.mkdtemp(prefix="reliability-"))).resolve()
    manifest = generate(work, args.seed, args.count, args.heavy)
    db = work / "bench.db"
    seconds, peak, stdout, stderr, code = run([*COMMAND, "ingest", str(work / "inputs"), "--db", f"sqlite:///{db}"],
                                              dict(os.environ), args.code)
    (work / "ingest.out").write_text(stdout + "\n--- stderr\n" + stderr)
    lines = [line for line in (stdout + stderr).splitlines() if line.split(" ", 1)[0] in
             ("added", "replaced", "unchanged", "error")]
    summary = next((line for line in stdout.splitlines() if " files: " in line), "(no summary)")
    with sqlite3.connect(db) as conn:
        integrity = conn.execute("pragma integrity_check").fetchone()[0]
        stored = {row[0] for row in conn.execute("select path from document_sources")}
    good = [name for name, kind in manifest.items() if kind.endswith("good")]
    alone = work / "good-alone.db"  # what a batch of the good files alone stores: the batch must store it too
    run([*COMMAND, "ingest", *(str(work / "inputs" / os.fsdecode(n)) for n in good), "--db", f"sqlite:///{alone}"],
        dict(os.environ), args.code)
    with sqlite3.connect(alone) as conn:
        expected = {row[0] for row in conn.execute("select path from document_sources")}
    missing = sorted(expected - stored)
    checks = {
        "one line per input": len(lines) == expected_lines(manifest),
        "no traceback": "Traceback" not in stdout + stderr,
        "peak memory < 2 GB": peak < 2 << 30,
        "every good file stored": not missing,
        "integrity_check ok": integrity == "ok",
    }
    print(f"{len(manifest)} inputs ({len(good)} good, {len(expected)} stored alone): "
          f"{seconds:.0f} s, peak memory {peak / 2**20:.0f} MB, exit code {code}")
    print(f"result lines {len(lines)} of {expected_lines(manifest)} expected; {summary}")
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    for name in missing[:10]:
        print(f"  not stored: {name}")
    if args.timed:
        for kind in HEAVY:
            path = next(p for p in (work / "inputs").iterdir() if p.name.startswith(kind))
            took, memory, _, err, _ = run([*COMMAND, "extract", str(path), "-j", "1"], dict(os.environ), args.code)
            checks[kind] = took < 60
            print(f"  {kind}: {took:.1f} s, {memory / 2**20:.0f} MB: {err.strip().splitlines()[-1][:150] if err.strip() else 'ok'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
