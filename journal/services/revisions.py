"""Earlier versions of entries, and the check that keeps two windows from overwriting each other.

Every edit keeps the version it replaces (a row of `entry_revisions`) in the same transaction as
the edit, and counts the entry's versions up by one. A window that opened an entry at version N
saves with `expected_version=N`: the count is compared inside the write transaction, so a change
written meanwhile (another window, `journal edit`) is reported as an `EditConflict` instead of
being overwritten without a word.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from journal.db import now_iso, transaction
from journal.errors import JournalError, NotFoundError
from journal.records import EntryVersion

_VERSION_COLUMNS = (
    "kind, occurred_on, situation, customer, impact, severity, pressure, control, recovery,"
    " recovery_note, next_time, follow_up_on, to_classify"
)
_REVISION_COLUMNS = (
    f"entry_id, version, written_at, replaced_at, {_VERSION_COLUMNS}, triggers, followed"
)
CONFLICT_STATES = ("changed", "trashed", "gone")


class EditConflict(JournalError):
    """The entry changed, went to the trash or was erased since the window editing it opened.

    `current` is the entry as it now stands (None once erased); `deleted_at` says since when it
    is in the trash."""

    def __init__(
        self,
        entry_id: int,
        *,
        expected: int,
        state: str,
        current: EntryVersion | None,
        deleted_at: str | None = None,
    ) -> None:
        self.entry_id = entry_id
        self.expected = expected
        self.state = state
        self.current = current
        self.deleted_at = deleted_at
        if state == "gone":
            message = f"entry {entry_id} is no longer in the journal (erased meanwhile)"
        elif state == "trashed":
            message = f"entry {entry_id} was moved to the trash meanwhile"
        else:
            now = current.number if current else expected
            message = (
                f"entry {entry_id} was changed elsewhere since version {expected}"
                f" (it is now version {now})"
            )
        super().__init__(message)


def followed_text(answers: Iterable[tuple[int, str]]) -> str:
    """Commitment answers as a revision stores them: "7=yes,9=partly"."""
    return ",".join(f"{cid}={answer}" for cid, answer in sorted(answers))


def _followed_from(text: str) -> tuple[tuple[int, str], ...]:
    pairs = []
    for part in text.split(","):
        cid, _, answer = part.partition("=")
        if cid.isdigit() and answer:
            pairs.append((int(cid), answer))
    return tuple(sorted(pairs))


def _version(
    entry_id: int,
    number: int,
    written_at: str,
    replaced_at: str | None,
    row: Sequence[object],
    triggers: tuple[str, ...],
    followed: tuple[tuple[int, str], ...],
) -> EntryVersion:
    """A version from the columns of `_VERSION_COLUMNS`, in order."""
    follow_up = row[11]
    return EntryVersion(
        entry_id=entry_id,
        number=number,
        written_at=written_at,
        replaced_at=replaced_at,
        kind=str(row[0]),
        occurred_on=date.fromisoformat(str(row[1])),
        situation=str(row[2]),
        customer=None if row[3] is None else str(row[3]),
        impact=None if row[4] is None else str(row[4]),
        severity=None if row[5] is None else int(str(row[5])),
        pressure=None if row[6] is None else int(str(row[6])),
        control=None if row[7] is None else str(row[7]),
        recovery=str(row[8]),
        recovery_note=None if row[9] is None else str(row[9]),
        next_time=None if row[10] is None else str(row[10]),
        follow_up_on=date.fromisoformat(str(follow_up)) if follow_up else None,
        to_classify=bool(row[12]),
        triggers=triggers,
        followed=followed,
    )


def current_state(
    conn: sqlite3.Connection, entry_id: int
) -> tuple[EntryVersion, str | None] | None:
    """The entry as it stands, with since when it is in the trash; None when there is none."""
    row = conn.execute(
        f"SELECT {_VERSION_COLUMNS}, version, coalesce(updated_at, logged_at), deleted_at"
        " FROM entries WHERE id = ?",
        (entry_id,),
    ).fetchone()
    if row is None:
        return None
    triggers = tuple(
        str(trigger_id)
        for (trigger_id,) in conn.execute(
            "SELECT et.trigger_id FROM entry_triggers et JOIN triggers t ON t.id = et.trigger_id"
            " WHERE et.entry_id = ? ORDER BY t.builtin DESC, t.rowid",
            (entry_id,),
        )
    )
    followed = tuple(
        (int(cid), str(answer))
        for cid, answer in conn.execute(
            "SELECT commitment_id, followed FROM commitment_checks WHERE entry_id = ?"
            " ORDER BY commitment_id",
            (entry_id,),
        )
    )
    version = _version(entry_id, int(row[13]), str(row[14]), None, row, triggers, followed)
    return version, None if row[15] is None else str(row[15])


def current_version(conn: sqlite3.Connection, entry_id: int) -> EntryVersion | None:
    """The entry as it stands now (in the trash or not), or None when there is no such entry."""
    found = current_state(conn, entry_id)
    return found[0] if found else None


def revisions_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[EntryVersion]]:
    """The earlier versions of these entries, oldest first: one query for a page of entries."""
    found: dict[int, list[EntryVersion]] = {}
    if not ids:
        return found
    marks = ",".join("?" * len(ids))
    for row in conn.execute(
        f"SELECT {_REVISION_COLUMNS} FROM entry_revisions WHERE entry_id IN ({marks})"
        " ORDER BY entry_id, version",
        list(ids),
    ):
        entry_id = int(row[0])
        triggers = tuple(t for t in str(row[17]).split(",") if t)
        version = _version(
            entry_id, int(row[1]), str(row[2]), str(row[3]), row[4:17], triggers,
            _followed_from(str(row[18])),
        )  # fmt: skip
        found.setdefault(entry_id, []).append(version)
    return found


def versions(conn: sqlite3.Connection, entry_id: int) -> list[EntryVersion]:
    """Every version of an entry, oldest first; the last is the current one."""
    current = current_version(conn, entry_id)
    if current is None:
        raise NotFoundError(f"no entry {entry_id} in this journal; 'journal list' shows the ids")
    return [*revisions_of(conn, [entry_id]).get(entry_id, []), current]


def version_of(conn: sqlite3.Connection, entry_id: int, number: int) -> EntryVersion | None:
    """Version `number` of an entry (an earlier one or the current), or None."""
    current = current_version(conn, entry_id)
    if current is not None and current.number == number:
        return current
    for version in revisions_of(conn, [entry_id]).get(entry_id, []):
        if version.number == number:
            return version
    return None


def insert_revision(conn: sqlite3.Connection, entry_id: int, version: EntryVersion) -> None:
    """Keep `version` as an earlier version of the entry (its replaced_at must be set)."""
    if version.replaced_at is None:
        raise ValueError("a revision is a version that was replaced")
    conn.execute(
        f"INSERT INTO entry_revisions ({_REVISION_COLUMNS}) VALUES ({', '.join('?' * 19)})",
        (
            entry_id,
            version.number,
            version.written_at,
            version.replaced_at,
            version.kind,
            version.occurred_on.isoformat(),
            version.situation,
            version.customer,
            version.impact,
            version.severity,
            version.pressure,
            version.control,
            version.recovery,
            version.recovery_note,
            version.next_time,
            version.follow_up_on.isoformat() if version.follow_up_on else None,
            int(version.to_classify),
            ",".join(version.triggers),
            followed_text(version.followed),
        ),
    )


# Entries whose revision is being recorded by an enclosing `revising`, per connection: the
# services inside it (fields, triggers, commitment answers) then make one version together.
_OPEN: set[tuple[int, int]] = set()


@contextmanager
def revising(
    conn: sqlite3.Connection, entry_id: int, *, expected_version: int | None = None
) -> Iterator[EntryVersion]:
    """One edit of an entry, in one transaction: whatever the body changes becomes the next
    version, and the version it replaces is kept. An edit that changes nothing writes nothing.

    With `expected_version` (the version a window opened), a version written meanwhile, a move
    to the trash or an erasure raises `EditConflict` before anything is written. Inside another
    `revising` of the same entry on the same connection it joins that one."""
    key = (id(conn), entry_id)
    if key in _OPEN:
        found = current_state(conn, entry_id)
        if found is None:
            raise NotFoundError(f"no entry {entry_id} in this journal")
        yield found[0]
        return
    with transaction(conn):
        found = current_state(conn, entry_id)
        if found is None:
            if expected_version is not None:
                raise EditConflict(entry_id, expected=expected_version, state="gone", current=None)
            raise NotFoundError(
                f"no entry {entry_id} in this journal; 'journal list' shows the ids"
            )
        before, deleted_at = found
        if expected_version is not None and (
            before.number != expected_version or deleted_at is not None
        ):
            raise EditConflict(
                entry_id,
                expected=expected_version,
                state="trashed" if deleted_at is not None else "changed",
                current=before,
                deleted_at=deleted_at,
            )
        _OPEN.add(key)
        try:
            yield before
        finally:
            _OPEN.discard(key)
        after = current_version(conn, entry_id)
        if after is None or after.same_account(before):
            return
        now = now_iso()
        insert_revision(conn, entry_id, replace(before, replaced_at=now))
        conn.execute(
            "UPDATE entries SET version = version + 1, updated_at = ? WHERE id = ?",
            (now, entry_id),
        )
