"""Writing imported entries: one transaction for the whole file, each record recognised again.

The importers (`journal.importers`) parse; this package checks each record as if it had been
typed, maps tags to triggers (creating the unknown ones), and writes. Any bad record rolls
the whole import back, so a journal never holds half a file.

- `records`: an importer's records (jrnl, Day One, Daylio, CSV …) and `classify`;
- `document`: our own JSON export, a restore into an empty journal;
- `inbox`: the phone's inbox, a line an entry.
"""

from journal.services.imports.document import import_document
from journal.services.imports.inbox import InboxReport, take_inbox
from journal.services.imports.records import (
    IMPORTED_CATEGORY,
    ImportReport,
    classify,
    import_entries,
)

__all__ = [
    "IMPORTED_CATEGORY",
    "ImportReport",
    "InboxReport",
    "classify",
    "import_document",
    "import_entries",
    "take_inbox",
]
