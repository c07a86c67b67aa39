"""Reading jrnl (jrnl.sh) journals: its plain-text journal file and its JSON export.

The two are told apart by the first non-blank byte: `{` starts the JSON export
(`jrnl --format json`), anything else is the plain-text file jrnl writes, where each entry
starts with a header line such as `[2020-08-29 11:11] Title` and the lines after it, up to
the next header, are its body.

jrnl writes each header's date with the journal's `timeformat` (ISO, `%d/%m/%Y %I:%M %p`,
`%a, %d %b %Y`...). Given the person's jrnl.yaml (`--jrnl-config`) or `--date-format`, that
format is used; else the common formats are tried, and a file whose every header reads two ways
(day or month first) is refused with the option that settles it.

Tags follow jrnl's own rule: a tag symbol (`#` or `@` unless jrnl.yaml's `tagsymbols` says
otherwise) after white space or at the start of a line, then letters of any script, digits,
`_`, `-`, `+`, `*`, `#` and `/`; jrnl lowercases them.

jrnl does not say slip or save, so entries come in to be classified, unless a tag says it:
a tag named `slip` or `save` (`@save`) sets the kind and is not kept as a trigger. An entry
tagged both ways is left to classify. A starred entry gets the note "Starred in jrnl.".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, BinaryIO

from journal.importers import ImportedEntry, ImportFormatError, ImportOptions, record_key
from journal.importers.common import BOM, json_entries, kind_and_triggers, peek_start
from journal.importers.date_formats import COMMON, Narrowing, Unreadable, loose_pattern
from journal.limits import MAX_TEXT
from journal.text import quoted_value

STAR_NOTE = "Starred in jrnl."
_HEADER = re.compile(
    r"\[(?P<date>\d{4}-\d{2}-\d{2}) (?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?: ?(?P<half>[AaPp][Mm]))?\](?P<star>\*)?(?:[ \t]+(?P<title>.*))?"
)
DEFAULT_TAG_SYMBOLS = "#@"
_JSON_HINT = (
    "or export it with jrnl --format json > journal.json and import that, which holds"
    " its dates as ISO"
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_JSON_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def tag_pattern(symbols: str = DEFAULT_TAG_SYMBOLS) -> re.Pattern[str]:
    """jrnl's tag: a tag symbol not after other text, then word characters and -+*#/."""
    return re.compile(rf"(?<!\S)([{re.escape(symbols)}][-+*#/\w]+)")


def tags_in(text: str, symbols: str = DEFAULT_TAG_SYMBOLS) -> list[str]:
    """The tags jrnl finds in a text, in order, lowercased as jrnl does (symbol kept)."""
    return [tag.lower() for tag in tag_pattern(symbols).findall(text)]


def jrnl_settings(text: str) -> tuple[str | None, str | None]:
    """(timeformat, tagsymbols) from a jrnl.yaml, None for one it does not set. Only the
    top-level keys: a journal's own overrides are not read."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"(timeformat|tagsymbols)\s*:\s*(.*?)\s*$", line)
        if match is None:
            continue
        value = match[2]
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:  # a comment after a plain value
            value = value.split(" #", 1)[0].rstrip()
        found[match[1]] = value
    return found.get("timeformat") or None, found.get("tagsymbols") or None


def clean_body(body: str) -> str:
    """The body without the blank lines before it and the whitespace after it; the rest is
    kept exactly, indentation included."""
    start = 0
    while True:
        end = body.find("\n", start)
        if end < 0 or body[start:end].strip():
            break
        start = end + 1
    return body[start:].rstrip()


def situation_text(title: str, body: str) -> str:
    """The title, then the (cleaned) body as a paragraph below it when there is one."""
    title = title.strip()
    body = clean_body(body)
    if not body:
        return title
    return f"{title}\n\n{body}" if title else body


def _json_text(item: dict[str, Any], name: str, where: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFormatError(f"{where}: the {name} is not text")
    return value


class JrnlImporter:
    name = "jrnl"

    def sniff(self, head: bytes, filename: str) -> bool:
        text = head.removeprefix(BOM).lstrip()
        if text.startswith(b"{"):
            # jrnl's export starts with its tag counts or its entries with titles.
            return b'"creationDate"' not in text and (
                re.match(rb'\{\s*"tags"\s*:\s*\{', text) is not None
                or (b'"entries"' in text and b'"title"' in text and b'"body"' in text)
            )
        first_line = text.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
        if _HEADER.fullmatch(first_line) is not None:
            return True
        stamp = _stamp(first_line)
        return stamp is not None and Narrowing(COMMON).fits(stamp[0])

    def read(self, handle: BinaryIO, options: ImportOptions) -> Iterator[ImportedEntry]:
        first, stream = peek_start(handle)
        if first == b"{":
            return self._read_json(stream)
        return _TextReader(options).entries(stream)

    def _read_json(self, stream: BinaryIO) -> Iterator[ImportedEntry]:
        for number, item in json_entries(stream, label="jrnl"):
            where = f"entry {number}"
            if not isinstance(item, dict):
                raise ImportFormatError(f"{where}: expected an object with a title and a date")
            day_text = item.get("date")
            if not isinstance(day_text, str) or not day_text:
                raise ImportFormatError(f"{where}: has no date")
            day = _iso_date(day_text, where)
            time_text = item.get("time")
            clock = "00:00:00"  # jrnl always writes the time; midnight if it is missing
            if time_text is not None:
                clock = _json_clock(time_text, where)
            title = _json_text(item, "title", where)
            body = _json_text(item, "body", where)
            tags = item.get("tags") or []
            if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
                raise ImportFormatError(f"{where}: the tags are not a list of text")
            kind, triggers = kind_and_triggers(tags)
            yield ImportedEntry(
                where=where,
                key=_key(day, clock, title, body),
                situation=situation_text(title, body),
                occurred_on=day,
                logged_at=f"{day.isoformat()}T{clock}",
                kind=kind,
                triggers=triggers,
                notes=(STAR_NOTE,) if item.get("starred") is True else (),
            )


def _stamp(line: str) -> tuple[str, str] | None:
    """(what is between the brackets, the rest) of a line that starts with [...]."""
    if not line.startswith("["):
        return None
    end = line.find("]")
    return (line[1:end], line[end + 1 :]) if end > 1 else None


@dataclass
class _Pending:
    header: _Header
    stamp: str | None  # the header's date as written, while the format is not settled
    body: list[str]


class _TextReader:
    """jrnl's text file: headers and bodies, the header's date read in the journal's format
    (ISO headers as jrnl's default writes them; else the format given or recognised)."""

    def __init__(self, options: ImportOptions) -> None:
        self.symbols = options.tag_symbols or DEFAULT_TAG_SYMBOLS
        given = options.date_format
        self.narrowing: Narrowing | None = Narrowing([given]) if given else None
        self.iso = False  # headers like [2020-08-29 11:11], read by the fixed pattern

    def header(self, line: str, number: int, first: bool) -> _Pending | None:
        if self.narrowing is None and (self.iso or first):
            parsed = _parse_header(line, number)
            if parsed is not None:
                self.iso = True
                return _Pending(parsed, None, [])
            if self.iso:
                return None
        stamp = _stamp(line.rstrip())
        if stamp is None or self.iso:
            return None
        if self.narrowing is None:
            self.narrowing = Narrowing(COMMON)
        text, rest = stamp
        if not self.narrowing.fits(text):
            # A line that has the shape of a header but no date in it is a wrong header, not
            # body text that happens to start with [.
            if any(loose_pattern(fmt).fullmatch(text.strip()) for fmt in self.narrowing.formats):
                formats = " or ".join(repr(fmt) for fmt in self.narrowing.formats[:2])
                raise ImportFormatError(
                    f"line {number}: {text.strip()!r} is not a date and time in the journal's"
                    f" timeformat ({formats})"
                )
            return None
        moment = self.narrowing.read(text)
        assert not isinstance(moment, Unreadable)  # it fits
        title, starred = _title(rest)
        if moment is None:  # read more than one way: settled by a later header
            return _Pending(_Header(number, date.min, "", title, starred), text, [])
        return _Pending(
            _Header(number, moment.date(), f"{moment:%H:%M:%S}", title, starred), None, []
        )

    def entries(self, stream: BinaryIO) -> Iterator[ImportedEntry]:
        waiting: list[_Pending] = []  # in file order; the first may wait for its date
        current: _Pending | None = None
        held = 0  # bytes of the entry being read
        for number, raw in enumerate(_lines(stream), start=1):
            if len(raw) > _MAX_ENTRY_BYTES:  # refused before it is read whole
                if current is None or raw.removeprefix(BOM).startswith(b"["):
                    raise _too_long(f"line {number}")  # this line starts the entry
                raise _too_long(f"line {current.header.line}")
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise ImportFormatError(
                    f"line {number}: the file is not UTF-8 text ({error.reason});"
                    " save it as UTF-8 and import again"
                ) from error
            line = line.removesuffix("\n").removesuffix("\r")
            header = self.header(line, number, first=current is None) if line else None
            held = len(raw) if header is not None else held + len(raw)
            if held > _MAX_ENTRY_BYTES and current is not None:
                raise _too_long(f"line {current.header.line}")
            if header is not None:
                if current is not None:
                    waiting.append(current)
                    yield from self._settled(waiting)
                current = header
            elif current is not None:
                current.body.append(line)
            elif line.strip():
                raise ImportFormatError(
                    f"line {number}: expected an entry header like [2020-08-29 11:11] Title;"
                    " a journal kept with another timeformat imports with --jrnl-config PATH"
                    " (your jrnl.yaml) or --date-format FORMAT, " + _JSON_HINT
                )
        if current is not None:
            waiting.append(current)
            yield from self._settled(waiting)
        if waiting:
            assert self.narrowing is not None
            raise ImportFormatError(
                f"line {waiting[0].header.line}: "
                + self.narrowing.ambiguity(
                    "--date-format", ", or give your jrnl.yaml with --jrnl-config PATH"
                )
            )

    def _settled(self, waiting: list[_Pending]) -> Iterator[ImportedEntry]:
        """The entries at the front whose dates are known, taken off the list."""
        while waiting:
            pending = waiting[0]
            if pending.stamp is not None:
                assert self.narrowing is not None
                moment = self.narrowing.settled(pending.stamp)
                if moment is None:
                    return
                pending.header = replace(
                    pending.header, day=moment.date(), clock=moment.strftime("%H:%M:%S")
                )
                pending.stamp = None
            yield _text_entry(waiting.pop(0).header, pending.body, self.symbols)


def _title(rest: str) -> tuple[str, bool]:
    """A header's title from what follows its "]", and whether jrnl marked the entry starred
    (a * right after the "]", or after the title)."""
    starred = rest.startswith("*")
    title = rest.removeprefix("*").strip()
    if title == "*" or (title.endswith("*") and title[-2].isspace()):
        starred = True
        title = title[:-1].rstrip()
    return title, starred


# An entry's text holds at most MAX_TEXT characters (4 bytes each at most): reading stops
# there, so one line of 300 MB is not held in memory to be refused.
_MAX_ENTRY_BYTES = MAX_TEXT * 4 + 1024


def _too_long(where: str) -> ImportFormatError:
    return ImportFormatError(
        f"{where}: the situation is more than {MAX_TEXT:,} characters long; a field holds at"
        f" most {MAX_TEXT:,}"
    )


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """The file's lines, none read longer than an entry can be (the rest of a longer one
    comes as the next line, and the entry is refused for its length)."""
    while True:
        line = stream.readline(_MAX_ENTRY_BYTES + 1)
        if not line:
            return
        yield line


@dataclass(frozen=True, slots=True)
class _Header:
    line: int
    day: date
    clock: str  # HH:MM:SS, 24-hour
    title: str
    starred: bool


def _parse_header(line: str, number: int) -> _Header | None:
    match = _HEADER.fullmatch(line.rstrip())
    if match is None:
        return None
    where = f"line {number}"
    day = _iso_date(match["date"], where)
    hour, minute = int(match["hour"]), int(match["minute"])
    second = int(match["second"] or 0)
    half = (match["half"] or "").upper()
    if half and not 1 <= hour <= 12:
        raise ImportFormatError(f"{where}: {match['hour']} is not an hour on a 12-hour clock")
    if half:
        hour = hour % 12 + (12 if half == "PM" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ImportFormatError(
            f"{where}: {match['hour']}:{match['minute']} in the header is not a time of day"
        )
    title, starred = _title(("*" if match["star"] else " ") + (match["title"] or ""))
    return _Header(number, day, f"{hour:02d}:{minute:02d}:{second:02d}", title, starred)


def _text_entry(header: _Header, body_lines: list[str], symbols: str) -> ImportedEntry:
    body = "\n".join(body_lines)
    situation = situation_text(header.title, body)
    kind, triggers = kind_and_triggers(tags_in(situation, symbols))
    day = header.day.isoformat()
    return ImportedEntry(
        where=f"line {header.line}",
        key=_key(header.day, header.clock, header.title, body),
        situation=situation,
        occurred_on=header.day,
        logged_at=f"{day}T{header.clock}",
        kind=kind,
        triggers=triggers,
        notes=(STAR_NOTE,) if header.starred else (),
    )


def _key(day: date, clock: str, title: str, body: str) -> str:
    # The same entry read from the text file or from the JSON export gets the same key
    # when jrnl split its title and body the same way.
    return record_key("jrnl", day.isoformat(), clock, title.strip(), clean_body(body))


def _iso_date(text: str, where: str) -> date:
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ImportFormatError(f"{where}: {text} is not a date (expected YYYY-MM-DD)")


def _json_clock(value: object, where: str) -> str:
    match = _JSON_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is not None:
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        if hour <= 23 and minute <= 59 and second <= 59:
            return f"{hour:02d}:{minute:02d}:{second:02d}"
    raise ImportFormatError(f"{where}: the time {quoted_value(value)} is not HH:MM")
