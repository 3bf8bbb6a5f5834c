"""Plain text as prose: each non-blank line a block, form feeds counting pages.

Committee reports, progress reports and email updates exported to text have
no table rows; their structure (headings, numbered areas, labelled fields) is
the record builder's to read from the lines.
"""

from __future__ import annotations

from extractors.base import SourceFile
from extractors.layout import Block, Layout
from extractors.settings import SETTINGS, Settings

NAME = "plain"


def read(source: SourceFile, settings: Settings = SETTINGS) -> Layout:
    layout = Layout(source=str(source.path), sha256=source.sha256, reader=NAME)
    pages = source.text.count("\f") + 1
    page, number = 1, 0
    for chunk in source.text.split("\f"):
        for line in chunk.split("\n"):
            number += 1
            if line.strip() and number <= settings.max_text_lines:
                layout.items.append(Block(text=line.rstrip(), line=number, page=page if pages > 1 else None))
        page += 1
    layout.pages = pages if pages > 1 else None
    return layout
