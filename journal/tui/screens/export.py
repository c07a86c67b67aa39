"""The export dialog (x): a format, a period, how private, a file; written in a worker.

md and html are the coach summary of one quarter (by default the quarter the review opens on);
json and csv can also hold the whole journal. The period, the file name and the privacy are
checked as they change, and a problem is shown in one line under the fields; nothing is written
until everything reads. The journal, its backups, folders, pipes and devices are refused
outright; an existing file is replaced only when the person says so. The dialog picks the
exporter and opens the file through `private_output` for the store to write into: only its owner
can read it, and it appears whole or not at all.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, RadioSet, Static
from textual.worker import get_current_worker

from journal.errors import JournalError
from journal.periods import Period, Quarter, parse_period
from journal.sentences import plural, span_text
from journal.tui.host import JournalHost, host_of
from journal.tui.widgets.pick import Pick

if TYPE_CHECKING:
    from journal.services.leftovers import CheckResult

FORMATS: tuple[tuple[str, str, str], ...] = (
    # (format, label, what it is in one line)
    ("md", "Markdown", "The coach summary of one quarter; reads as plain text."),
    ("html", "HTML", "The coach summary of one quarter as one page any browser opens."),
    ("json", "JSON", "Everything, lossless; journal import reads it back."),
    ("csv", "CSV", "One row per entry, for a spreadsheet."),
)
SUMMARY_FORMATS = ("md", "html")
PRIVACY: tuple[tuple[str, str], ...] = (
    ("full", "Full: everything as written."),
    ("redact", "Redact: customers become Customer A, B, …; private names are withheld."),
    ("patterns-only", "Patterns only: the figures and the review, redacted, without entries."),
)
PRIVACY_SUFFIX = {"full": "", "redact": "-redacted", "patterns-only": "-patterns"}
TRASH: tuple[tuple[str, str], ...] = (
    ("leave-out", "Leave the trash out."),
    ("include", "Include the entries in the trash (a lossless copy)."),
)
EVERYTHING = "everything"
EVERYTHING_WORDS = frozenset({"everything", "all", "all of it", "the whole journal"})
EXTENSIONS = {"md": ".md", "html": ".html", "json": ".json", "csv": ".csv"}


class Cancelled(Exception):
    """Raised inside the export when the person left: the file is then not written."""


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """Everything the worker needs, read from the fields once they all made sense."""

    fmt: str
    period: Period | None  # None: the whole journal
    privacy: str
    path: Path
    with_trash: bool = False
    checked: bool = False  # a redacted export: the person saw what is left and said write
    replace: bool = False  # the person said to replace the file there


class ExportScreen(ModalScreen[Path | None]):
    """Dismisses with the written file, or None when left with escape."""

    CSS_PATH = "export.tcss"

    BINDINGS = [
        Binding("ctrl+s,enter", "export", "Export", id="export-write", tooltip="Write the file"),
        Binding("escape", "leave", "Cancel", id="export-cancel", tooltip="Leave; nothing written"),
    ]

    def __init__(self, *, default_quarter: Quarter) -> None:
        super().__init__(id="export")
        self.default_quarter = default_quarter
        self._auto_period = ""  # what this dialog last filled in, to know if it was changed
        self._auto_path = ""
        self._exporting = False

    @property
    def journal_app(self) -> JournalHost:
        return host_of(self)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="export-dialog"):
            yield Label("Export", classes="dialog-title")
            with Horizontal(classes="export-row"):
                yield Label("Format", classes="export-label")
                yield Pick(
                    tuple((key, label) for key, label, _ in FORMATS),
                    "md",
                    id="export-format",
                    classes="across",
                )
            yield Static(id="export-format-about", classes="export-about")
            with Horizontal(classes="export-row"):
                yield Label("Period", classes="export-label")
                yield Input(placeholder="2026-Q3, this, last or everything", id="export-period")
            yield Static(id="export-period-about", classes="export-about")
            with Horizontal(classes="export-row"):
                yield Label("Privacy", classes="export-label")
                yield Pick(PRIVACY, "full", id="export-privacy")
            # Only a full json export may carry the trash: the row shows for it alone.
            with Horizontal(classes="export-row", id="export-trash-row"):
                yield Label("Trash", classes="export-label")
                yield Pick(TRASH, "leave-out", id="export-trash")
            with Horizontal(classes="export-row"):
                yield Label("File", classes="export-label")
                yield Input(id="export-path")
            if self.journal_app.journal.encrypted:  # said once, here: exports are plain text
                yield Label(
                    "The journal is encrypted; the export will not be: anyone who gets the file"
                    " can read it.",
                    id="export-plaintext",
                    classes="hint",
                )
            yield Label("", id="export-problem", classes="problem")
            yield ProgressBar(show_eta=False, id="export-progress")
            yield Label(
                "Enter or ctrl+s exports · Tab next field · arrows choose · escape cancels",
                id="export-keys",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False
        self._refresh_fields()
        self.query_one("#export-format", Pick).focus()

    # --- reading the fields ---------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return self.query_one("#export-format", Pick).value

    @property
    def privacy(self) -> str:
        return self.query_one("#export-privacy", Pick).value

    @property
    def trash_allowed(self) -> bool:
        return self.fmt == "json" and self.privacy == "full"

    @property
    def with_trash(self) -> bool:
        return self.trash_allowed and self.query_one("#export-trash", Pick).value == "include"

    def _needs_quarter(self) -> bool:
        return self.fmt in SUMMARY_FORMATS or self.privacy == "patterns-only"

    def _quarter_words(self) -> str:
        app = self.journal_app
        if app.settings.fiscal_year_start_month != 1:
            return "a quarter such as FY2027-Q1, this or last"
        return "a quarter such as 2026-Q3, this or last"

    def read_period(self) -> Period | None:
        """The period typed, None for the whole journal; raises with a sentence to show."""
        typed = " ".join(self.query_one("#export-period", Input).value.split())
        text = typed.lower()
        if text in EVERYTHING_WORDS or (not text and not self._needs_quarter()):
            if self._needs_quarter():
                what = (
                    "patterns only covers"
                    if self.fmt not in SUMMARY_FORMATS
                    else "a summary covers"
                )
                raise JournalError(
                    f"{what} one quarter, not everything: type {self._quarter_words()}"
                )
            return None
        if not text:
            raise JournalError(f"Type {self._quarter_words()}.")
        app = self.journal_app
        return parse_period(
            typed, today=app.today, fiscal_start_month=app.settings.fiscal_year_start_month
        )

    def read_path(self) -> Path:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            raise JournalError(f"Name the file, such as {self._suggested_path()}.")
        return Path(os.path.abspath(Path(text).expanduser()))

    def _suggested_period(self) -> str:
        return self.default_quarter.label if self._needs_quarter() else EVERYTHING

    def _suggested_path(self) -> str:
        try:
            period = self.read_period()
        except JournalError:
            period = Period.of_quarter(self.default_quarter)
        name = period.label if period is not None else f"all-{self.journal_app.today.isoformat()}"
        suffix = PRIVACY_SUFFIX[self.privacy]
        return f"~/journal-{name.replace(' ', '_')}{suffix}{EXTENSIONS[self.fmt]}"

    # --- keeping the fields in step --------------------------------------------------------

    @on(RadioSet.Changed)
    def _choice_changed(self) -> None:
        self._refresh_fields()

    @on(Input.Changed, "#export-period")
    def _period_changed(self) -> None:
        self._refresh_fields()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._show_problem("")

    def _refresh_fields(self) -> None:
        """After any change: csv has no patterns-only; untouched fields follow the choices."""
        formats = self.query_one("#export-format", Pick)
        privacy = self.query_one("#export-privacy", Pick)
        csv = self.fmt == "csv"
        if csv and self.privacy == "patterns-only":
            privacy.choose("redact")  # the nearest that keeps names at home
        privacy.enable("patterns-only", not csv)
        self.query_one("#export-trash-row").display = self.trash_allowed
        about = dict((key, about) for key, _, about in FORMATS)[formats.value]
        if csv:
            about = about[:-1] + " (so not patterns only)."
        self.query_one("#export-format-about", Static).update(about)

        period_box = self.query_one("#export-period", Input)
        if period_box.value == self._auto_period:
            wanted = self._suggested_period()
            if wanted != period_box.value:
                self._auto_period = wanted
                with period_box.prevent(Input.Changed):
                    period_box.value = wanted
        self._show_period()

        path_box = self.query_one("#export-path", Input)
        if path_box.value == self._auto_path:
            wanted = self._suggested_path()
            if wanted != path_box.value:
                self._auto_path = wanted
                with path_box.prevent(Input.Changed):
                    path_box.value = wanted

    def _show_period(self) -> None:
        about = self.query_one("#export-period-about", Static)
        box = self.query_one("#export-period", Input)
        try:
            period = self.read_period()
        except JournalError as error:
            box.add_class("-invalid")
            about.update(Text(_sentence(str(error)), style="italic"))
            about.add_class("problem")
            return
        box.remove_class("-invalid")
        about.remove_class("problem")
        if period is None:
            about.update(
                "The whole journal, the trash too."
                if self.with_trash
                else "The whole journal (not the trash)."
            )
            return
        text = f"{period.label}: {span_text(period.start, period.end, joiner=' to ')}"
        if period.quarter == self.default_quarter:
            text += " · the review's quarter"
        if period.start <= self.journal_app.today < period.end:
            text += ", still running" if period.quarter == self.default_quarter else " · running"
        about.update(text)

    def _show_problem(self, message: str) -> None:
        self.query_one("#export-problem", Label).update(_sentence(message) if message else "")

    # --- writing --------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        if self._exporting:
            return
        try:
            period = self.read_period()
        except JournalError:
            self._show_period()  # the reason is already under the period, in one place
            self.query_one("#export-period", Input).focus()
            return
        try:
            path = self.read_path()
        except JournalError as error:
            self._show_problem(str(error))
            self.query_one("#export-path", Input).focus()
            return
        try:
            # A folder, a pipe, a device, the journal or one of its backups: never written.
            target = self.journal_app.journal.export_target(path)
        except JournalError as error:
            self._show_problem(str(error))
            self.query_one("#export-path", Input).focus()
            return
        request = ExportRequest(self.fmt, period, self.privacy, path, self.with_trash)
        if os.path.lexists(target):
            from journal.tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._start(replace(request, replace=True))

            self.app.push_screen(
                ConfirmScreen(
                    f"{path} already exists. Replace it?",
                    yes="Replace",
                    no="Keep it",
                    id="export-replace",
                ),
                answered,
            )
            return
        self._start(request)

    def _start(self, request: ExportRequest) -> None:
        self._exporting = True
        self._show_problem("")
        progress = self.query_one("#export-progress", ProgressBar)
        progress.update(total=None, progress=0)
        progress.display = True
        for widget in (*self.query(Input), *self.query(Pick)):
            widget.disabled = True
        if request.privacy != "full" and not request.checked:
            # See before you share: what the redacted text still shows, then write or not.
            self.query_one("#export-keys", Label).update("Checking what is left… escape stops")
            self._check(request)
            return
        self.query_one("#export-keys", Label).update("Exporting… escape stops (nothing written)")
        self._write(request)

    @work(thread=True, exclusive=True, group="export")
    def _check(self, request: ExportRequest) -> None:
        app = self.journal_app
        worker = get_current_worker()
        try:
            result = app.journal.check_export(
                request.fmt,
                period=request.period,
                privacy=request.privacy,
                today=app.today,
                calendar=app.calendar,
                private_names=app.settings.private_names,
            )
        except JournalError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # a bug: said in the dialog, never with the journal's words
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, _failure(error))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_check, request, result)

    def _show_check(self, request: ExportRequest, result: CheckResult) -> None:
        from journal.config import config_path
        from journal.tui.screens.share_check import ShareCheckScreen

        period = request.period.label if request.period is not None else "everything"
        what = f"{request.fmt} ({plural(result.entries, 'entry')}, {period})"

        def answered(write: bool | None) -> None:
            if write:
                self._start(replace(request, checked=True))
            else:
                self._failed("")  # back to the fields, nothing written

        self.app.push_screen(
            ShareCheckScreen(result, what=what, config=str(config_path())), answered
        )

    @work(thread=True, exclusive=True, group="export")
    def _write(self, request: ExportRequest) -> None:
        app = self.journal_app
        worker = get_current_worker()
        progress = self.query_one("#export-progress", ProgressBar)
        done = 0
        every = 1

        def total(count: int) -> None:
            nonlocal every
            every = max(1, count // 100)  # about a hundred updates, however large
            self.app.call_from_thread(progress.update, total=count or None)

        def one_more() -> None:
            nonlocal done
            if worker.is_cancelled:
                raise Cancelled
            done += 1
            if done % every == 0:
                self.app.call_from_thread(progress.update, progress=done)

        from journal.exporters import exporter_for, private_output

        def output() -> AbstractContextManager[TextIO]:
            protected = app.journal.protected_files
            return private_output(
                request.path, protected=protected, replace=request.replace, newline=""
            )

        try:
            written = app.journal.export(
                request.fmt,
                exporter_for(request.fmt),
                output,
                period=request.period,
                trigger=None,
                privacy=request.privacy,
                today=app.today,
                calendar=app.calendar,
                private_names=app.settings.private_names,
                on_entry=one_more,
                on_total=total,
                with_trash=request.with_trash,
            )
        except Cancelled:
            return
        except JournalError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, str(error))
            return
        except Exception as error:  # a bug: said in the dialog, never with the journal's words
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, _failure(error))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._finished, request, written)

    def _failed(self, message: str) -> None:
        self._exporting = False
        self.query_one("#export-progress", ProgressBar).display = False
        for widget in (*self.query(Input), *self.query(Pick)):
            widget.disabled = False
        self._refresh_fields()
        self.query_one("#export-keys", Label).update(
            "Enter or ctrl+s exports · Tab next field · arrows choose · escape cancels"
        )
        self._show_problem(message)
        self.query_one("#export-path", Input).focus()

    def _finished(self, request: ExportRequest, written: int) -> None:
        what = (
            "the figures and the review"
            if request.privacy == "patterns-only"
            else plural(written, "entry")
        )
        self.app.notify(f"Exported {what} to {request.path}", title="Exported", timeout=8)
        self.dismiss(request.path)

    def action_leave(self) -> None:
        if self._exporting:
            self.workers.cancel_group(self, "export")
            self.app.notify("Export stopped; nothing was written.")
        self.dismiss(None)


def _failure(error: Exception) -> str:
    """An unexpected failure in one line: its kind only, as its message may quote the journal."""
    return (
        f"the export failed ({type(error).__name__}) and nothing was written; the same export"
        " from the shell with --debug shows where"
    )


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."
