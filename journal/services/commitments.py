"""Commitments ("if TRIGGER shows up, I will PLAN") as entries meet them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from journal.db import transaction
from journal.errors import JournalError
from journal.vocabulary import FOLLOWED as FOLLOWED


@dataclass(frozen=True, slots=True)
class Commitment:
    id: int
    trigger_id: str
    trigger_name: str
    plan: str
    quarter: str
    set_on: date


def active_for(
    conn: sqlite3.Connection, trigger_ids: Iterable[str], *, on: date
) -> list[Commitment]:
    """Commitments on these triggers that were in force on `on`: set on or before that day and
    not yet judged in a later review (a judged commitment has an outcome)."""
    wanted = sorted(set(trigger_ids))
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    rows = conn.execute(
        "SELECT c.id, c.trigger_id, t.name, c.plan, c.quarter, c.set_on"
        " FROM commitments c JOIN triggers t ON t.id = c.trigger_id"
        f" WHERE c.trigger_id IN ({marks}) AND c.set_on <= ? AND c.outcome IS NULL"
        " ORDER BY c.set_on DESC, c.id DESC",
        [*wanted, on.isoformat()],
    ).fetchall()
    return [
        Commitment(
            id=int(row[0]),
            trigger_id=str(row[1]),
            trigger_name=str(row[2]),
            plan=str(row[3]),
            quarter=str(row[4]),
            set_on=date.fromisoformat(str(row[5])),
        )
        for row in rows
    ]


def checks_for_entry(conn: sqlite3.Connection, entry_id: int) -> dict[int, str]:
    """commitment id → 'yes' / 'partly' / 'no' as recorded for this entry."""
    rows = conn.execute(
        "SELECT commitment_id, followed FROM commitment_checks WHERE entry_id = ?", (entry_id,)
    )
    return {int(row[0]): str(row[1]) for row in rows}


def record_checks(conn: sqlite3.Connection, entry_id: int, answers: dict[int, str]) -> None:
    """Record, in one transaction, whether each commitment was followed in this entry."""
    for followed in answers.values():
        if followed not in FOLLOWED:
            raise JournalError(f"followed is one of {', '.join(FOLLOWED)}, not {followed!r}")
    with transaction(conn):
        conn.executemany(
            "INSERT INTO commitment_checks (entry_id, commitment_id, followed) VALUES (?, ?, ?)"
            " ON CONFLICT (entry_id, commitment_id) DO UPDATE SET followed = excluded.followed",
            [(entry_id, commitment_id, followed) for commitment_id, followed in answers.items()],
        )
