"""Word list labels: the "1.", "a)", "•" Word prints before a list paragraph, computed from numbering.xml.

Instances (``w:num``) of one abstract definition share their counters, as in Word, unless the instance
restarts them (``w:startOverride``); numbering a level restarts the levels below it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

from extractors.readers.marks import counter, is_private, symbol

_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int
    style: str  # numFmt: decimal, lowerLetter, bullet, none...
    template: str  # lvlText
    font: str | None  # the label's font (a bullet's Symbol or Wingdings)
    restart: int | None  # lvlRestart: restarted only after this level (1-based) or shallower; 0 never


def val(node, tag: str) -> str | None:
    """The ``w:val`` of ``node``'s child ``tag`` (a WordprocessingML property), None when absent."""
    child = node.find(qn(tag)) if node is not None else None
    return None if child is None else child.get(qn("w:val"))


def _levels(parent) -> dict[int, _Level]:
    out: dict[int, _Level] = {}
    for lvl in parent.iter(qn("w:lvl")):
        fonts = lvl.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        restart = val(lvl, "w:lvlRestart")
        out[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
            start=int(val(lvl, "w:start") or 1), style=val(lvl, "w:numFmt") or "decimal",
            template=val(lvl, "w:lvlText") or "", font=None if fonts is None else fonts.get(qn("w:ascii")),
            restart=None if restart is None else int(restart))
    return out


class Numbering:
    """The list definitions of one document and the running counters of its lists, in reading order."""

    def __init__(self, root, style_lists: dict[str, str]) -> None:
        """``root`` is numbering.xml's root (or None); ``style_lists`` maps a list style's id to its numId."""
        abstract = {node.get(qn("w:abstractNumId")): node for node in
                    (root.iterchildren(qn("w:abstractNum")) if root is not None else ())}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, restarted levels)
        for num in (root.iterchildren(qn("w:num")) if root is not None else ()):
            starts = {int(o.get(qn("w:ilvl"), "0")): int(val(o, "w:startOverride"))
                      for o in num.iterchildren(qn("w:lvlOverride")) if val(o, "w:startOverride") is not None}
            self._nums[num.get(qn("w:numId"))] = (val(num, "w:abstractNumId") or "", starts)
        self._levels: dict[str, dict[int, _Level]] = {}
        for key, node in abstract.items():
            link = val(node, "w:numStyleLink")  # the definition lives with a list style
            if link in style_lists and style_lists[link] in self._nums:
                node = abstract.get(self._nums[style_lists[link]][0], node)
            self._levels[key] = _levels(node)
        self._counts: dict[tuple[str, str], dict[int, int]] = {}  # by list instance or shared definition

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label of the next paragraph at this list and level (counters advance); None if not a list."""
        if num_id not in self._nums:
            return None
        abstract, starts = self._nums[num_id]
        levels = self._levels.get(abstract, {})
        if ilvl not in levels:
            return None
        counts = self._counts.setdefault(("num", num_id) if starts else ("abstract", abstract), {})
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else starts.get(ilvl, levels[ilvl].start)
        for deeper in [k for k in counts if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if ilvl < (deeper if restart is None else restart):
                del counts[deeper]
        level = levels[ilvl]
        if level.style == "bullet":
            mark = symbol(level.font, level.template)
            return "•" if not mark.strip() or is_private(mark) else mark
        return _PLACEHOLDER.sub(lambda m: self._number(counts, levels, starts, int(m.group(1)) - 1), level.template)

    @staticmethod
    def _number(counts: dict[int, int], levels: dict[int, _Level], starts: dict[int, int], k: int) -> str:
        if k not in levels:
            return ""
        return counter(counts.get(k, starts.get(k, levels[k].start)), levels[k].style)
