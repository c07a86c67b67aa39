"""What the importers share: the slip/save tag rule, peeking at a stream that may not seek,
and reading the "entries" array of a JSON export one item at a time."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

import ijson

from journal.importers import ImportFormatError

KIND_TAGS = ("slip", "save")
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
        if folded in KIND_TAGS:
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
    return ImportFormatError(
        f"{where}: not valid JSON ({reason}); the file may be cut short or edited by hand"
    )


def json_entries(handle: BinaryIO, *, label: str) -> Iterator[tuple[int, Any]]:
    """(number, item) for each item of the top-level "entries" array, one at a time.

    Raises ImportFormatError when the file is not JSON or has no "entries" array; `label`
    names the tool in that message."""
    recording = _Recording(skip_bom(handle))
    number = 0
    try:
        # ijson's C parser builds the items; checking for the array itself costs a second
        # look, taken only when no entry was found.
        for item in ijson.items(io.BufferedReader(recording), "entries.item", use_float=True):
            number += 1
            yield number, item
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
