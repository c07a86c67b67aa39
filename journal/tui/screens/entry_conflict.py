"""What the entry form asks when its save finds the entry saved elsewhere meanwhile (changed,
moved to the trash or erased): the differing fields and the words of the question."""

from __future__ import annotations

from dataclasses import dataclass

from journal.records import VERSION_LABELS, EntryVersion, changes_between, shown_value
from journal.services.revisions import EditConflict
from journal.tui.screens.conflict import ConflictRow, who_changed


@dataclass(frozen=True, slots=True)
class ConflictWords:
    title: str
    explanation: str
    mine: str  # the button that saves what was typed
    theirs: str  # the button that keeps what is saved


def moment(text: str | None) -> str:
    """A stored time to the minute: '2026-11-22 09:30'."""
    return (text or "")[:16].replace("T", " ")


def conflict_rows(
    theirs: EntryVersion, mine: EntryVersion, base: EntryVersion | None
) -> list[ConflictRow]:
    """Each field where theirs (as saved) and mine (as typed) differ, and who changed it
    since `base`, the version the form started from (None: no longer known)."""
    return [
        ConflictRow(
            VERSION_LABELS[change.field],
            shown_value(change.field, change.before),
            shown_value(change.field, change.after),
            who_changed(
                base.value(change.field) if base else None,
                theirs.value(change.field),
                mine.value(change.field),
                known=base is not None,
            ),
        )
        for change in changes_between(theirs, mine)
    ]


def conflict_words(conflict: EditConflict) -> ConflictWords:
    entry_id = conflict.entry_id
    if conflict.state == "gone":
        return ConflictWords(
            f"Entry {entry_id} was erased while you were editing it",
            "It is no longer in the journal. Save what you typed as a new entry, or let it go.",
            "Save as new entry",
            "Let it go",
        )
    if conflict.state == "trashed":
        return ConflictWords(
            f"Entry {entry_id} was moved to the trash while you were editing it",
            f"In the trash since {moment(conflict.deleted_at)}. Keep yours to save it and"
            " bring it back; or leave it in the trash, without your changes.",
            "Keep yours",
            "Leave in trash",
        )
    theirs = conflict.current
    assert theirs is not None
    return ConflictWords(
        f"Entry {entry_id} changed while you were editing it",
        f"Version {theirs.number} was saved elsewhere at {moment(theirs.written_at)};"
        f" you started from version {conflict.expected}. Keep yours to save it over"
        f" theirs (theirs stays in the history), or take theirs and drop your changes.",
        "Keep yours",
        "Take theirs",
    )
