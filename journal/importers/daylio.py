"""Daylio's CSV export, as a preset of the CSV importer.

Daylio writes one row per mood entry with the columns full_date (YYYY-MM-DD), date ("April
12"), weekday, time ("8:15 PM" or "20:15", as the phone is set), mood, activities (joined by
" | "), note_title and note (line breaks written as <br>). Here: full_date and time are when
it happened and was written, each activity is a trigger, the note title and the note are the
situation, and the mood is kept as a later note. Most Daylio rows hold no note: such a row
has no situation, so the import stops on it unless --skip-empty says to skip (and count) them.
Daylio does not say slip or save: entries come in to be classified.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import BinaryIO

from journal.importers import (
    ImportedEntry,
    ImportFormatError,
    ImportOptions,
    Skipped,
    record_key,
)
from journal.importers.common import BOM, kind_and_triggers
from journal.importers.csv_format import EMPTY_ROWS, Dates, table_rows
from journal.text import quoted

COLUMNS = ("full_date", "time", "mood", "activities", "note_title", "note")
ROWS_WITHOUT_NOTE = "Daylio rows without a note (--skip-empty)"
MOOD_NOTE = "Mood in Daylio: {mood}."
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TIMES = ("%H:%M", "%I:%M %p", "%I:%M%p", "%H:%M:%S")


def note_text(cell: str) -> str:
    """A Daylio note with its <br> as line breaks."""
    return _BREAK.sub("\n", cell.replace("\r\n", "\n")).strip()


def _clock(value: str, where: str) -> str:
    for fmt in _TIMES:
        try:
            return datetime.strptime(value.strip().upper(), fmt).strftime("%H:%M:%S")
        except ValueError:
            continue
    raise ImportFormatError(
        f"{where}: the time {quoted(value)} is not a time of day (such as 20:15 or 8:15 PM)"
    )


class DaylioImporter:
    name = "daylio"

    def sniff(self, head: bytes, filename: str) -> bool:
        first = head.removeprefix(BOM).split(b"\n", 1)[0].decode("utf-8", "replace").casefold()
        return all(column in first for column in ("full_date", "activities", "note_title"))

    def read(self, handle: BinaryIO, options: ImportOptions) -> Iterator[ImportedEntry | Skipped]:
        header: dict[str, int] = {}
        dates = Dates(options.date_format)
        for start, cells in table_rows(handle):
            where = f"line {start}"
            if not header:
                header = self._header(cells)
                continue
            if not any(cell.strip() for cell in cells):
                yield Skipped(where, EMPTY_ROWS)
                continue
            if len(cells) < len(COLUMNS) or len(cells) < max(header.values()) + 1:
                raise ImportFormatError(
                    f"{where}: {len(cells)} cells, fewer than Daylio's columns; the file may be"
                    " cut short"
                )
            yield from self._row(where, cells, header, dates, options)
        if not header:
            raise ImportFormatError("the file is empty; expected Daylio's header row")

    def _header(self, cells: Sequence[str]) -> dict[str, int]:
        names = [cell.strip().casefold() for cell in cells]
        missing = [column for column in COLUMNS if column not in names]
        if missing:
            raise ImportFormatError(
                f"the file has no {', '.join(missing)} column, so it is not Daylio's export"
                " (its columns: " + ", ".join(cells) + "); import it with --format csv"
            )
        return {column: names.index(column) for column in COLUMNS}

    def _row(
        self,
        where: str,
        cells: Sequence[str],
        header: dict[str, int],
        dates: Dates,
        options: ImportOptions,
    ) -> Iterator[ImportedEntry | Skipped]:
        def cell(name: str) -> str:
            return cells[header[name]].strip()

        title, note = note_text(cell("note_title")), note_text(cell("note"))
        if not title and not note:
            if not options.skip_empty:
                raise ImportFormatError(
                    f"{where}: no note_title or note, only a mood and activities; give"
                    " --skip-empty to skip the rows without a note (they are counted)"
                )
            yield Skipped(where, ROWS_WITHOUT_NOTE)
            return
        day_text = cell("full_date")
        if not day_text:
            raise ImportFormatError(f"{where}: the full_date is empty")
        dates.check(day_text, where, "the full_date")
        moment = dates.moment(day_text, where, "the full_date")
        day = moment.date() if isinstance(moment, datetime) else moment
        clock = _clock(cell("time"), where) if cell("time") else "00:00:00"
        kind, triggers = kind_and_triggers(
            activity for activity in cell("activities").split("|") if activity.strip()
        )
        mood = " ".join(cell("mood").split())
        yield ImportedEntry(
            where=where,
            key=record_key("daylio", *(cells[header[name]] for name in COLUMNS)),
            situation=f"{title}\n\n{note}" if title and note else title or note,
            occurred_on=day,
            logged_at=f"{day.isoformat()}T{clock}",
            kind=kind,
            triggers=triggers,
            notes=(MOOD_NOTE.format(mood=mood),) if mood else (),
        )
