"""Reading other journals: one module per format, each turning a file into `ImportedEntry`s.

An importer only parses; `journal.services.imports` writes what it yields, all or nothing.
Importers read from an open binary file and yield one record at a time, so a file of any
size is read in constant memory. A record that cannot be read raises `ImportFormatError`
naming the record or line, and the whole import is rolled back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO, Protocol

from journal.errors import JournalError

FORMATS = ("json", "jrnl", "dayone", "daylio", "csv")
# Our fields a csv column can be read as (`--map THEIR_COLUMN=FIELD`).
MAPPABLE_FIELDS = (
    "situation", "occurred_on", "logged_at", "kind", "triggers", "customer", "impact",
    "severity", "pressure", "control", "recovery", "recovery_note", "next_time",
    "follow_up_on", "notes", "to_classify",
)  # fmt: skip


class ImportFormatError(JournalError):
    """A file (or one of its records) this format cannot read; the message names where."""


@dataclass(frozen=True, slots=True)
class ImportedEntry:
    """One entry as another tool recorded it, in our terms.

    `kind` is None when the source does not say slip or save: it is then stored as a slip
    marked "to classify". `key` identifies the source record, so importing the same file
    again recognises it and adds nothing.
    """

    where: str  # "line 12", "entry 4": named when something about it is wrong
    key: str
    situation: str
    occurred_on: date
    logged_at: str | None = None  # ISO date-time the source says it was written
    kind: str | None = None
    triggers: tuple[str, ...] = ()  # tags as written; unknown ones become new triggers
    customer: str | None = None
    impact: str | None = None
    severity: int | None = None
    pressure: int | None = None
    control: str | None = None
    recovery: str | None = None
    recovery_note: str | None = None
    next_time: str | None = None
    follow_up_on: date | None = None
    notes: tuple[str, ...] = ()  # later notes, such as jrnl's star
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record read and deliberately not imported; the import counts these by `reason`,
    which reads after a number in the report ("rows without text")."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the person said on the command line about how to read the file."""

    column_map: Mapping[str, str] = field(default_factory=dict)  # csv: their column → our field
    # How dates are written (a strftime format): csv's dates, jrnl's header (its timeformat).
    date_format: str | None = None
    tag_symbols: str = "#@"  # jrnl: the characters that start a tag (its tagsymbols)
    skip_empty: bool = False  # rows with no text are skipped (and counted), not refused
    journal: str | None = None  # Day One: the one journal of the export to import


class Importer(Protocol):
    name: str

    def sniff(self, head: bytes, filename: str) -> bool:
        """Whether the start of a file looks like this format."""
        ...

    def read(self, handle: BinaryIO, options: ImportOptions) -> Iterator[ImportedEntry | Skipped]:
        """Yield the file's entries in order (and what it skips, to be counted); raise
        ImportFormatError on a bad record."""
        ...


def record_key(source: str, *parts: object) -> str:
    """A stable key for a source record: the format's name and a digest of what it says."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return f"{source}:{digest.hexdigest()[:32]}"


def importer_for(name: str) -> Importer:
    """The importer of a format by name (other journals; our own json is read separately)."""
    if name == "jrnl":
        from journal.importers.jrnl import JrnlImporter

        return JrnlImporter()
    if name == "dayone":
        from journal.importers.dayone import DayOneImporter

        return DayOneImporter()
    if name == "csv":
        from journal.importers.csv_format import CsvImporter

        return CsvImporter()
    if name == "daylio":
        from journal.importers.daylio import DaylioImporter

        return DaylioImporter()
    raise JournalError(f"unknown import format {name!r}; use one of {', '.join(FORMATS)}")
