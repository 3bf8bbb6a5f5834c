"""Colours as the readers report them: "RRGGBB", or None where nothing is drawn, so that a fill or an ink
means the same whatever the format spelt it as (Word "auto", Excel ARGB, theme and tint, CSS names)."""

from __future__ import annotations

import colorsys
import re

from lxml import etree
from PIL import ImageColor

from extractors.settings import SETTINGS, Settings

_HEX = re.compile(r"^#?(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$")  # RRGGBB, or ARGB with alpha first
_THEME = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# A workbook's colour scheme in the order of Excel's theme index: light 1 and dark 1 come first (swapped from
# the order the theme XML lists them in).
_THEME_ORDER = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")


def hex6(value: str | None) -> str | None:
    """ "FF0000", "#ff0000" or ARGB "FFFF0000" as "FF0000"; None for "auto" or anything else."""
    match = _HEX.match((value or "").strip())
    return match.group(1).upper() if match else None


def css(value: str) -> str | None:
    """A CSS colour (name, #rgb, #rrggbb, rgb(), rgba(), hsl()) as "RRGGBB"; None if transparent or unknown."""
    value = value.strip().lower()
    try:
        rgba = ImageColor.getrgb(value)
    except ValueError:
        return None
    if len(rgba) == 4 and rgba[3] == 0:
        return None
    return "{:02X}{:02X}{:02X}".format(*rgba[:3])


def _greyish(rgb: str, settings: Settings) -> bool:
    channels = [int(rgb[i:i + 2], 16) for i in (0, 2, 4)]
    return max(channels) - min(channels) <= settings.grey_spread


def fill(rgb: str | None) -> str | None:
    """A background worth reporting: None for none or white."""
    return None if rgb is None or rgb == "FFFFFF" else rgb


def ink(rgb: str | None, settings: Settings = SETTINGS) -> str | None:
    """A text colour worth reporting: None for black, grey or white text."""
    return None if rgb is None or _greyish(rgb, settings) else rgb


def tinted(rgb: str, tint: float) -> str:
    """Excel's tint: lightness moved towards white (tint > 0) or black (tint < 0) by that share."""
    if not tint:
        return rgb
    h, lum, s = colorsys.rgb_to_hls(*(int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    lum = lum * (1 + tint) if tint < 0 else lum + (1 - lum) * tint
    return "{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in colorsys.hls_to_rgb(h, lum, s)))


def theme_palette(theme_xml: bytes | None) -> list[str]:
    """The twelve scheme colours of an Office theme part, in Excel's theme-index order ([] if none)."""
    if not theme_xml:
        return []
    root = etree.fromstring(theme_xml, etree.XMLParser(resolve_entities=False, no_network=True))
    scheme = root.find(f".//{_THEME}clrScheme")
    nodes = [None if scheme is None else scheme.find(f"{_THEME}{name}") for name in _THEME_ORDER]
    defined = [node[0] if node is not None and len(node) else None for node in nodes]  # srgbClr or sysClr
    return [hex6(None if c is None else c.get("lastClr") or c.get("val")) or "000000" for c in defined]
