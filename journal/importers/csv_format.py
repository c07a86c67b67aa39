"""Reading a spreadsheet's CSV: a header row naming the columns, then one entry per row.

Columns are matched to our fields by name, ignoring case, spaces, underscores and hyphens,
with common synonyms ("What happened" → situation, "Client" → customer, "Tags" → triggers);
`--map THEIR=OURS` names the others. Columns nothing matches are ignored. Rows with every
cell empty are skipped and counted; so are rows without a situation, with `--skip-empty`.

Cells are separated by commas, semicolons (Excel in many European locales) or tabs: the
header row says which. Dates are ISO (YYYY-MM-DD), written as `--date-format` says, or in a
common format the file's own dates settle: 3/2/2026 is March or February, and a file whose
every date reads both ways is refused with the option that says which.
Our own CSV export reads back as written: its leading apostrophes, which stop a spreadsheet
running a cell as a formula, are taken off again.

A row that says neither slip nor save comes in to be classified.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import BinaryIO, NoReturn

from journal.importers import (
    ImportedEntry,
    ImportFormatError,
    ImportOptions,
    Skipped,
    record_key,
)
from journal.importers.common import Replay, kind_and_triggers
from journal.importers.date_formats import COMMON, Narrowing, Unreadable
from journal.limits import MAX_TEXT
from journal.records import KINDS
from journal.text import quoted

# Our field → the column names that mean it, best first (compared as `_normal` makes them).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "situation": ("situation", "what happened", "text", "entry", "body", "description", "note"),
    "occurred_on": ("occurred_on", "date", "full_date", "occurred", "day", "when"),
    "kind": ("kind", "slip or save", "type"),
    "triggers": ("triggers", "tags", "trigger", "tag"),
    "customer": ("customer", "client", "account"),
    "impact": ("impact", "customer impact"),
    "severity": ("severity",),
    "pressure": ("pressure",),
    "control": ("control",),
    "recovery": ("recovery",),
    "recovery_note": ("recovery_note",),
    "next_time": ("next_time",),
    "follow_up_on": ("follow_up_on", "follow up"),
    "logged_at": ("logged_at", "created at", "created", "timestamp"),
    "notes": ("notes",),
    "to_classify": ("to_classify",),
}
_LABELS = {"occurred_on": "date", "logged_at": "time it was written"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NOT_NAME = re.compile(r"[\s_-]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DELIMITERS = (",", ";", "\t")
EMPTY_ROWS = "empty rows"
ROWS_WITHOUT_TEXT = "rows without text (--skip-empty)"
_SCALE = re.compile(r"[1-5]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TAG_SPLIT = re.compile(r"[;,]")
_YES = ("1", "true", "yes", "y")


def _normal(name: str) -> str:
    return _NOT_NAME.sub("", name.casefold())


_FIELD_BY_NAME = {_normal(name): field for field, names in SYNONYMS.items() for name in names}


def _shown(text: str) -> str:
    """Text safe to print: bytes that were not UTF-8 show as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def unprotect(cell: str) -> str:
    """A cell without the apostrophe a spreadsheet export put before a formula character."""
    if len(cell) > 1 and cell[0] == "'" and cell[1:].startswith(_FORMULA_STARTS):
        return cell[1:]
    return cell


def _columns(header: Sequence[str], column_map: Mapping[str, str]) -> dict[str, int]:
    """Our field → the index of the column holding it."""
    names = [_normal(name) for name in header]
    chosen: dict[str, int] = {}
    for theirs, ours in column_map.items():
        field = _FIELD_BY_NAME.get(_normal(ours))
        if field is None:
            raise ImportFormatError(
                f"--map: {quoted(ours)} is not one of our fields ({', '.join(SYNONYMS)})"
            )
        if _normal(theirs) not in names:
            raise ImportFormatError(
                f"--map: the file has no column {quoted(theirs)} (its columns: {_listed(header)})"
            )
        chosen[field] = names.index(_normal(theirs))
    taken = set(chosen.values())
    for field, synonyms in SYNONYMS.items():
        if field in chosen:
            continue
        wanted = {_normal(synonym) for synonym in synonyms}
        candidates = [
            index for index, name in enumerate(names) if name in wanted and index not in taken
        ]
        if len(candidates) > 1:
            # Reading one and dropping the other would lose what the other holds.
            shown = " and ".join(f"{_listed([header[i]])!r} (column {i + 1})" for i in candidates)
            same_name = len({names[i] for i in candidates}) == 1
            choose = "" if same_name else f", or say which with --map 'COLUMN={field}'"
            raise ImportFormatError(
                f"the file has {len(candidates)} columns for the"
                f" {_LABELS.get(field, field.replace('_', ' '))}: {shown}; rename or remove all"
                f" but one{choose}"
            )
        if candidates:
            best = min(candidates, key=lambda index: _rank(names[index], synonyms))
            chosen[field] = best
            taken.add(best)
    if "situation" not in chosen:
        raise ImportFormatError(
            f"the file has no column for the situation (its columns: {_listed(header)});"
            f" name one {_or_list(SYNONYMS['situation'])}, or give --map 'COLUMN=situation'"
        )
    if "occurred_on" not in chosen and "logged_at" not in chosen:
        raise ImportFormatError(
            f"the file has no column for the date (its columns: {_listed(header)});"
            f" name one {_or_list(SYNONYMS['occurred_on'])}, or give --map 'COLUMN=occurred_on'"
        )
    return chosen


def _rank(name: str, synonyms: Sequence[str]) -> int:
    return [_normal(synonym) for synonym in synonyms].index(name)


def _listed(header: Sequence[str]) -> str:
    # Control characters (a file in another encoding is full of NULs) are not printed raw.
    return _CONTROL.sub("\ufffd", ", ".join(_shown(name) for name in header)) or "none"


def _or_list(names: Sequence[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


class _Row:
    """One row's cells by our field, with the checks that name the line and the column."""

    def __init__(
        self,
        cells: Sequence[str],
        columns: Mapping[str, int],
        header: Sequence[str],
        line: int,
        dates: Dates,
    ) -> None:
        self.where = f"line {line}"
        self.dates = dates
        self._values = {field: unprotect(cells[index]) for field, index in columns.items()}
        self._header = {field: _shown(header[index]) for field, index in columns.items()}
        for field, value in self._values.items():
            if _SURROGATE.search(value):
                raise ImportFormatError(
                    f"{self.where}: the {self._header[field]} column is not UTF-8 text;"
                    " save the file as UTF-8 (in Excel: CSV UTF-8) and import again"
                )

    def label(self, field: str) -> str:
        return self._header.get(field, field)

    def text(self, field: str) -> str | None:
        value = self._values.get(field)
        return value if value is not None and value.strip() else None

    def word(self, field: str) -> str | None:
        value = self._values.get(field, "").strip()
        return _NOT_NAME.sub("-", value.casefold()) if value else None

    def day(self, field: str, label: str) -> date | None:
        value = self._values.get(field, "").strip()
        if not value:
            return None
        moment = self.dates.moment(value, self.where, f"the {label}")
        return moment.date() if isinstance(moment, datetime) else moment

    def date_values(self) -> list[tuple[str, str]]:
        """(value, what it is) of each date in the row, for the dates to read them first."""
        found = [
            (self._values.get(field, "").strip(), label)
            for field, label in (
                ("occurred_on", "the date"),
                ("follow_up_on", "the follow-up date"),
            )
        ]
        if "logged_at" in self._header:
            found.append((self._values["logged_at"].strip(), f"the {self._header['logged_at']}"))
        return [(value, label) for value, label in found if value]

    def scale(self, field: str) -> int | None:
        value = self._values.get(field, "").strip()
        if not value:
            return None
        if not _SCALE.fullmatch(value):
            raise ImportFormatError(
                f"{self.where}: {self._header[field]} must be a whole number from 1 to 5,"
                f" not {quoted(_shown(value))}"
            )
        return int(value)

    def kind(self) -> str | None:
        value = self.word("kind")
        if value is None or value in KINDS:
            return value
        raise ImportFormatError(
            f"{self.where}: the {self._header['kind']} {quoted(_shown(self._values['kind']))} is"
            " not slip or save (leave it empty to classify the entry later)"
        )

    def occurred_on(self) -> date:
        day = self.day("occurred_on", "date")
        if day is not None:
            return day
        logged = self.logged_at()
        if logged is not None:
            return datetime.fromisoformat(logged).date()
        raise ImportFormatError(f"{self.where}: the date is empty")

    def logged_at(self) -> str | None:
        value = (self.text("logged_at") or "").strip()
        if not value:
            return None
        label = f"the {self._header['logged_at']}"
        moment = self.dates.moment(value, self.where, label)
        if isinstance(moment, datetime):
            return value if _ISO_DATE.match(value) else moment.isoformat()
        raise ImportFormatError(
            f"{self.where}: {label} {quoted(_shown(value))} is not a date and time"
            " (use ISO 8601, such as 2026-03-27T18:05:00)"
        )


class Dates:
    """The file's dates: ISO as they are; others in the format given or in the common
    formats the file's dates leave possible (read as the rows come, settled by later rows)."""

    def __init__(self, date_format: str | None) -> None:
        self.given = date_format
        self.narrowing = Narrowing([date_format] if date_format else COMMON)

    def check(self, value: str, where: str, label: str) -> bool:
        """Read a value as it comes; False when it reads more than one way (for now)."""
        if _iso(value) is not None:
            return True
        read = self.narrowing.read(value)
        if isinstance(read, Unreadable):
            self._refuse(value, where, label)
        return read is not None

    def settled(self, value: str) -> bool:
        return _iso(value) is not None or self.narrowing.settled(value) is not None

    def moment(self, value: str, where: str, label: str) -> date | datetime:
        iso = _iso(value)
        if iso is not None:
            return iso
        moment = self.narrowing.settled(value)
        if moment is None:
            self._refuse(value, where, label)
        return moment

    def _refuse(self, value: str, where: str, label: str) -> NoReturn:
        if self.given:
            raise ImportFormatError(
                f"{where}: {label} {quoted(_shown(value))} is not a date written as"
                f" --date-format {self.given!r} says"
            )
        raise ImportFormatError(
            f"{where}: {label} {quoted(_shown(value))} is not YYYY-MM-DD nor a date format"
            " we know; say how the file writes dates with --date-format, such as '%d/%m/%Y'"
        )

    def ambiguity(self, where: str) -> ImportFormatError:
        return ImportFormatError(f"{where}: " + self.narrowing.ambiguity("--date-format"))


def _iso(value: str) -> date | datetime | None:
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
        if _ISO_DATE.match(value) and value[10] in "T ":
            return datetime.fromisoformat(value)
    except ValueError:
        pass
    return None


def table_rows(handle: BinaryIO) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row of a CSV file, the header first; blank lines left out. The
    separator is the one of comma, semicolon and tab that splits the header most."""
    # Undecodable bytes become lone surrogates, so the row holding them is named exactly.
    # The caller's file is read through our own buffer: any object with read() will do,
    # and closing the text layer leaves that file open.
    raw = io.BufferedReader(Replay(b"", handle))
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
    first = text.readline()
    delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([first], delimiter=d), [])))
    # strict: a file cut inside quotes is an error
    reader = csv.reader(itertools.chain([first], text), delimiter=delimiter, strict=True)
    line_num = 0
    while True:
        start = line_num + 1
        try:
            cells = next(reader, None)
        except csv.Error as error:
            reason = str(error)
            if reason == "unexpected end of data":
                reason = "the file ends inside a quoted cell; it may be cut short"
            elif reason.startswith("field larger than field limit"):
                reason = (
                    f"a cell is longer than {csv.field_size_limit():,} characters;"
                    f" a field holds at most {MAX_TEXT:,}"
                )
            raise ImportFormatError(f"line {start}: not valid CSV ({reason})") from error
        line_num = reader.line_num
        if cells is None:
            return
        if cells:
            yield start, cells


class CsvImporter:
    name = "csv"

    def sniff(self, head: bytes, filename: str) -> bool:
        if filename.lower().endswith((".csv", ".tsv")):
            return True
        first = head.decode("utf-8", "replace").removeprefix("\ufeff").lstrip()
        first = first.splitlines()[0] if first else ""
        if first.startswith(("{", "[")):
            return False
        cells = max((next(csv.reader([first], delimiter=d), []) for d in DELIMITERS), key=len)
        return len(cells) > 1 and any(
            _FIELD_BY_NAME.get(_normal(cell)) == "situation" for cell in cells
        )

    def read(self, handle: BinaryIO, options: ImportOptions) -> Iterator[ImportedEntry | Skipped]:
        header: list[str] = []
        columns: dict[str, int] = {}
        dates = Dates(options.date_format)
        waiting: list[tuple[_Row, list[str]]] = []  # rows whose dates later rows settle
        for start, cells in table_rows(handle):
            if not header:
                header = cells
                columns = _columns(header, options.column_map)
                continue
            if not any(cell.strip() for cell in cells):
                yield Skipped(f"line {start}", EMPTY_ROWS)  # nothing in it is lost
                continue
            if len(cells) != len(header):
                raise ImportFormatError(
                    f"line {start}: {len(cells)} cells where the header has {len(header)};"
                    " the file may be cut short, or a quote left open"
                )
            row = _Row(cells, columns, header, start, dates)
            if row.text("situation") is None:
                if not options.skip_empty:
                    raise ImportFormatError(
                        f"{row.where}: the {row.label('situation')} is empty; give --skip-empty"
                        " to skip the rows without text (they are counted)"
                    )
                yield Skipped(row.where, ROWS_WITHOUT_TEXT)
                continue
            for value, label in row.date_values():
                dates.check(value, row.where, label)
            waiting.append((row, cells))
            while waiting and all(dates.settled(v) for v, _ in waiting[0][0].date_values()):
                first, first_cells = waiting.pop(0)
                yield self._entry(first, first_cells)
        if not header:
            raise ImportFormatError("the file is empty; expected a header row naming the columns")
        if waiting:
            raise dates.ambiguity(waiting[0][0].where)

    def _entry(self, row: _Row, cells: Sequence[str]) -> ImportedEntry:
        tag_text = row.text("triggers") or ""
        tag_kind, triggers = kind_and_triggers(_TAG_SPLIT.split(tag_text))
        kind = row.kind() or tag_kind
        if (row.word("to_classify") or "") in _YES:
            kind = None
        note = row.text("notes")
        return ImportedEntry(
            where=row.where,
            key=record_key("csv", *(_shown(cell) for cell in cells)),
            situation=row.text("situation") or "",
            occurred_on=row.occurred_on(),
            logged_at=row.logged_at(),
            kind=kind,
            triggers=triggers,
            customer=row.text("customer"),
            impact=row.text("impact"),
            severity=row.scale("severity"),
            pressure=row.scale("pressure"),
            control=row.word("control"),
            recovery=row.word("recovery"),
            recovery_note=row.text("recovery_note"),
            next_time=row.text("next_time"),
            follow_up_on=row.day("follow_up_on", "follow-up date"),
            notes=(note,) if note is not None else (),
        )
