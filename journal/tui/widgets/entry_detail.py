"""The selected entry in full, with its later notes."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from journal.records import Entry, times


def _scale(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{'●' * value}{'○' * (5 - value)} {value}/5"


def edited_line(entry: Entry, history_key: str | None = None) -> str:
    """'edited 2 times, last 2026-04-05 12:00 (h: history)', or '' when never edited."""
    last = (entry.updated_at or "")[:16].replace("T", " ")
    if entry.edits:
        hint = f" ({history_key}: history)" if history_key else ""
        return f"edited {times(entry.edits)}, last {last}{hint}"
    if entry.updated_at:  # before this journal kept earlier versions
        return f"edited {last} (earlier versions were not kept)"
    return ""


def entry_renderable(
    entry: Entry, trigger_names: dict[str, str], history_key: str | None = None
) -> RenderableType:
    kind = Text(
        " SLIP " if entry.kind == "slip" else " SAVE ",
        style="bold reverse red" if entry.kind == "slip" else "bold reverse green",
    )
    title = Text.assemble(
        kind, f"  #{entry.id}  ", (entry.occurred_on.strftime("%a %d %b %Y"), "bold")
    )
    if entry.customer:
        title.append(f"  ·  {entry.customer}", style="bold")

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    names = [trigger_names.get(trigger, trigger) for trigger in entry.triggers]
    facts.add_row("Triggers", ", ".join(names) if names else "—")
    facts.add_row("Severity", _scale(entry.severity))
    facts.add_row("Pressure", _scale(entry.pressure))
    facts.add_row("Control", entry.control or "—")
    recovery = entry.recovery
    if entry.recovery_note:
        recovery += f" — {entry.recovery_note}"
    facts.add_row("Recovery", recovery)
    if entry.follow_up_on:
        facts.add_row("Follow up", entry.follow_up_on.isoformat())

    parts: list[RenderableType] = [title, Text(""), Text(entry.situation), Text(""), facts]
    for label, value in (("Impact", entry.impact), ("Next time", entry.next_time)):
        if value:
            parts += [Text(""), Text(label, style="bold"), Text(value)]
    if entry.notes:
        parts += [Text(""), Text(f"Later notes ({len(entry.notes)})", style="bold")]
        for note in entry.notes:
            parts.append(Text.assemble((note.written_at[:10] + "  ", "dim"), note.text))
    stamp = f"logged {entry.logged_at[:16].replace('T', ' ')}"
    if edited := edited_line(entry, history_key):
        stamp += f" · {edited}"
    parts += [Text(""), Text(stamp, style="dim")]
    return Group(*parts)


class EntryDetail(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    EntryDetail {
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show_entry(
        self, entry: Entry | None, trigger_names: dict[str, str], history_key: str | None = None
    ) -> None:
        body = self.query_one("#detail-body", Static)
        if entry is None:
            body.update(Text("No entry selected.", style="dim"))
        else:
            body.update(entry_renderable(entry, trigger_names, history_key))
        self.scroll_home(animate=False)

    def show_message(self, message: RenderableType) -> None:
        self.query_one("#detail-body", Static).update(message)
