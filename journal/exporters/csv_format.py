"""One row per entry, for spreadsheets: UTF-8 with a byte-order mark (so Excel reads it as
UTF-8), every field quoted as needed, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
from typing import TextIO

from journal.services.exports import ExportSource

COLUMNS = (
    "id", "kind", "occurred_on", "logged_at", "situation", "triggers", "customer", "impact",
    "severity", "pressure", "control", "recovery", "recovery_note", "next_time",
    "follow_up_on", "notes", "to_classify",
)  # fmt: skip
# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe stops a formula running."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class CsvExporter:
    name = "csv"

    def write(self, out: TextIO, source: ExportSource) -> int:
        out.write(BOM)
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        written = 0
        for item in source.entries(by_date=True):
            entry = item.entry
            notes = "\n\n".join(f"{note.written_at[:10]}: {note.text}" for note in entry.notes)
            cells = (
                str(entry.id),
                entry.kind,
                entry.occurred_on.isoformat(),
                entry.logged_at,
                entry.situation,
                ";".join(entry.triggers),
                entry.customer or "",
                entry.impact or "",
                "" if entry.severity is None else str(entry.severity),
                "" if entry.pressure is None else str(entry.pressure),
                entry.control or "",
                entry.recovery,
                entry.recovery_note or "",
                entry.next_time or "",
                entry.follow_up_on.isoformat() if entry.follow_up_on else "",
                notes,
                "1" if entry.to_classify else "0",
            )
            writer.writerow([safe_cell(cell) for cell in cells])
            written += 1
        return written
