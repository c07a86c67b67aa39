"""Printing for the CLI: Rich on a terminal, plain text in a pipe or with NO_COLOR.

Rich is imported only when it will be used, so scripted calls stay quick.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from journal.entry_text import list_cells, show_lines
from journal.records import (
    VERSION_FIELDS,
    VERSION_LABELS,
    Entry,
    EntryVersion,
    Trigger,
    changes_between,
    shown_value,
    versions_words,
    written_words,
)
from journal.words import noun


def use_rich(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and not os.environ.get("NO_COLOR")


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_entries(entries: Sequence[Entry], *, title: str | None = None) -> None:
    if use_rich():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left", expand=True, show_edge=False)
        table.add_column("id", justify="right", style="dim", no_wrap=True)
        table.add_column("date", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("sev", justify="right", no_wrap=True)
        table.add_column("triggers", overflow="fold", max_width=28)
        table.add_column("customer", overflow="ellipsis", max_width=20, no_wrap=True)
        table.add_column("situation", ratio=1, overflow="ellipsis", no_wrap=True)
        for entry in entries:
            cells = list_cells(entry)
            style = "dim" if entry.to_classify else "red" if entry.kind == "slip" else "green"
            table.add_row(
                str(cells.id),
                cells.occurred_on.isoformat(),
                f"[{style}]{cells.kind}[/]",
                cells.severity,
                cells.triggers,
                cells.customer,
                cells.headline,
            )
        Console().print(table)
        return
    if title:
        print(title)
    for entry in entries:
        cells = list_cells(entry)
        print(
            f"{cells.id:>6}  {cells.occurred_on.isoformat()}  {cells.kind:<4}"
            f"  {cells.severity:>1}  {_shorten(cells.triggers, 36):<36}"
            f"  {_shorten(cells.customer, 20):<20}  {_shorten(cells.headline, 80)}"
        )


def print_follow_ups(entries: Sequence[Entry]) -> None:
    """Due follow-ups: the day each was due first, then the entry it asks about."""
    for entry in entries:
        cells = list_cells(entry)
        due = entry.follow_up_on.isoformat() if entry.follow_up_on else ""
        print(
            f"due {due}  {cells.id:>6}  {cells.occurred_on.isoformat()}  {cells.kind:<4}"
            f"  {_shorten(cells.customer, 20):<20}  {_shorten(cells.headline, 70)}"
        )


def print_message(text: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    print(text, file=stream)


def print_entry(entry: Entry, trigger_names: dict[str, str]) -> None:
    pairs = show_lines(entry, trigger_names)
    if use_rich():
        from rich.console import Console
        from rich.markup import escape

        console = Console()
        for label, value in pairs:
            console.print(f"[bold]{label:>14}[/]  {escape(value)}")
        console.print()
        console.print(escape(entry.situation))
        if entry.notes:
            console.print("\n[bold]later notes[/]")
            for note in entry.notes:
                console.print(f"[dim]{note.written_at}[/]  {escape(note.text)}")
        return
    for label, value in pairs:
        print(f"{label:>14}  {value}")
    print()
    print(entry.situation)
    if entry.notes:
        print("\nlater notes")
        for note in entry.notes:
            print(f"{note.written_at}  {note.text}")


def history_lines(entry: Entry, versions: Sequence[EntryVersion]) -> list[tuple[str, str]]:
    """(style, line) for every version of an entry, oldest first: the first in full, each
    later one as what changed from the one before."""
    lines = [("bold", f"Entry {entry.id} · {versions_words(len(versions))}")]
    previous: EntryVersion | None = None
    for version in versions:
        stamp = written_words(version, entry.logged_at)
        ending = "current" if version.current else f"replaced {version.replaced_at}"
        lines += [("", ""), ("bold", f"Version {version.number} · {stamp} · {ending}")]
        if previous is None:
            for name in VERSION_FIELDS:
                value = getattr(version, name)
                if name == "situation" or value in (None, (), False):
                    continue
                lines.append(("", f"  {VERSION_LABELS[name]}: {shown_value(name, value)}"))
            lines.append(("", "  What happened:"))
            lines += [("", f"    {line}") for line in version.situation.splitlines()]
        else:
            for change in changes_between(previous, version):
                before = shown_value(change.field, change.before)
                after = shown_value(change.field, change.after)
                if "\n" in before + after or len(before) + len(after) > 60:
                    lines.append(("", f"  {change.label}, was:"))
                    lines += [("dim", f"    {line}") for line in before.splitlines()]
                    lines.append(("", f"  {change.label}, now:"))
                    lines += [("", f"    {line}") for line in after.splitlines()]
                else:
                    lines.append(("", f"  {change.label}: {before} → {after}"))
        previous = version
    return lines


def print_history(entry: Entry, versions: Sequence[EntryVersion]) -> None:
    lines = history_lines(entry, versions)
    if use_rich():
        from rich.console import Console
        from rich.markup import escape

        console = Console(highlight=False)
        for style, line in lines:
            console.print(f"[{style}]{escape(line)}[/]" if style else escape(line))
        return
    for _style, line in lines:
        print(line)


def print_triggers(triggers: Sequence[Trigger]) -> None:
    if use_rich():
        from rich.console import Console
        from rich.table import Table

        table = Table(expand=True, show_edge=False)
        for name, justify in (
            ("id", "left"),
            ("name", "left"),
            ("category", "left"),
            ("entries", "right"),
            ("slips", "right"),
            ("saves", "right"),
        ):
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for trigger in triggers:
            retired = " [dim](retired)[/]" if trigger.retired else ""
            own = "" if trigger.builtin else " [cyan](own)[/]"
            table.add_row(
                trigger.id,
                trigger.name + retired + own,
                trigger.category,
                str(trigger.entries),
                str(trigger.slips),
                str(trigger.saves),
            )
        Console().print(table)
        return
    for trigger in triggers:
        flags = (" (retired)" if trigger.retired else "") + ("" if trigger.builtin else " (own)")
        print(
            f"{trigger.id:<22}  {_shorten(trigger.name + flags, 44):<44}  {trigger.category:<24}"
            f"  {trigger.entries:>6} {noun(trigger.entries, 'entry'):<7}"
            f"  {trigger.slips:>5} {noun(trigger.slips, 'slip'):<5}"
            f"  {trigger.saves:>5} {noun(trigger.saves, 'save')}"
        )
