"""Writing a journal out: one module per format behind one small interface.

An exporter takes an `ExportSource` (the service that reads the journal, already narrowed to
the scope and redacted when asked) and writes text to a stream. Entries arrive one at a
time, so memory stays flat however large the journal. `private_output` writes to a private
temporary file and gives it the target's name only when everything was written.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from journal.errors import JournalError
from journal.files import output_target, write_privately

if TYPE_CHECKING:
    from journal.services.exports import ExportSource

FORMATS = ("json", "csv", "md", "html")
EXTENSIONS = {"json": ".json", "csv": ".csv", "md": ".md", "html": ".html"}


class Exporter(Protocol):
    name: str

    def write(self, out: TextIO, source: ExportSource) -> int:
        """Write the export; returns how many entries it holds."""
        ...


def exporter_for(name: str) -> Exporter:
    if name == "json":
        from journal.exporters.json_format import JsonExporter

        return JsonExporter()
    if name == "csv":
        from journal.exporters.csv_format import CsvExporter

        return CsvExporter()
    if name == "md":
        from journal.exporters.markdown import MarkdownExporter

        return MarkdownExporter()
    if name == "html":
        from journal.exporters.html import HtmlExporter

        return HtmlExporter()
    raise JournalError(f"unknown export format {name!r}; use one of {', '.join(FORMATS)}")


@contextlib.contextmanager
def private_output(
    target: Path,
    *,
    protected: tuple[Path, ...] = (),
    replace: bool = False,
    newline: str | None = None,
) -> Iterator[TextIO]:
    """A text file only its owner can read, written whole or not at all, never through a
    pipe or a device nor over a journal or its backups (`protected`: the journal in use and
    its backups folder), and over another existing file only with `replace`."""
    real = output_target(target, protected=protected)
    with write_privately(real, replace=replace) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline=newline)
        yield out
        out.flush()
        out.detach()
