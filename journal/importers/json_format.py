"""Reading our own JSON export (docs/export-format.md) as a stream.

The journal-wide parts (triggers, check-ins, reviews, commitments) are read first; entries
are then read one at a time on a second pass, so a file of any size takes little memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

import ijson

from journal.importers import ImportFormatError
from journal.importers.common import JsonTooLarge, bounded_json, json_invalid
from journal.text import quoted_value

FORMAT_NAME = "journal-export"
FORMAT_VERSION = 2  # reads 1 too: entries without revisions
SECTIONS = ("triggers", "checkins", "reviews", "commitments")
_HEAD_SCALARS = ("format", "version", "schema")
# The journal-wide parts are held in memory while the entries stream: no journal has more.
MAX_ITEMS = {"triggers": 10_000, "checkins": 100_000, "reviews": 10_000, "commitments": 30_000}
# What a section is when it is not the list it should be, by the parser's first event.
_NOT_A_LIST = {
    "start_map": "an object",
    "string": "text",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


@dataclass(slots=True)
class Document:
    format: str | None = None
    version: int | None = None
    schema: int | None = None
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    has_entries: bool = False
    has_figures: bool = False


def sniff(head: bytes) -> bool:
    return head.lstrip().startswith(b"{") and f'"{FORMAT_NAME}"'.encode() in head[:4096]


def _invalid(error: Exception, where: str) -> ImportFormatError:
    if isinstance(error, UnicodeDecodeError):
        return ImportFormatError(f"{where}: the file holds text that is not valid UTF-8")
    return json_invalid(error, where)


def read_head(handle: BinaryIO) -> Document:
    """Everything but the entries: a first pass that stops where the entries begin once the
    other parts have been seen (our own files put the entries last)."""
    document = Document()
    builders: dict[str, Any] = {}
    try:
        for prefix, event, value in ijson.parse(bounded_json(handle), use_float=True):
            if prefix in _HEAD_SCALARS and event in ("string", "number"):
                setattr(document, prefix, value)
                continue
            if prefix == "entries" and event == "start_array":
                document.has_entries = True
                if all(name in document.sections for name in SECTIONS):
                    break
                continue
            if prefix in ("entries", *SECTIONS) and event in _NOT_A_LIST:
                raise ImportFormatError(
                    f'"{prefix}" in the file is {_NOT_A_LIST[event]}, not a list; the file was'
                    " edited by hand or made by another program"
                )
            if prefix == "figures" and event == "start_map":
                document.has_figures = True
            section = prefix.split(".", 1)[0]
            if section not in SECTIONS:
                continue
            if prefix == section and event == "start_array":
                document.sections[section] = []
                continue
            if prefix == f"{section}.item" and section not in builders:
                if event != "start_map":
                    number = len(document.sections[section]) + 1
                    raise ImportFormatError(f"{section} item {number}: expected an object")
                if len(document.sections[section]) >= MAX_ITEMS[section]:
                    raise ImportFormatError(
                        f"the file holds more than {MAX_ITEMS[section]:,} {section}; no journal"
                        " holds that many"
                    )
                builders[section] = ijson.ObjectBuilder()
            builder = builders.get(section)
            if builder is None:
                continue
            builder.event(event, value)
            if event == "end_map" and prefix == f"{section}.item":
                document.sections[section].append(builder.value)
                del builders[section]
    except JsonTooLarge as error:
        raise JsonTooLarge(f"the file: {error}") from error
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise _invalid(error, "the file") from error
    if document.format != FORMAT_NAME:
        raise ImportFormatError(
            f"the file is not a journal export (its format is {quoted_value(document.format)},"
            f" expected {FORMAT_NAME!r}); for other tools' files give --format jrnl, dayone or"
            " csv"
        )
    if document.version is None:
        raise ImportFormatError(
            "the export does not say its format version; the file was edited by hand or made"
            " by another program"
        )
    if not isinstance(document.version, int) or isinstance(document.version, bool):
        raise ImportFormatError(
            f"the export's version is {quoted_value(document.version)}, not a whole number"
            f" such as {FORMAT_VERSION}; the file was edited by hand or made by another program"
        )
    if document.version > FORMAT_VERSION:
        raise ImportFormatError(
            f"the export is format version {document.version}; this version of journal reads"
            f" up to {FORMAT_VERSION}: upgrade journal to import it"
        )
    if not document.has_entries and not document.has_figures:
        raise ImportFormatError(
            'the export has no "entries" list, so there is nothing to import; the file was'
            " edited by hand or made by another program"
        )
    return document


def read_entries(handle: BinaryIO) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, entry object) for each entry, in file order: a second pass over the file."""
    handle.seek(0)
    number = 0
    try:
        for item in ijson.items(bounded_json(handle), "entries.item", use_float=True):
            number += 1
            where = f"entry {number}"
            if not isinstance(item, dict):
                raise ImportFormatError(f"{where}: expected an object with the entry's fields")
            if "id" in item:
                where += f" (id {item['id']})"
            yield where, item
    except JsonTooLarge as error:
        where = f"after entry {number}" if number else "the file"
        raise JsonTooLarge(f"{where}: {error}") from error
    except (ijson.JSONError, UnicodeDecodeError) as error:
        where = f"after entry {number}" if number else "in the first entry"
        raise _invalid(error, where) from error
