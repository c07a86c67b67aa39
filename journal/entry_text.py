"""One entry in words, in each medium that shows one.

- On a terminal (the CLI and the app): `list_cells` is a row of the list, the same in both;
  `show_lines` is `journal show`; `entry_renderable` is the app's entry in full (the detail
  pane, the entries behind a figure, and the classify screen's form of it).
- In the summaries: `summary_facts` and `summary_details` are an entry's facts and longer
  texts in the summaries' words; `exporters.markdown.entry_lines` and
  `exporters.html.entry_html` lay them out, one renderer per format.

Rich is imported only by `entry_renderable`: the CLI's list and show import this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from journal.records import Entry, times

if TYPE_CHECKING:
    from rich.console import RenderableType

IMPORTED_KIND = "?"  # imported without saying slip or save
IMPORTED_NOTE = "(imported, not yet classified)"  # beside the kind in the summaries
CLASSIFIED_AS = {
    "slip": "a slip: my priority won over the customer's outcome",
    "save": "a save: the pressure was there and I chose the customer",
}


def entry_day(day: date) -> str:
    """'Sun 22 Nov 2026': an entry's date as the app shows it."""
    return day.strftime("%a %d %b %Y")


# --- a row of the list (CLI and app) ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListCells:
    """One entry as a row of the list; the widget and the CLI hold no database objects."""

    id: int
    occurred_on: date
    kind: str
    severity: str
    triggers: str
    customer: str
    headline: str


def list_cells(entry: Entry, *, blank: str = "-") -> ListCells:
    """The list's cells; `blank` stands in for a missing severity, trigger or customer."""
    return ListCells(
        id=entry.id,
        occurred_on=entry.occurred_on,
        kind=IMPORTED_KIND if entry.to_classify else entry.kind,
        severity=str(entry.severity) if entry.severity is not None else blank,
        triggers=", ".join(entry.triggers) or blank,
        customer=entry.customer or blank,
        headline=entry.headline,
    )


# --- the entry in full: `journal show` ------------------------------------------------------------


def show_lines(entry: Entry, trigger_names: dict[str, str]) -> list[tuple[str, str]]:
    """(label, value) pairs for one entry, in the order a person reads them."""
    lines: list[tuple[str, str]] = [
        (
            "entry",
            f"{entry.id} · {entry.kind}"
            + (" (imported, to classify: slip or save?)" if entry.to_classify else "")
            + f" · {entry.occurred_on.isoformat()}",
        ),
        ("written", entry.logged_at),
    ]
    if entry.edited:
        history = f"; journal show {entry.id} --history shows each version" if entry.edits else ""
        lines.append(("edited", entry.edited + history))
    if entry.deleted_at:
        lines.append(("in trash since", entry.deleted_at))
    if entry.triggers:
        named = [
            f"{tid} ({trigger_names[tid]})" if tid in trigger_names else tid
            for tid in entry.triggers
        ]
        lines.append(("triggers", ", ".join(named)))
    optional: Iterable[tuple[str, object]] = (
        ("customer", entry.customer),
        ("impact", entry.impact),
        ("severity", f"{entry.severity}/5" if entry.severity else None),
        ("pressure", f"{entry.pressure}/5" if entry.pressure else None),
        ("control", entry.control),
        ("recovery", entry.recovery if entry.recovery != "none" else None),
        ("recovery note", entry.recovery_note),
        ("next time", entry.next_time),
        ("follow up", follow_up_words(entry)),
    )
    lines += [(label, str(value)) for label, value in optional if value]
    return lines


def follow_up_words(entry: Entry) -> str | None:
    """The follow-up day, and when it was closed once it was."""
    if entry.follow_up_on is None:
        return None
    if entry.follow_up_closed_on is not None:
        return f"{entry.follow_up_on.isoformat()} (closed {entry.follow_up_closed_on.isoformat()})"
    return entry.follow_up_on.isoformat()


# --- the entry in full: the app ---------------------------------------------------------------


def _dots(value: int | None) -> str:
    if value is None:
        return "—"
    return f"{'●' * value}{'○' * (5 - value)} {value}/5"


def _out_of_five(value: int | None) -> str:
    return "—" if value is None else f"{value}/5"


def _fact_rows(
    entry: Entry, trigger_names: dict[str, str], form: Literal["detail", "classify"]
) -> list[tuple[str, str]]:
    """The app's facts beside their labels: every one in the detail pane, only those the
    entry has when classifying it."""
    names = [trigger_names.get(trigger, trigger) for trigger in entry.triggers]
    rows = [("Triggers", ", ".join(names) if names else "—")]
    recovery_note = f" — {entry.recovery_note}" if entry.recovery_note else ""
    if form == "detail":
        rows += [
            ("Severity", _dots(entry.severity)),
            ("Pressure", _dots(entry.pressure)),
            ("Control", entry.control or "—"),
            ("Recovery", entry.recovery + recovery_note),
        ]
        if entry.follow_up_on:
            rows.append(("Follow up", follow_up_words(entry) or ""))
        return rows
    if entry.severity is not None or entry.pressure is not None:
        rows += [
            ("Severity", _out_of_five(entry.severity)),
            ("Pressure", _out_of_five(entry.pressure)),
        ]
    if entry.control:
        rows.append(("Control", entry.control))
    if entry.recovery != "none" or entry.recovery_note:
        rows.append(("Recovery", entry.recovery + recovery_note))
    return rows


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
    entry: Entry,
    trigger_names: dict[str, str],
    *,
    form: Literal["detail", "classify"] = "detail",
    decided: str | None = None,
    history_key: str | None = None,
) -> RenderableType:
    """The entry in full for the app. The detail form leads with its kind and ends with when
    it was written; the classify form (an imported entry still to call a slip or a save)
    leads with the facts it has and ends with what it was `decided` to be."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = Text()
    if form == "detail":
        title.append(
            " SLIP " if entry.kind == "slip" else " SAVE ",
            style="bold reverse red" if entry.kind == "slip" else "bold reverse green",
        )
        title.append(f"  #{entry.id}  ")
    elif decided is not None:
        title.append(
            f" {decided.upper()} ",
            style="bold reverse red" if decided == "slip" else "bold reverse green",
        )
        title.append("  ")
    title.append(entry_day(entry.occurred_on), style="bold")
    if entry.customer:
        title.append(f"  ·  {entry.customer}", style="bold")
    if form == "classify":
        title.append(f"  ·  entry #{entry.id}", style="dim")

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    for fact, shown in _fact_rows(entry, trigger_names, form):
        facts.add_row(fact, shown)

    blank = Text("")
    if form == "detail":
        parts: list[RenderableType] = [title, blank, Text(entry.situation), blank, facts]
    else:
        parts = [title, blank, facts, blank, Text(entry.situation.strip())]
    for label, value in (("Impact", entry.impact), ("Next time", entry.next_time)):
        if value:
            parts += [blank, Text(label, style="bold"), Text(value)]
    if entry.notes:
        notes = "Later notes" if form == "detail" else "Notes"
        parts += [blank, Text(f"{notes} ({len(entry.notes)})", style="bold")]
        for note in entry.notes:
            parts.append(Text.assemble((note.written_at[:10] + "  ", "dim"), note.text))
    if form == "detail":
        stamp = f"logged {entry.logged_at[:16].replace('T', ' ')}"
        if edited := edited_line(entry, history_key):
            stamp += f" · {edited}"
        parts += [blank, Text(stamp, style="dim")]
    elif decided is not None:
        parts += [blank, Text(f"Classified as {CLASSIFIED_AS[decided]}.", style="italic")]
    return Group(*parts)


# --- the entry in the summaries (Markdown and HTML) --------------------------------------------


def _same(text: str) -> str:
    return text


def summary_facts(
    entry: Entry,
    names: dict[str, str],
    *,
    name: Callable[[str], str] = _same,
    word: Callable[[str], str] = _same,
) -> list[str]:
    """An entry's short facts in the summaries' words; `name` and `word` format the person's
    trigger names and the fixed words (each format escapes its own way)."""
    facts = []
    if entry.triggers:
        facts.append("triggers: " + ", ".join(name(names.get(t, t)) for t in entry.triggers))
    for label, value in (("severity", entry.severity), ("pressure", entry.pressure)):
        if value is not None:
            facts.append(f"{label} {value} of 5")
    if entry.control:
        facts.append(f"control: {word(entry.control)}")
    if entry.recovery != "none":
        facts.append(f"recovery: {word(entry.recovery)}")
    return facts


def summary_details(entry: Entry) -> list[tuple[str, str]]:
    """(label, the person's text) for the longer fields and the later notes, as written."""
    details: list[tuple[str, str | None]] = [
        ("Customer impact", entry.impact),
        ("Recovery", entry.recovery_note),
        ("Next time", entry.next_time),
        ("Follow up on", entry.follow_up_on.isoformat() if entry.follow_up_on else None),
    ]
    details += [(f"Note, {note.written_at[:10]}", note.text) for note in entry.notes]
    return [(label, text) for label, text in details if text]
