"""Plan versions: which stored plans of one authority are versions of one plan, and each action's thread.

Councils publish a plan, then updated versions (RAG moved on, actions added or closed). Plans of one
authority are taken in order (:func:`earlier`: year, then printed version number, then date); one joins the
series of an earlier plan when they share most recommendations (or, with none to compare, when their titles agree once years and version numbers are left
out). Across consecutive versions actions are matched as re-extraction matches them (:func:`pipeline.keys.match`):
a matched action continues its predecessor's thread (the key it had when first tracked); an unmatched one is
"added", or "split" when it is a piece of an action that continued elsewhere; an action that continues one and
swallowed another is "merged". A thread absent from a later version was closed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cmp_to_key

from rapidfuzz import fuzz

from pipeline.keys import SAME_RECOMMENDATION, Item, match, normalised, part_of

SHARED_RECOMMENDATIONS = 0.5  # share of the smaller plan's recommendations the other has too: one plan's versions
SAME_TITLE = 90  # similarity of two titles (years and version numbers left out) that makes them one plan's
_NUMBER = re.compile(r"\d+")
_DATED = re.compile(r"\b(?:version|v|issue|draft|update[ds]?)\b|\d+", re.I)


@dataclass(frozen=True)
class Lineage:
    thread: str
    change: str  # first | kept | edited | added | split | merged
    previous: tuple[str, ...] = ()  # the other threads a split or merged action came from


@dataclass
class Version:
    """A stored plan as lineage sees it: actions as (key, item) in document order."""

    id: int
    sha256: str
    date: date | None  # as printed
    year: int | None
    version: str | None  # as printed: "3", "2.1"
    title: str | None
    recommendations: list[str]
    actions: list[tuple[str, Item]] = field(default_factory=list)


def _shared(a: Version, b: Version) -> float:
    mine, theirs = [normalised(r) for r in a.recommendations], [normalised(r) for r in b.recommendations]
    if not mine or not theirs:
        return 0.0
    found = sum(any(fuzz.ratio(m, t) >= SAME_RECOMMENDATION for t in theirs) for m in mine)
    return found / min(len(mine), len(theirs))


def _same_title(a: Version, b: Version) -> bool:
    left, right = (normalised(_DATED.sub(" ", v.title or "")) for v in (a, b))
    return bool(left) and fuzz.ratio(left, right) >= SAME_TITLE


def _number(v: Version) -> int | None:
    found = _NUMBER.search(v.version or "")
    return int(found.group()) if found else None


def earlier(a: Version, b: Version) -> int:
    """Which of two plans came first: by year; by printed version numbers; by dates; else the one printing no
    version (an original rarely prints "Version 1", its updates print theirs); else by sha256 (any, but fixed)."""
    years = (a.date.year if a.date else a.year, b.date.year if b.date else b.year)
    numbers = (_number(a), _number(b))
    for left, right in (years, numbers, (a.date, b.date)):
        if left is not None and right is not None and left != right:
            return -1 if left < right else 1
    if (numbers[0] is None) != (numbers[1] is None):
        return -1 if numbers[0] is None else 1
    return -1 if a.sha256 < b.sha256 else 1 if a.sha256 > b.sha256 else 0


def series(versions: Sequence[Version]) -> list[list[Version]]:
    """The plans grouped into series, each in order (:func:`earlier`); a plan joins the closest earlier one."""
    groups: list[list[Version]] = []
    for v in sorted(versions, key=cmp_to_key(earlier)):
        scores = [(_shared(v, g[-1]), i) for i, g in enumerate(groups)]
        best = max(scores, default=(0.0, -1))
        if best[0] < SHARED_RECOMMENDATIONS:
            titled = [i for i, g in enumerate(groups) if not (v.recommendations and g[-1].recommendations)
                      and _same_title(v, g[-1])]
            best = (1.0, titled[-1]) if titled else best
        if best[0] >= SHARED_RECOMMENDATIONS:
            groups[best[1]].append(v)
        else:
            groups.append([v])
    return groups


def threads(versions: Sequence[Version]) -> dict[str, Lineage]:
    """Each action's lineage (by its key) across one series' versions, in order."""
    out: dict[str, Lineage] = {}
    for before, after in zip([None, *versions[:-1]], versions):
        if before is None:
            out.update((key, Lineage(key, "first")) for key, _ in after.actions)
            continue
        old, new = [i for _, i in before.actions], [i for _, i in after.actions]
        thread = [out[key].thread for key, _ in before.actions]
        matched = match(old, new)
        continued = set(matched.values())
        for j, i in sorted(matched.items()):  # continued, swallowing any unmatched action it holds
            swallowed = [o for o in range(len(old)) if o not in continued and part_of(old[o], new[j])]
            continued |= set(swallowed)
            same = normalised(old[i].text) == normalised(new[j].text)
            change = "merged" if swallowed else "kept" if same else "edited"
            out[after.actions[j][0]] = Lineage(thread[i], change, tuple(thread[o] for o in swallowed))
        for j, (key, item) in enumerate(after.actions):
            if j in matched:
                continue
            parts = [i for i in range(len(old)) if part_of(old[i], item)]
            free = [i for i in parts if i not in continued]
            continued |= set(free)
            if len(free) > 1:  # several earlier actions in one
                out[key] = Lineage(thread[free[0]], "merged", tuple(thread[i] for i in free[1:]))
            elif free:  # the first piece of an earlier action goes on with its thread
                out[key] = Lineage(thread[free[0]], "split")
            else:  # another piece of one that went on, or a new action
                out[key] = Lineage(key, "split" if parts else "added", tuple(thread[i] for i in parts[:1]))
    return out
