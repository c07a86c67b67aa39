"""Plain, immutable records: what the services hand to the CLI, the TUI and exporters.

No database object ever leaves the service layer; these dataclasses do.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

KINDS = ("slip", "save")
CONTROLS = ("mine", "partly", "not-mine")
RECOVERIES = ("none", "attempted", "recovered", "lost")
CHECKIN_STATUSES = ("clean", "slips")


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    written_at: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "written_at": self.written_at, "text": self.text}


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    kind: str
    occurred_on: date
    logged_at: str
    situation: str
    triggers: tuple[str, ...] = ()
    customer: str | None = None
    impact: str | None = None
    severity: int | None = None
    pressure: int | None = None
    control: str | None = None
    recovery: str = "none"
    recovery_note: str | None = None
    next_time: str | None = None
    follow_up_on: date | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    notes: tuple[Note, ...] = ()
    to_classify: bool = False  # imported without saying slip or save
    import_key: str | None = None  # the record it was imported from, to recognise it again
    # Fields the file holds as bytes that are not UTF-8 (a damaged page): shown with U+FFFD
    # for what could not be read, and named so the person knows.
    unreadable: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        """The situation's first line, for lists."""
        return self.situation.strip().splitlines()[0] if self.situation.strip() else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "occurred_on": self.occurred_on.isoformat(),
            "logged_at": self.logged_at,
            "situation": self.situation,
            "triggers": list(self.triggers),
            "customer": self.customer,
            "impact": self.impact,
            "severity": self.severity,
            "pressure": self.pressure,
            "control": self.control,
            "recovery": self.recovery,
            "recovery_note": self.recovery_note,
            "next_time": self.next_time,
            "follow_up_on": self.follow_up_on.isoformat() if self.follow_up_on else None,
            "updated_at": self.updated_at,
            "deleted_at": self.deleted_at,
            "notes": [note.to_json() for note in self.notes],
            "to_classify": self.to_classify,
            "import_key": self.import_key,
        }


@dataclass(slots=True)
class EntryFields:
    """The fields a person sets on an entry. On edit, `None` means "leave as it is" and an
    empty text means "clear it"."""

    situation: str | None = None
    kind: str | None = None
    occurred_on: date | None = None
    triggers: tuple[str, ...] | None = None
    customer: str | None = None
    impact: str | None = None
    severity: int | None = None
    pressure: int | None = None
    control: str | None = None
    recovery: str | None = None
    recovery_note: str | None = None
    next_time: str | None = None
    follow_up_on: date | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    name: str
    category: str
    description: str
    builtin: bool
    retired: bool
    entries: int = 0
    slips: int = 0
    saves: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "description": self.description,
            "builtin": self.builtin,
            "retired": self.retired,
            "entries": self.entries,
            "slips": self.slips,
            "saves": self.saves,
        }


@dataclass(frozen=True, slots=True)
class Checkin:
    day: date
    status: str
    logged_at: str


@dataclass(frozen=True, slots=True)
class Streak:
    days: int
    since: date | None
    today_recorded: bool


def given_fields(values: EntryFields) -> dict[str, object]:
    """The fields that were set, by name."""
    return {
        f.name: getattr(values, f.name)
        for f in fields(values)
        if getattr(values, f.name) is not None
    }
