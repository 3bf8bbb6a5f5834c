"""python -m tests.plan_generator: write generated plans with their gold files.

    python -m tests.plan_generator --seed N --out tests/generated/seed-N [--count K] [--formats a,b]
    python -m tests.plan_generator --invariance --seed N --out tests/generated/invariance-N
    python -m tests.plan_generator --versions 2 --seed N --out DIR [--formats tab,docx,xlsx]
    python -m tests.plan_generator --v1 --seed N --out tests/corpus/seed-N [--per-layout K] [--layouts a,b]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from . import LAYOUTS
from .v2.plan import FORMATS, OPT_IN_FORMATS


def _subset(parser: argparse.ArgumentParser, value: str, known: tuple[str, ...], what: str) -> list[str]:
    chosen = [x for x in value.split(",") if x]
    unknown = set(chosen) - set(known)
    if unknown:
        parser.error(f"unknown {what}: {', '.join(sorted(unknown))}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.plan_generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=16, help="v2: documents to write (default 16: every format "
                                                              "once, then random formats)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="v2: comma-separated subset of "
                                                                     + ",".join(FORMATS + OPT_IN_FORMATS))
    parser.add_argument("--invariance", action="store_true",
                        help="v2: one plan in each of the formats that can show all of it, with identical gold")
    parser.add_argument("--versions", type=int, default=0,
                        help="v2: one plan per format and its later versions (RAG moved on, an action added, one "
                             "closed, one edited), each action's uid in the gold")
    parser.add_argument("--v1", action="store_true", help="the v1 generator's six fixed layouts (tests/corpus)")
    parser.add_argument("--per-layout", type=int, default=1, help="v1: documents per layout (default 1)")
    parser.add_argument("--layouts", default=",".join(LAYOUTS), help="v1: comma-separated subset of "
                                                                     + ",".join(LAYOUTS))
    args = parser.parse_args(argv)
    if args.v1:
        from .v1 import generate as generate_v1

        generate_v1(args.seed, args.out, args.per_layout, _subset(parser, args.layouts, LAYOUTS, "layouts"))
        return 0
    from .v2.build import generate, generate_invariance, generate_versions

    formats = _subset(parser, args.formats, FORMATS + OPT_IN_FORMATS, "formats")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.versions:
            generate_versions(args.seed, args.out, Path(tmp), formats, args.versions)
        elif args.invariance:
            generate_invariance(args.seed, args.out, Path(tmp))
        else:
            generate(args.seed, args.out, Path(tmp), args.count, formats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
