"""Plain text as prose: each non-blank line a block, form feeds counting pages; the record builder
reads the structure (headings, numbered areas, labelled fields) from the lines."""

from __future__ import annotations

from extractors.base import SourceFile
from extractors.layout import Block, Layout
from extractors.settings import SETTINGS, Settings

NAME = "plain"


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME)
    pages = source.text.split("\f")
    number = 0
    for page, chunk in enumerate(pages, 1):
        for line in chunk.split("\n"):
            number += 1
            if line.strip() and number <= settings.max_text_lines:
                layout.items.append(Block(text=line.rstrip(), line=number, page=page if len(pages) > 1 else None))
    layout.pages = len(pages) if len(pages) > 1 else None
    return layout
