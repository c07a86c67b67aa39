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
    import sqlite3
    from collections.abc import Callable
    from datetime import date

    from journal.periods import Calendar, Period
    from journal.services.exports import ExportSource

FORMATS = ("json", "csv", "md", "html")
EXTENSIONS = {"json": ".json", "csv": ".csv", "md": ".md", "html": ".html"}
# Formats that summarise figures; json and csv are the journal's own data.
SUMMARY_FORMATS = ("md", "html")


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


def export_source(
    conn: sqlite3.Connection,
    fmt: str,
    *,
    period: Period | None,
    trigger: str | None,
    privacy: str,
    today: date,
    calendar: Calendar,
    private_names: tuple[str, ...] = (),
    on_entry: Callable[[], None] | None = None,
    with_trash: bool = False,
) -> ExportSource:
    """What an export of `fmt` reads: refuses a privacy level the format cannot keep (and the
    trash anywhere but a full json export), and gives a summary with no period the quarter
    `journal review` would open."""
    from journal.periods import Period
    from journal.services.exports import PRIVACY_LEVELS, ExportScope, ExportSource
    from journal.services.reviews import default_quarter

    if privacy not in PRIVACY_LEVELS:
        raise JournalError(f"unknown privacy {privacy!r}; use one of {', '.join(PRIVACY_LEVELS)}")
    if privacy == "patterns-only" and fmt == "csv":
        raise JournalError(
            "--patterns-only leaves no entries, and csv holds only entries; use md, html or json"
        )
    if with_trash and (fmt != "json" or privacy != "full"):
        raise JournalError(
            "--with-trash is only for a full json export; summaries, csv and redacted exports"
            " never hold the trash"
        )
    if period is None and (fmt in SUMMARY_FORMATS or privacy == "patterns-only"):
        period = Period.of_quarter(default_quarter(conn, today=today, calendar=calendar))
    return ExportSource(
        conn,
        ExportScope(period=period, trigger=trigger, privacy=privacy, with_trash=with_trash),
        today=today,
        calendar=calendar,
        private_names=private_names,
        on_entry=on_entry,
    )


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
