"""A small CSS reader: the declarations of an HTML element from its page's simple rules and its own style.

Only rules whose selectors are a tag and/or classes (``td``, ``.red``, ``td.rag.red``) decide what a
plan's table draws; combinators, pseudo-classes and @media blocks are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.readers import colours

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_AT_RULE = re.compile(r"@[^{};]*(?:;|\{(?:[^{}]*\{[^{}]*\})*[^{}]*\})")  # @media {...}, @import ...;
_RULE = re.compile(r"(?<![^{}])([^{}]+)\{([^{}]*)\}")  # from a brace (or the start) only: a rule starts there
_SELECTOR = re.compile(r"^([a-z][a-z0-9]*|\*)?((?:\.[\w-]+)*)$", re.IGNORECASE)
_IMPORTANT = re.compile(r"(?<!\s)\s*!important\s*$", re.IGNORECASE)
_BARE_TOKEN = r"#[0-9a-f]+|[a-z]+"
_COLOUR_TOKEN = re.compile(rf"[a-z]+\([^)]*\)|{_BARE_TOKEN}", re.IGNORECASE)
_BARE = re.compile(_BARE_TOKEN, re.IGNORECASE)


def declarations(text: str) -> dict[str, str]:
    """``"color: red; background: #fff"`` as {"color": "red", "background": "#fff"}."""
    pairs = (part.partition(":") for part in text.split(";"))
    return {name.strip().lower(): _IMPORTANT.sub("", value.strip()) for name, colon, value in pairs
            if colon and name.strip()}


@dataclass(frozen=True)
class _Rule:
    tag: str | None
    classes: frozenset[str]
    body: dict[str, str]

    @property
    def specificity(self) -> tuple[int, int]:
        return len(self.classes), int(self.tag is not None)


class StyleSheet:
    """The simple rules of a page's ``<style>`` elements."""

    def __init__(self, text: str) -> None:
        rules: list[_Rule] = []
        for selectors, body in _RULE.findall(_AT_RULE.sub("", _COMMENT.sub("", text))):
            parsed = declarations(body)
            for selector in selectors.split(","):
                match = _SELECTOR.match(selector.strip())
                if match and selector.strip():
                    tag = match.group(1).lower() if match.group(1) not in (None, "*") else None
                    classes = frozenset(c for c in match.group(2).split(".") if c)
                    rules.append(_Rule(tag, classes, parsed))
        self.rules = sorted(rules, key=lambda rule: rule.specificity)  # a stable sort keeps source order

    def style(self, element) -> dict[str, str]:
        """The declarations that apply to ``element`` (an lxml.html element)."""
        classes = set((element.get("class") or "").split())
        out: dict[str, str] = {}
        for rule in self.rules:
            if (rule.tag is None or rule.tag == element.tag) and rule.classes <= classes:
                out.update(rule.body)
        out.update(declarations(element.get("style") or ""))
        return out


def _colour_tokens(value: str) -> list[str]:
    """Words, hex and ``rgb(...)`` calls of a value; past its last ")" no call can close, so none is tried there
    (each "a(" would be tried to the end: quadratic)."""
    cut = value.rfind(")") + 1
    return _COLOUR_TOKEN.findall(value[:cut]) + _BARE.findall(value[cut:])


def background(style: dict[str, str], bgcolor: str | None = None) -> str | None:
    """The background colour painted ("RRGGBB"): background-color, the background shorthand, else the
    legacy ``bgcolor`` attribute (which browsers also take as bare hex)."""
    value = style.get("background-color") or style.get("background") or ""
    for token in [value, *_colour_tokens(value)]:
        if colour := colours.css(token):
            return colour
    return colours.css(bgcolor or "") or colours.hex6(bgcolor)


def hidden(style: dict[str, str]) -> bool:
    return style.get("display") == "none" or style.get("visibility") == "hidden"


def bold(style: dict[str, str], inherited: bool) -> bool:
    """Whether text is bold under ``font-weight``, given what it would be without it."""
    weight = style.get("font-weight", "").strip().lower()
    if weight.isdigit():
        return int(weight) >= 600
    return weight in ("bold", "bolder") or inherited and weight not in ("normal", "lighter")
