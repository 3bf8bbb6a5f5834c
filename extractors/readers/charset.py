"""Markup bytes as text, decoded the way a browser decides: byte-order mark, then <meta> charset, then a
guess (a wrong one turns every "£" and curly quote into mojibake, so a label is followed)."""

from __future__ import annotations

import codecs
import re

PRESCAN = 1024  # bytes in which the HTML standard looks for a <meta charset>
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# A label a browser overrides: Latin-1 and ASCII pages are read as Windows-1252, and a UTF-16 label in a page
# whose bytes were readable as ASCII cannot be true.
_AS_BROWSERS_READ = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8",
                     "utf-16-le": "utf-8", "utf-16-be": "utf-8"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode(data: bytes) -> str:
    """The page as text: by its BOM, else its <meta> charset, else UTF-8 falling back to Windows-1252."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    declared = _CHARSET.search(data[:PRESCAN])
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            encoding = "utf-8"
        return data.decode(_AS_BROWSERS_READ.get(encoding, encoding), "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")
