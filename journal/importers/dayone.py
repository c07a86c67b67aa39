"""Reading Day One's export: the zip file it makes (one JSON file per journal, beside the
photos, videos and audio), or one of those JSON files on its own.

Every journal in the zip is read, or only the one `--journal NAME` names (the JSON file's
name without .json). Each entry's text becomes the situation, with Day One's markdown escapes
(`\\.`, `\\-`, `\\(` …) undone and its media placeholders (`![](dayone-moment://…)`) left
out. An entry with no text left (a photo, video or audio on its own) cannot be an entry here:
it is skipped and counted in the import's report. The entry's date is its creation date in
the entry's own time zone (UTC when the zone is missing or unknown here).

Day One does not say slip or save, so entries come in to be classified, unless a tag named
`slip` or `save` says it (see `journal.importers.jrnl`). A starred entry gets the note
"Starred in Day One.".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import Any, BinaryIO, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.dates import MAX_YEAR, MIN_YEAR
from journal.importers import (
    ImportedEntry,
    ImportFormatError,
    ImportOptions,
    Skipped,
    record_key,
)
from journal.importers.common import BOM, Replay, json_entries, kind_and_triggers
from journal.text import quoted_value

STAR_NOTE = "Starred in Day One."
MEDIA_ONLY = "Day One entries with only a photo, video or audio (no text)"
EMPTY = "empty Day One entries"
ZIP_MAGIC = b"PK\x03\x04"
_MEDIA = ("photos", "videos", "audios", "pdfAttachments")
# Day One puts a backslash before ASCII punctuation that markdown would read as markup.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_MOMENT = r"!\[[^\]\n]*\]\(dayone-moment:/{0,2}[^)\s]*\)"
# A photo on a line of its own goes with its line and the blank line before it.
_MOMENTS = re.compile(rf"(?:^|\n)\n?[ \t]*{_MOMENT}[ \t]*(?=\n|$)|{_MOMENT}")


def unescape(text: str) -> str:
    """Day One's markdown text as the person typed it."""
    return _ESCAPED.sub(r"\1", text)


def _zone(name: object) -> tzinfo:
    if not isinstance(name, str) or not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC  # a zone this machine does not know: the date may be a day out at worst


def _moment(value: object, where: str) -> datetime:
    if value is None or value == "":
        raise ImportFormatError(f"{where}: has no creationDate, so its date is unknown")
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise ImportFormatError(
            f"{where}: the creationDate {quoted_value(value)} is not a date and time"
            " (such as 2020-08-29T11:11:00Z)"
        ) from error
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class DayOneImporter:
    name = "dayone"

    def sniff(self, head: bytes, filename: str) -> bool:
        if head.startswith(ZIP_MAGIC):
            return True  # the only zip file read here
        text = head.removeprefix(BOM).lstrip()
        return text.startswith(b"{") and (
            b'"creationDate"' in text or re.match(rb'\{\s*"metadata"\s*:', text) is not None
        )

    def read(self, handle: BinaryIO, options: ImportOptions) -> Iterator[ImportedEntry | Skipped]:
        head = handle.read(len(ZIP_MAGIC))
        if head == ZIP_MAGIC:
            return self._read_zip(handle, options.journal)
        if options.journal is not None:
            raise ImportFormatError(
                "--journal picks one journal of Day One's zip export; this file is one journal"
            )
        return self._read_journal(io.BufferedReader(Replay(head, handle)), "")

    def _read_journal(self, stream: BinaryIO, prefix: str) -> Iterator[ImportedEntry | Skipped]:
        for number, item in json_entries(stream, label="Day One"):
            yield self._entry(number, item, prefix)

    def _read_zip(self, handle: BinaryIO, wanted: str | None) -> Iterator[ImportedEntry | Skipped]:
        seekable = getattr(handle, "seekable", None)
        if seekable is None or not seekable():
            raise ImportFormatError(
                "a zip file is read from its end: give it as a file, not through a pipe"
            )
        handle.seek(0)
        try:
            archive = zipfile.ZipFile(handle)
            journals = {
                info.filename.rsplit("/", 1)[-1][: -len(".json")]: info
                for info in archive.infolist()
                if info.filename.lower().endswith(".json")
                and not info.filename.rsplit("/", 1)[-1].startswith(".")
                and not info.filename.startswith("__MACOSX/")
            }
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise ImportFormatError(
                f"the zip file cannot be read ({error}); it may be cut short"
            ) from error
        if not journals:
            raise ImportFormatError(
                "the zip file holds no journal (.json file), so it is not Day One's export"
            )
        names = sorted(journals, key=str.casefold)
        if wanted is not None:
            chosen = [name for name in names if name.casefold() == wanted.strip().casefold()]
            if not chosen:
                raise ImportFormatError(
                    f"the zip file has no journal {quoted_value(wanted)}; its journals: "
                    + ", ".join(names)
                )
            names = chosen
        for name in names:
            prefix = f"{name}, " if len(journals) > 1 else ""
            try:
                with archive.open(journals[name]) as member:
                    yield from self._read_journal(cast(BinaryIO, member), prefix)
            except RuntimeError as error:  # a member protected by a password
                raise ImportFormatError(
                    f"{name}: the zip file is protected by a password ({error}); export it"
                    " from Day One without one"
                ) from error
            except (zipfile.BadZipFile, EOFError) as error:
                raise ImportFormatError(
                    f"{name}: the zip file cannot be read ({error}); it may be cut short"
                ) from error

    def _entry(self, number: int, item: Any, prefix: str) -> ImportedEntry | Skipped:
        where = f"{prefix}entry {number}"
        if not isinstance(item, dict):
            raise ImportFormatError(f"{where}: expected an object with a creationDate and text")
        created = item.get("creationDate")
        try:
            moment = _moment(created, where).astimezone(_zone(item.get("timeZone")))
        except (OverflowError, ValueError) as error:  # past year 1 or 9999 in its own zone
            raise ImportFormatError(
                f"{where}: the creationDate {quoted_value(created)} is outside the years"
                f" {MIN_YEAR} to {MAX_YEAR}"
            ) from error
        raw_text = item.get("text")
        if raw_text is None:
            raw_text = ""
        if not isinstance(raw_text, str):
            raise ImportFormatError(f"{where}: the text is not text")
        text = unescape(_MOMENTS.sub("", raw_text)).strip()
        if not text:
            media = _MOMENTS.search(raw_text) or any(item.get(kind) for kind in _MEDIA)
            return Skipped(where, MEDIA_ONLY if media else EMPTY)
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise ImportFormatError(f"{where}: the tags are not a list of text")
        kind, triggers = kind_and_triggers(tags)
        uuid = item.get("uuid")
        key = record_key("dayone", uuid) if uuid else record_key("dayone", created, raw_text)
        return ImportedEntry(
            where=where,
            key=key,
            situation=text,
            occurred_on=moment.date(),
            logged_at=moment.isoformat(timespec="seconds"),
            kind=kind,
            triggers=triggers,
            notes=(STAR_NOTE,) if item.get("starred") is True else (),
        )
