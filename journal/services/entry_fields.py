"""An entry's fields checked as typed and turned into columns, with no database: capture,
edits, imports and the entry form all refuse the same text the same way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from journal.dates import MAX_YEAR, MIN_YEAR
from journal.errors import JournalError
from journal.limits import MAX_TEXT
from journal.records import CONTROLS, KINDS, RECOVERIES, EntryFields, EntryVersion, given_fields
from journal.text import control_character, has_surrogates, quoted

TEXT_FIELDS = ("situation", "customer", "impact", "recovery_note", "next_time")
TEXT_LABELS = {
    "situation": "situation",
    "customer": "customer",
    "impact": "customer impact",
    "recovery_note": "recovery note",
    "next_time": "next time",
    "note": "note",
}


def check_text(field_name: str, value: str) -> str:
    """Refuse text no person meant to type; keep everything else exactly as written."""
    label = TEXT_LABELS.get(field_name, field_name)
    if len(value) > MAX_TEXT:
        raise JournalError(
            f"the {label} is {len(value):,} characters long; a field holds at most {MAX_TEXT:,}"
        )
    if has_surrogates(value):
        raise JournalError(f"the {label} is not valid UTF-8 text; save it as UTF-8 and try again")
    bad = control_character(value)
    if bad:
        raise JournalError(
            f"the {label} contains the control character {bad}; remove it"
            " (tabs and line breaks are fine)"
        )
    return value


def _check_scale(label: str, value: int | None) -> None:
    if value is not None and not 1 <= value <= 5:
        raise JournalError(f"{label} must be a whole number from 1 to 5, not {value}")


def _check_choice(label: str, value: str | None, accepted: Sequence[str]) -> None:
    if value is not None and value not in accepted:
        raise JournalError(f"{label} {quoted(value)} is not one of: {', '.join(accepted)}")


def validate(values: EntryFields, *, today: date) -> None:
    if values.situation is not None and not values.situation.strip():
        raise JournalError("the situation is empty; say in a few words what happened")
    for name in TEXT_FIELDS:
        text = getattr(values, name)
        if text is not None:
            check_text(name, text)
    _check_choice("kind", values.kind, KINDS)
    _check_choice("control", values.control, CONTROLS)
    _check_choice("recovery", values.recovery, RECOVERIES)
    _check_scale("severity", values.severity)
    _check_scale("pressure", values.pressure)
    for label, day in (("date", values.occurred_on), ("follow-up date", values.follow_up_on)):
        # The calendar the journal works in (journal.dates): an import can hold any date.
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise JournalError(
                f"the {label} {day.isoformat()} is outside the years {MIN_YEAR} to {MAX_YEAR}"
            )
    if values.occurred_on is not None and values.occurred_on > today:
        raise JournalError(
            f"{values.occurred_on.isoformat()} is in the future; an entry's date must be today"
            " or earlier"
        )


def column_values(values: EntryFields) -> dict[str, object]:
    """Fields as they are stored: dates as ISO text, empty optional text as NULL."""
    stored: dict[str, object] = {}
    for name, value in given_fields(values).items():
        if name == "triggers":
            continue
        if isinstance(value, date):
            stored[name] = value.isoformat()
        elif isinstance(value, str) and name != "situation" and not value.strip():
            stored[name] = None
        else:
            stored[name] = value
    return stored


CLEARABLE = frozenset(
    {"customer", "impact", "severity", "pressure", "control", "recovery_note", "next_time",
     "follow_up_on"}
)  # fmt: skip


def proposed(
    current: EntryVersion,
    values: EntryFields,
    *,
    clear: frozenset[str] = frozenset(),
    answers: dict[int, str] | None = None,
) -> EntryVersion:
    """The version `update` (and the commitment answers) would make of `current`: what a
    window is about to save, to set beside a version saved meanwhile."""
    changed: dict[str, Any] = {name: None for name in clear}
    for name, value in given_fields(values).items():
        if isinstance(value, str) and name != "situation" and not value.strip():
            changed[name] = None
        else:
            changed[name] = value
    if values.triggers is not None:
        changed["triggers"] = tuple(values.triggers)
    if "kind" in changed:
        changed["to_classify"] = False
    if answers:
        changed["followed"] = tuple(sorted({**dict(current.followed), **answers}.items()))
    return replace(current, **changed)
