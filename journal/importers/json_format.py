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
from journal.importers.common import json_invalid

FORMAT_NAME = "journal-export"
FORMAT_VERSION = 2  # reads 1 too: entries without revisions
SECTIONS = ("triggers", "checkins", "reviews", "commitments")
_HEAD_SCALARS = ("format", "version", "schema")


@dataclass(slots=True)
class Document:
    format: str | None = None
    version: int | None = None
    schema: int | None = None
    scope: dict[str, Any] = field(default_factory=dict)
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
        for prefix, event, value in ijson.parse(handle, use_float=True):
            if prefix in _HEAD_SCALARS and event in ("string", "number"):
                setattr(document, prefix, value)
                continue
            if prefix == "entries" and event == "start_array":
                document.has_entries = True
                if all(name in document.sections for name in SECTIONS):
                    break
                continue
            if prefix == "figures" and event == "start_map":
                document.has_figures = True
            section = prefix.split(".", 1)[0]
            if section not in (*SECTIONS, "scope"):
                continue
            if prefix == section and event == "start_array":
                document.sections[section] = []
                continue
            if prefix == "scope" and event == "start_map":
                builders["scope"] = ijson.ObjectBuilder()
            if prefix == f"{section}.item" and event == "start_map":
                builders[section] = ijson.ObjectBuilder()
            builder = builders.get(section)
            if builder is None:
                continue
            builder.event(event, value)
            if event == "end_map" and prefix in ("scope", f"{section}.item"):
                if section == "scope":
                    document.scope = builder.value
                else:
                    document.sections[section].append(builder.value)
                del builders[section]
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise _invalid(error, "the file") from error
    if document.format != FORMAT_NAME:
        raise ImportFormatError(
            f"the file is not a journal export (its format is {document.format!r}, expected"
            f" {FORMAT_NAME!r}); for other tools' files give --format jrnl, dayone or csv"
        )
    if not isinstance(document.version, int) or document.version > FORMAT_VERSION:
        raise ImportFormatError(
            f"the export is format version {document.version}; this version of journal reads"
            f" up to {FORMAT_VERSION}: upgrade journal to import it"
        )
    for name, rows in document.sections.items():
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise ImportFormatError(f"{name} item {number}: expected an object")
    return document


def read_entries(handle: BinaryIO) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, entry object) for each entry, in file order: a second pass over the file."""
    handle.seek(0)
    number = 0
    try:
        for item in ijson.items(handle, "entries.item", use_float=True):
            number += 1
            where = f"entry {number}"
            if not isinstance(item, dict):
                raise ImportFormatError(f"{where}: expected an object with the entry's fields")
            if "id" in item:
                where += f" (id {item['id']})"
            yield where, item
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise _invalid(error, f"after entry {number}") from error
