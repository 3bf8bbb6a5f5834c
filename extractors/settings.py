"""Every threshold the readers, the cleanup and the record builder use, in one place.

Like pdfplumber's ``TableSettings``: one frozen dataclass whose fields are
documented where they are declared; :data:`SETTINGS` is the default every stage
takes. Nothing here names a council or quotes a document: these are sizes,
shares and distances that say how a table or a page is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # ------------------------------------------------------------ readers
    max_sheet_rows: int = 5000  # rows of one spreadsheet (or HTML table) read; a tracker has a few hundred
    max_sheet_columns: int = 60  # columns of one sheet read; wider is a data dump, not a plan


SETTINGS = Settings()
