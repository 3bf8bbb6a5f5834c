"""Plans written as prose: committee reports, progress reports, email updates (to come)."""

from __future__ import annotations

from extractors.layout import Layout
from extractors.settings import Settings
from models.records import RawDocument


def read(doc: RawDocument, layout: Layout, settings: Settings) -> None:
    return None
