"""Spreadsheet values as a person sees them: Excel number format codes applied, in a small converter
covering what plans use (dates and times, decimals, thousands, percentages, booleans); only a code's
first (positive) section is used, and colours, conditions and currency in brackets are dropped."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from extractors.settings import Settings

_SHORT_DATE = "mm-dd-yy"  # how openpyxl names built-in format 14, which Excel shows in the reader's locale
_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|.',
                         re.IGNORECASE)
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DECIMALS = re.compile(r"\.([0#?]+)")
_GENERAL_DIGITS = 10  # significant digits Excel's General format shows


def render(value: object, code: str, settings: Settings) -> str:
    """A cell's value as displayed under number format ``code``."""
    code = code[:settings.max_format_chars]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (datetime, date, time)):
        return _date(value, code, settings)
    if isinstance(value, timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    if isinstance(value, (int, float)):
        return _number(value, code)
    return str(value).replace("\r\n", "\n").strip()


def _number(value: float, code: str) -> str:
    plain = _LITERAL.sub("", code.split(";")[0])
    percent = "%" in plain
    if percent:
        value *= 100
    decimals = _DECIMALS.search(plain)
    if decimals is None and not re.search(r"[0#?]", plain):  # General
        return str(int(value)) if float(value).is_integer() else f"{value:.{_GENERAL_DIGITS}g}"
    places = len(decimals.group(1)) if decimals else 0
    text = f"{value:,.{places}f}" if "," in plain else f"{value:.{places}f}"
    return text + ("%" if percent else "")


def _date(value: date | time, code: str, settings: Settings) -> str:
    code = code.split(";")[0]
    if isinstance(value, time):
        value = datetime.combine(date(1899, 12, 30), value)  # Excel's day zero
        code = "hh:mm" if code.lower() == "general" else code
    if code.lower() in (_SHORT_DATE, "general"):
        code = settings.short_date_format
    tokens = _DATE_TOKEN.findall(code)
    codes = [i for i, tok in enumerate(tokens) if tok.lower() in _CODES]
    twelve = any(tokens[i].lower() in ("am/pm", "a/p") for i in codes)
    hour = getattr(value, "hour", 0)
    out = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if i not in codes:
            if not tok.startswith("["):  # [$-809] locale, [Red] colour: not printed
                out.append(tok[1:-1] if tok.startswith('"') else tok.lstrip("\\"))
            continue
        before = [tokens[j].lower() for j in codes if j < i][-1:]
        after = [tokens[j].lower() for j in codes if j > i][:1]
        if low in ("m", "mm") and (before in (["h"], ["hh"]) or after in (["s"], ["ss"])):
            out.append(f"{getattr(value, 'minute', 0):0{len(low)}d}")  # minutes, not months, beside hours or seconds
        elif low in ("h", "hh"):
            shown = (hour % 12 or 12) if twelve else hour
            out.append(f"{shown:0{len(low)}d}")
        elif low in ("am/pm", "a/p"):
            out.append(("AM" if hour < 12 else "PM")[: 1 if low == "a/p" else 2])
        else:
            out.append(_DATE_PARTS[low](value))
    return "".join(out)


_DATE_PARTS = {
    "yyyy": lambda d: f"{d.year:04d}", "yy": lambda d: f"{d.year % 100:02d}",
    "mmmmm": lambda d: d.strftime("%B")[0], "mmmm": lambda d: d.strftime("%B"), "mmm": lambda d: d.strftime("%b"),
    "mm": lambda d: f"{d.month:02d}", "m": lambda d: str(d.month),
    "dddd": lambda d: d.strftime("%A"), "ddd": lambda d: d.strftime("%a"),
    "dd": lambda d: f"{d.day:02d}", "d": lambda d: str(d.day),
    "ss": lambda d: f"{getattr(d, 'second', 0):02d}", "s": lambda d: str(getattr(d, "second", 0)),
}
_CODES = {*_DATE_PARTS, "h", "hh", "am/pm", "a/p"}
