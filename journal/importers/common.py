"""What the importers share: the slip/save tag rule, peeking at a stream that may not seek,
reading the "entries" array of a JSON export one item at a time, and the bounds every JSON
file is read within."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any, BinaryIO

import ijson

from journal.importers import ImportFormatError
from journal.records import KINDS

BOM = b"\xef\xbb\xbf"


def kind_and_triggers(tags: Iterable[str]) -> tuple[str | None, tuple[str, ...]]:
    """Split tags into the kind they name (slip/save tags) and the triggers (the rest).

    Each trigger is kept once (the first spelling), without its leading @ or #."""
    kinds: set[str] = set()
    triggers: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        text = tag.strip().lstrip("@#").strip()
        folded = text.casefold()
        if not text:
            continue
        if folded in KINDS:
            kinds.add(folded)
        elif folded not in seen:
            seen.add(folded)
            triggers.append(text)
    kind = kinds.pop() if len(kinds) == 1 else None
    return kind, tuple(triggers)


class Replay(io.RawIOBase):
    """A binary stream that gives back bytes already read from `handle`, then the rest of it,
    so a format can be told from a peek even when the file cannot seek (a pipe)."""

    def __init__(self, prefix: bytes, handle: BinaryIO) -> None:
        super().__init__()
        self._prefix = prefix
        self._handle = handle

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._prefix:
            size = min(len(view), len(self._prefix))
            view[:size] = self._prefix[:size]
            self._prefix = self._prefix[size:]
            return size
        data = self._handle.read(len(view))
        view[: len(data)] = data
        return len(data)


def peek_start(handle: BinaryIO) -> tuple[bytes, BinaryIO]:
    """The first non-blank byte (b"" for an empty file) and a stream over the whole file."""
    seen = b""
    while True:
        chunk = handle.read(4096)
        seen += chunk
        body = seen[len(BOM) :] if seen.startswith(BOM) else seen
        stripped = body.lstrip()
        if stripped or not chunk:
            first = stripped[:1]
            break
    return first, io.BufferedReader(Replay(seen, handle))


# Bounds on any JSON file read (our export, jrnl's, Day One's). Our own exports nest 7 deep,
# and a field holds at most 20,000 characters (240 KB even written as \uXXXX escapes); what
# goes beyond is not a journal, and would otherwise take the parser's time and memory without
# end (100,000 levels: gigabytes; a 200 MB string: quadratic time).
MAX_DEPTH = 64
MAX_VALUE_BYTES = 1 << 20  # one string, as written in the file
MAX_BARE_BYTES = 100  # a number (or true, false, null)
MAX_ITEM_BYTES = 32 << 20  # one entry (or one item of any list), as written in the file
_ITEM_DEPTH = 2  # the document is depth 1, its lists 2: their items are what is built
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
# A bare value's bytes become 1, what ends one (space, brackets, commas, colons) 0: a run of
# ones longer than the bound is then found by a plain search.
_BARE = bytes.maketrans(
    bytes(range(256)), bytes(0 if chr(b) in " \t\r\n[]{},:" else 1 for b in range(256))
)
_LONG_BARE = b"\x01" * (MAX_BARE_BYTES + 1)


class JsonTooLarge(ImportFormatError):
    """A JSON file beyond the bounds any journal file keeps within (said without where)."""


class JsonBounds(io.RawIOBase):
    """A JSON byte stream, checked as it is read: nesting, one string's length, one bare
    value's length, one list item's size. Goes beyond one of them and the read raises
    JsonTooLarge, before the parser has built anything of it.

    A light scan of the bytes, exact for valid JSON: escapes and quotes tell strings apart
    (the bytes of '"' and '\\' never occur inside a multi-byte UTF-8 character), and only
    the brackets outside strings are counted. Invalid JSON is the parser's to name."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self._handle = handle
        self._in_string = False
        self._escape_pending = False  # the last chunk ended on a backslash inside a string
        self._string_bytes = 0
        self._depth = 0
        self._item_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._handle.read(len(view))
        view[: len(data)] = data
        if data:
            self._scan(bytes(data))
        return len(data)

    def _scan(self, chunk: bytes) -> None:
        if self._escape_pending:
            chunk = b"_" + chunk[1:]  # the escaped character: part of the string
            self._escape_pending = False
        # Escaped pairs become two plain bytes (an escaped quote does not end a string), and
        # a backslash left at the end escapes the next chunk's first byte.
        chunk = _ESCAPE.sub(b"__", chunk)
        self._escape_pending = chunk.endswith(b"\\")
        outside = chunk
        if self._in_string:
            end = chunk.find(b'"')
            self._string_grows(len(chunk) if end < 0 else end)
            if end < 0:
                self._item_grows(len(chunk))
                return
            self._in_string = False
            outside = chunk[end + 1 :]
        # Between quotes: outside, inside, outside … (a string that ends in this chunk is
        # shorter than the chunk, so only the one left open can grow too long).
        parts = outside.split(b'"')
        if len(parts) % 2 == 0:  # a string that goes on into the next chunk
            self._in_string = True
            self._string_bytes = 0
            self._string_grows(len(parts.pop()))
        outside = b"".join(parts[0::2])
        if outside.translate(_BARE).find(_LONG_BARE) >= 0:
            raise JsonTooLarge(
                f"a value in the file is more than {MAX_BARE_BYTES} characters long without"
                " quotes (a number that long is not one a journal holds)"
            )
        if self._brackets(outside) <= _ITEM_DEPTH:
            self._item_bytes = 0
        else:
            self._item_grows(len(chunk))

    def _string_grows(self, count: int) -> None:
        self._string_bytes += count
        if self._string_bytes > MAX_VALUE_BYTES:
            raise JsonTooLarge(
                f"a text in the file is more than {MAX_VALUE_BYTES // 1024:,} KB long; a field"
                " holds at most 20,000 characters"
            )

    def _item_grows(self, count: int) -> None:
        self._item_bytes += count
        if self._item_bytes > MAX_ITEM_BYTES:
            raise JsonTooLarge(
                f"one item in the file is more than {MAX_ITEM_BYTES >> 20} MB long; an entry"
                " with every field full and its notes takes well under 1 MB"
            )

    def _brackets(self, part: bytes) -> int:
        """Follow the nesting through `part`; returns the lowest depth reached."""
        brackets = part.translate(None, _NOT_BRACKETS)
        if not brackets:
            return self._depth
        levels = list(accumulate(map(_STEP.__getitem__, brackets), initial=self._depth))
        if max(levels) > MAX_DEPTH:
            raise JsonTooLarge(
                f"the file nests lists or objects more than {MAX_DEPTH} levels deep; journal"
                " files nest a few levels at most"
            )
        self._depth = levels[-1]
        return min(levels)


def bounded_json(handle: BinaryIO) -> BinaryIO:
    """`handle` read through JsonBounds (buffered, as the parser wants it)."""
    return io.BufferedReader(JsonBounds(handle))


def skip_bom(stream: BinaryIO) -> BinaryIO:
    """The stream past a UTF-8 byte-order mark, which JSON parsers refuse."""
    head = stream.read(len(BOM))
    if head == BOM:
        return stream
    return io.BufferedReader(Replay(head, stream))


def json_invalid(error: Exception, where: str) -> ImportFormatError:
    detail = error.args[0] if error.args else ""
    if isinstance(detail, bytes):  # the C parser's message comes as bytes, several lines long
        detail = detail.decode("utf-8", "replace")
    reason = str(detail).split("\n")[0].strip().rstrip(".") or "unexpected end of file"
    if "integer overflow" in reason:
        return ImportFormatError(
            f"{where}: a whole number in the file is larger than any a journal holds (at most"
            f" {2**63 - 1:,}); the file was edited by hand or made by another program"
        )
    return ImportFormatError(
        f"{where}: not valid JSON ({reason}); the file may be cut short or edited by hand"
    )


def json_entries(handle: BinaryIO, *, label: str) -> Iterator[tuple[int, Any]]:
    """(number, item) for each item of the top-level "entries" array, one at a time.

    Raises ImportFormatError when the file is not JSON or has no "entries" array; `label`
    names the tool in that message."""
    recording = _Recording(bounded_json(skip_bom(handle)))
    number = 0
    try:
        # ijson's C parser builds the items; checking for the array itself costs a second
        # look, taken only when no entry was found.
        for item in ijson.items(io.BufferedReader(recording), "entries.item", use_float=True):
            number += 1
            yield number, item
    except JsonTooLarge as error:
        where = f"after entry {number}" if number else "the file"
        raise JsonTooLarge(f"{where}: {error}") from error
    except ijson.JSONError as error:
        where = f"after entry {number}" if number else "the file"
        raise json_invalid(error, where) from error
    except UnicodeDecodeError as error:
        # A lone surrogate written as an escape (\udc00) reaches us as bytes that are not UTF-8.
        raise ImportFormatError(
            f"entry {number + 1}: holds text that is not valid UTF-8 ({error.reason});"
            " save the file as UTF-8 and import again"
        ) from error
    if number == 0 and not _has_entries_array(recording):
        raise ImportFormatError(
            f'the file has no "entries" list at its top level, so it is not a {label} export'
        )


class _Recording(io.RawIOBase):
    """A stream that keeps its first bytes, to look at a small file again after parsing."""

    LIMIT = 1 << 20

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self._handle = handle
        self.head = bytearray()
        self.overflow = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self._handle.read(len(view))
        view[: len(data)] = data
        if not self.overflow:
            self.head += data
            self.overflow = len(self.head) > self.LIMIT
        return len(data)


def _has_entries_array(recording: _Recording) -> bool:
    if recording.overflow:
        return False  # a large file without a single entry: not an export worth reading
    events = ijson.parse(io.BytesIO(bytes(recording.head)))
    return any(prefix == "entries" and event == "start_array" for prefix, event, _ in events)
