"""The entry form's fields as text, and back.

What the form starts from (read from the journal in one go, off the UI thread), the fields as
a draft keeps them and change is measured against, and the fields a save writes. No Textual
here: the form screen shows what this computes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from journal.dates import parse_follow_up, parse_when
from journal.errors import NotFoundError
from journal.periods import Calendar
from journal.records import (
    CONTROLS,
    KINDS,
    RECOVERIES,
    VERSION_LABELS,
    Entry,
    EntryFields,
    Trigger,
)
from journal.services.commitments import FOLLOWED
from journal.services.entries import CLEARABLE

if TYPE_CHECKING:
    from journal.config import Settings
    from journal.services.store import Draft, JournalStore
    from journal.services.tripwires import Tripwire

UNSET = "none"  # severity, pressure or control not given
TEXT_INPUTS = ("customer", "impact", "recovery_note", "next_time")
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "severity": (UNSET, "1", "2", "3", "4", "5"),
    "pressure": (UNSET, "1", "2", "3", "4", "5"),
    "control": (UNSET, *CONTROLS),
    "recovery": RECOVERIES,
}
LABELS = VERSION_LABELS  # a box is named as the entry's history names the field


def answers_text(answers: dict[int, str]) -> str:
    """Commitment answers as a draft keeps them: "7=partly,9=yes"."""
    return ",".join(f"{cid}={answer}" for cid, answer in sorted(answers.items()))


def answers_from_text(text: str) -> dict[int, str]:
    """The reverse of `answers_text`; anything unreadable (an old or edited draft) is skipped."""
    answers: dict[int, str] = {}
    for part in text.split(","):
        cid, _, answer = part.partition("=")
        if cid.strip().isdigit() and answer in FOLLOWED:
            answers[int(cid)] = answer
    return answers


def entry_values(
    entry: Entry | None, settings: Settings, answers: dict[int, str] | None = None
) -> dict[str, str]:
    """The form's fields as text: what a draft stores and what change is measured against."""
    if entry is None:
        return {
            "kind": settings.default_kind,
            "occurred_on": "today",
            "situation": "",
            "triggers": "",
            "customer": "",
            "impact": "",
            "severity": UNSET,
            "pressure": UNSET,
            "control": UNSET,
            "recovery": "none",
            "recovery_note": "",
            "next_time": "",
            "follow_up_on": "",
            "commitments": "",
        }
    return {
        "kind": entry.kind,
        "occurred_on": entry.occurred_on.isoformat(),
        "situation": entry.situation,
        "triggers": ",".join(entry.triggers),
        "customer": entry.customer or "",
        "impact": entry.impact or "",
        "severity": str(entry.severity) if entry.severity else UNSET,
        "pressure": str(entry.pressure) if entry.pressure else UNSET,
        "control": entry.control or UNSET,
        "recovery": entry.recovery,
        "recovery_note": entry.recovery_note or "",
        "next_time": entry.next_time or "",
        "follow_up_on": entry.follow_up_on.isoformat() if entry.follow_up_on else "",
        "commitments": answers_text(answers or {}),
    }


def form_date(name: str, text: str, *, today: date, settings: Settings, saved: str | None) -> date:
    """The day a date box means: when it happened (read back: friday is the last one), or
    when to follow up (read forward). A follow-up kept as `saved` stands even once passed.
    Raises DateError."""
    if name != "follow_up_on":
        return parse_when(text, today=today)
    if text.strip() == saved:
        return date.fromisoformat(text.strip())
    return parse_follow_up(text, today=today, fiscal_start_month=settings.fiscal_year_start_month)


def entry_fields(
    values: dict[str, str],
    *,
    triggers: tuple[str, ...],
    occurred_on: date | None,
    follow_up_on: date | None,
) -> tuple[EntryFields, frozenset[str]]:
    """What a save writes from the form's text (`values`) and its dates as read, and the
    fields it empties: a scale, control or follow-up left unset clears what was there."""
    scales = {n: None if values[n] == UNSET else int(values[n]) for n in ("severity", "pressure")}
    fields = EntryFields(
        situation=values["situation"],
        kind=values["kind"],
        occurred_on=occurred_on,
        triggers=triggers,
        recovery=values["recovery"],
        customer=values["customer"],
        impact=values["impact"],
        recovery_note=values["recovery_note"],
        next_time=values["next_time"],
        severity=scales["severity"],
        pressure=scales["pressure"],
    )
    clear = {name for name, value in scales.items() if value is None}
    if values["control"] == UNSET:
        clear.add("control")
    else:
        fields = replace(fields, control=values["control"])
    if follow_up_on is None:
        clear.add("follow_up_on")
    else:
        fields = replace(fields, follow_up_on=follow_up_on)
    return fields, frozenset(clear & CLEARABLE)


@dataclass(frozen=True)
class FormStart:
    """Everything the form shows first, read from the journal at once."""

    entry_id: int | None  # None: a new entry (also when the entry to edit has vanished)
    # The entry's version the form starts from: saving over a newer one asks first. A
    # restored draft carries the version it was typed over, not the one now saved.
    base_version: int | None
    gone: str | None  # said once shown, when the entry to edit has vanished
    initial: dict[str, str]  # the fields as saved: what a change is measured against
    start: dict[str, str]  # what the fields show: the saved ones, or a draft over them
    answers: dict[int, str]  # commitment answers, saved and drafted
    tripwires: list[Tripwire]  # risk windows open now
    triggers: list[Trigger]  # every trigger, retired ones too
    keep_retired: frozenset[str]  # retired triggers the entry already has: still offered
    customers: list[str]  # what the customer box completes


def read_form_start(
    store: JournalStore,
    *,
    entry_id: int | None,
    draft: Draft | None,
    today: date,
    settings: Settings,
) -> FormStart:
    """The form's start, read in a worker thread: the entry (if any), its answers, the open
    risk windows, the triggers and the customers."""
    entry: Entry | None = None
    gone: str | None = None
    base_version: int | None = None
    if entry_id is not None:
        try:
            entry = store.get(entry_id)
        except NotFoundError:
            # A draft of an entry deleted since (or a stale key press): keep the words.
            gone = f"Entry {entry_id} is no longer in the journal; this saves a new one."
            entry_id = None
        else:
            from_draft = draft.version if draft and draft.entry_id == entry_id else None
            base_version = from_draft or entry.version
    checks = store.commitment_checks(entry.id) if entry is not None else {}
    initial = entry_values(entry, settings, checks)
    start = {**initial, **(draft.fields if draft else {})}
    calendar = Calendar(settings.fiscal_year_start_month, settings.week_start_index)
    return FormStart(
        entry_id=entry_id,
        base_version=base_version,
        gone=gone,
        initial=initial,
        start=start,
        answers={**checks, **answers_from_text(start["commitments"])},
        tripwires=store.tripwires(today=today, calendar=calendar),
        triggers=store.triggers(with_counts=False),
        keep_retired=frozenset(entry.triggers) if entry else frozenset(),
        customers=store.customers(),
    )
