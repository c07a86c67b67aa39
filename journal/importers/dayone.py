"""Reading Day One's JSON export (the `Journal.json` inside the export's zip file).

Each entry's text becomes the situation, with Day One's markdown escapes (`\\.`, `\\-`,
`\\(` …) undone and its photo placeholders (`![](dayone-moment://…)`) left out. An entry
with no text left (a photo on its own) is skipped: nothing is imported for it and it is not
counted. The entry's date is its creation date in the entry's own time zone (UTC when the
zone is missing or unknown here).

Day One does not say slip or save, so entries come in to be classified, unless a tag named
`slip` or `save` says it (see `journal.importers.jrnl`). A starred entry gets the note
"Starred in Day One.".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, tzinfo
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.dates import MAX_YEAR, MIN_YEAR
from journal.importers import ImportedEntry, ImportFormatError, ImportOptions, record_key
from journal.importers.common import BOM, json_entries, kind_and_triggers
from journal.text import quoted_value

STAR_NOTE = "Starred in Day One."
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
        text = head.removeprefix(BOM).lstrip()
        return text.startswith(b"{") and (
            b'"creationDate"' in text or re.match(rb'\{\s*"metadata"\s*:', text) is not None
        )

    def read(self, handle: BinaryIO, options: ImportOptions) -> Iterator[ImportedEntry]:
        for number, item in json_entries(handle, label="Day One"):
            entry = self._entry(number, item)
            if entry is not None:
                yield entry

    def _entry(self, number: int, item: Any) -> ImportedEntry | None:
        where = f"entry {number}"
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
            return None
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
