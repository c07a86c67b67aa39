"""Plain, immutable records: what the services hand to the CLI, the TUI and exporters.

No database object ever leaves the service layer; these dataclasses do.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from journal.vocabulary import CONTROLS as CONTROLS
from journal.vocabulary import KINDS as KINDS
from journal.vocabulary import RECOVERIES as RECOVERIES
from journal.words import plural

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
    version: int = 1  # 1 as first written; each edit adds one and keeps the one it replaced
    follow_up_closed_on: date | None = None  # when what happened was recorded

    @property
    def edits(self) -> int:
        """How many times it was edited since versions are kept (each left a revision)."""
        return self.version - 1

    @property
    def edited(self) -> str | None:
        """How often it was edited, in words; None when never."""
        if self.edits:
            return f"{times(self.edits)}, last {self.updated_at}"
        if self.updated_at:  # edited before this journal kept earlier versions
            return f"{self.updated_at}, before earlier versions were kept"
        return None

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
            "version": self.version,
            "follow_up_closed_on": (
                self.follow_up_closed_on.isoformat() if self.follow_up_closed_on else None
            ),
        }


# What an edit can change, so what each version of an entry holds, in the order a person reads.
VERSION_FIELDS = (
    "kind", "occurred_on", "situation", "triggers", "customer", "impact", "severity",
    "pressure", "control", "recovery", "recovery_note", "next_time", "follow_up_on",
    "to_classify", "followed",
)  # fmt: skip
VERSION_LABELS = {
    "kind": "Kind",
    "occurred_on": "When",
    "situation": "What happened",
    "triggers": "Triggers",
    "customer": "Customer",
    "impact": "Impact on the customer",
    "severity": "Severity",
    "pressure": "Pressure",
    "control": "In my control",
    "recovery": "Recovery",
    "recovery_note": "How the recovery went",
    "next_time": "Next time I will",
    "follow_up_on": "Follow up on",
    "to_classify": "Still to classify",
    "followed": "Commitments followed",
}


@dataclass(frozen=True, slots=True)
class EntryVersion:
    """One version of an entry: everything an edit can change, and when it stood.

    Earlier versions are the revisions an edit kept; the current one has no `replaced_at`.
    Later notes are not part of a version: they are only ever added, never changed."""

    entry_id: int
    number: int  # 1: as first written
    written_at: str  # version 1: when the entry was logged; later ones: the edit that made them
    replaced_at: str | None  # None: the current version
    kind: str
    occurred_on: date
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
    to_classify: bool = False
    followed: tuple[tuple[int, str], ...] = ()  # (commitment id, yes / partly / no)

    @property
    def current(self) -> bool:
        return self.replaced_at is None

    def value(self, name: str) -> object:
        """A field as compared between versions: the triggers as a set, order aside."""
        value = getattr(self, name)
        return frozenset(value) if name == "triggers" else value

    def same_account(self, other: EntryVersion) -> bool:
        return all(self.value(name) == other.value(name) for name in VERSION_FIELDS)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.number,
            "written_at": self.written_at,
            "replaced_at": self.replaced_at,
            "kind": self.kind,
            "occurred_on": self.occurred_on.isoformat(),
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
            "to_classify": self.to_classify,
            "commitment_checks": [
                {"commitment": commitment_id, "followed": followed}
                for commitment_id, followed in self.followed
            ],
        }


@dataclass(frozen=True, slots=True)
class Change:
    """One field that differs between two versions."""

    field: str
    before: object
    after: object

    @property
    def label(self) -> str:
        return VERSION_LABELS[self.field]

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "before": json_value(self.before),
                "after": json_value(self.after)}  # fmt: skip


def changes_between(before: EntryVersion, after: EntryVersion) -> list[Change]:
    """The fields that differ, in reading order."""
    return [
        Change(name, getattr(before, name), getattr(after, name))
        for name in VERSION_FIELDS
        if before.value(name) != after.value(name)
    ]


def json_value(value: object) -> object:
    """A version's field as JSON: dates as ISO text, triggers and answers as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [list(item) if isinstance(item, tuple) else item for item in value]
    return value


def times(count: int) -> str:
    """'once', '2 times'."""
    return "once" if count == 1 else plural(count, "time")


def versions_words(count: int) -> str:
    """'3 versions: edited 2 times', '1 version: never edited'."""
    edits = f"edited {times(count - 1)}" if count > 1 else "never edited"
    return f"{plural(count, 'version')}: {edits}"


def written_words(version: EntryVersion, logged_at: str) -> str:
    """When a version was written: 'as first written …', or, for the oldest version kept of an
    entry edited before versions were kept, that its earlier wording is not."""
    if version.number > 1:
        return f"written {version.written_at}"
    if version.written_at == logged_at:
        return f"as first written {version.written_at}"
    return f"written {version.written_at} (logged {logged_at}; earlier versions were not kept)"


def shown_value(name: str, value: object) -> str:
    """A version's field in words, for a person: '—' where nothing is said."""
    if value is None or value == ():
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if name == "followed" and isinstance(value, tuple):
        return ", ".join(f"commitment {cid}: {answer}" for cid, answer in value)
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value)
    if name in ("severity", "pressure"):
        return f"{value}/5"
    return str(value)


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
