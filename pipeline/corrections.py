"""Analysts' corrections of actions: which fields, what values are valid, and how one is applied to a stored row.

A correction is kept apart from the extracted values (table ``corrections``) and applied to the action's row
whenever it is stored or re-extracted, so every read (queries, views, counts, the report) sees the corrected
value; the extracted one stays in the correction row and comes back when the correction is withdrawn.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any

from models.records import RAGS

if TYPE_CHECKING:  # SQLAlchemy's models load only where a stored row is touched, not for checking a value
    from models.schema import ActionRow

FIELDS = ("recommendation", "action", "lead", "deadline", "rag", "themes", "progress")
_COLUMN = {"recommendation": "recommendation_text"}
_LIST = re.compile(r"(?:(?<!\s)\s*)?[;,]\s*")  # spaces before a separator read from their start only


class CorrectionError(ValueError):
    """A one-line reason a correction cannot be made."""


def parse_value(field: str, raw: str, themes: Collection[str]) -> Any:
    """The stored (JSON) form of a corrected value: rag a RAG word, deadline an ISO date, themes theme ids.

    An empty value clears the field (no RAG, no deadline, no themes).
    """
    if field not in FIELDS:
        raise CorrectionError(f"cannot correct {field!r}; choose from {', '.join(FIELDS)}")
    raw = raw.strip()
    if field == "rag":
        if raw and raw.lower() not in RAGS:
            raise CorrectionError(f"rag {raw!r} is not one of {', '.join(RAGS)} (or '' for none)")
        return raw.lower() or None
    if field == "deadline":
        try:
            return date.fromisoformat(raw).isoformat() if raw else None
        except ValueError:
            raise CorrectionError(f"deadline {raw!r} is not an ISO date (YYYY-MM-DD)") from None
    if field == "themes":
        chosen = sorted({t for t in _LIST.split(raw) if t})
        unknown = [t for t in chosen if t not in themes]
        if unknown:
            listed = ", ".join(unknown)
            raise CorrectionError(f"{listed}: not a theme of the taxonomy (`actionplans themes` lists them)")
        return chosen
    if not raw and field == "action":
        raise CorrectionError("an action's text cannot be empty")
    return raw or None


def extracted(action: ActionRow, field: str) -> Any:
    """The field's value in the row as extracted (JSON form; themes as their full tags)."""
    if field == "themes":
        return [{"theme": t.theme, "origin": t.origin, "score": t.score, "evidence": t.evidence} for t in action.themes]
    value = getattr(action, _COLUMN.get(field, field))
    return value.isoformat() if isinstance(value, date) else value


def comparable(field: str, value: Any) -> Any:
    """What "the source cell changed" compares: for themes, the theme ids."""
    return sorted({t["theme"] for t in value or ()}) if field == "themes" else value


def put(action: ActionRow, field: str, value: Any) -> None:
    """Set the field in the row: a corrected value, or (withdrawing) the extracted one."""
    from models.schema import ActionThemeRow

    if field == "themes":
        if value and isinstance(value[0], str):  # corrected: theme ids, as the analyst's own
            value = [{"theme": t, "origin": "action", "score": 1.0, "evidence": ["corrected"]} for t in value]
        action.themes = [ActionThemeRow(**tag) for tag in value or ()]
    elif field == "deadline":
        action.deadline = date.fromisoformat(value) if value else None
    else:
        setattr(action, _COLUMN.get(field, field), value)
