"""Every version of one entry, oldest first: the account as first written in full, then what
each edit changed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from journal.errors import JournalError
from journal.records import (
    VERSION_FIELDS,
    VERSION_LABELS,
    Entry,
    EntryVersion,
    changes_between,
    shown_value,
    versions_words,
)
from journal.tui.screens.base import JournalAppScreen
from journal.tui.widgets.fitted_footer import FittedFooter


def moment(text: str) -> str:
    """'2026-03-27T18:05:00+01:00' as a person reads it: '2026-03-27 18:05'."""
    return text[:16].replace("T", " ")


def heading(version: EntryVersion, logged_at: str) -> str:
    if version.number == 1 and version.written_at == logged_at:
        written = f"as first written {moment(version.written_at)}"
    elif version.number == 1:  # edited before this journal kept versions
        written = f"written {moment(version.written_at)} (earlier versions were not kept)"
    else:
        written = f"written {moment(version.written_at)}"
    ending = "current" if version.current else f"replaced {moment(version.replaced_at or '')}"
    return f"Version {version.number} · {written} · {ending}"


def in_full(version: EntryVersion, trigger_names: dict[str, str]) -> RenderableType:
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    for name in VERSION_FIELDS:
        value = getattr(version, name)
        if name == "situation" or value in (None, (), False):
            continue
        if name == "triggers":
            value = tuple(trigger_names.get(t, t) for t in value)
        facts.add_row(VERSION_LABELS[name], shown_value(name, value))
    return Group(Text(version.situation), Text(""), facts)


def changes(before: EntryVersion, after: EntryVersion) -> RenderableType:
    found = changes_between(before, after)
    if not found:
        return Text("Nothing an edit shows changed.", style="dim")
    table = Table(expand=True, show_edge=False, pad_edge=False, show_lines=True)
    table.add_column("", style="bold", ratio=1, overflow="fold")
    table.add_column("Before", ratio=2, overflow="fold", style="dim")
    table.add_column("After", ratio=2, overflow="fold")
    for change in found:
        table.add_row(
            change.label,
            shown_value(change.field, change.before),
            shown_value(change.field, change.after),
        )
    return table


class HistoryScreen(JournalAppScreen):
    """Read-only; escape goes back to the journal."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="history-close", tooltip="Back to the journal"),
    ]

    def __init__(self, entry_id: int) -> None:
        super().__init__(id="history-screen")
        self.entry_id = entry_id

    def compose(self) -> ComposeResult:
        yield Static(id="history-title")
        yield VerticalScroll(id="history")
        yield FittedFooter()

    async def on_mount(self) -> None:
        store = self.journal_app.journal
        entry_id = self.entry_id

        def read() -> tuple[Entry, Sequence[EntryVersion], dict[str, str]] | str:
            try:
                entry = store.get(entry_id, include_deleted=True)
                found: Sequence[EntryVersion] = store.history(entry_id)
            except JournalError as error:
                return str(error)
            return entry, found, {t.id: t.name for t in store.triggers(with_counts=False)}

        result = await self.read_in_worker(read, name="entry history")
        if isinstance(result, str):
            self.query_one("#history-title", Static).update(result)
            return
        entry, found, names = result
        body = self.query_one("#history", VerticalScroll)
        self.query_one("#history-title", Static).update(
            f"History of entry {entry.id}: {versions_words(len(found))}  ·  escape goes back"
        )
        previous: EntryVersion | None = None
        for version in found:
            body.mount(Static(heading(version, entry.logged_at), classes="version-heading"))
            shown = in_full(version, names) if previous is None else changes(previous, version)
            body.mount(Static(shown, classes="version-body"))
            previous = version
        body.focus()

    def action_close(self) -> None:
        self.dismiss()
