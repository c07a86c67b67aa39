"""Daily check-ins: a day with no slip is worth recording, so rates have a denominator."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from journal.db import now_iso, transaction
from journal.errors import JournalError
from journal.records import Checkin, Streak


def checkin(conn: sqlite3.Connection, day: date, status: str | None = None) -> Checkin:
    """Record `day` as clean or as having slips; without a status, the day's entries decide."""
    with transaction(conn):
        slip_row = conn.execute(
            "SELECT id FROM entries WHERE occurred_on = ? AND kind = 'slip'"
            " AND deleted_at IS NULL ORDER BY id LIMIT 1",
            (day.isoformat(),),
        ).fetchone()
        if status is None:
            status = "slips" if slip_row else "clean"
        if status == "clean" and slip_row:
            raise JournalError(
                f"{day.isoformat()} already has a slip (entry {slip_row[0]}), so it cannot be"
                " clean; use journal checkin --slips"
            )
        if status not in ("clean", "slips"):
            raise JournalError(f"a check-in is clean or slips, not {status!r}")
        logged_at = now_iso()
        conn.execute(
            "INSERT INTO checkins (day, status, logged_at) VALUES (?, ?, ?)"
            " ON CONFLICT (day) DO UPDATE SET status = excluded.status,"
            " logged_at = excluded.logged_at",
            (day.isoformat(), status, logged_at),
        )
    return Checkin(day=day, status=status, logged_at=logged_at)


def get_checkin(conn: sqlite3.Connection, day: date) -> Checkin | None:
    row = conn.execute(
        "SELECT day, status, logged_at FROM checkins WHERE day = ?", (day.isoformat(),)
    ).fetchone()
    if row is None:
        return None
    return Checkin(day=date.fromisoformat(row[0]), status=str(row[1]), logged_at=str(row[2]))


def streak(conn: sqlite3.Connection, *, today: date) -> Streak:
    """Days in a row with a check-in or an entry, ending today (or yesterday, if today
    has not been recorded yet: the day is not over)."""
    days = conn.execute(
        "SELECT day FROM checkins WHERE day <= :today"
        " UNION SELECT occurred_on FROM entries WHERE deleted_at IS NULL AND occurred_on <= :today"
        " ORDER BY 1 DESC",
        {"today": today.isoformat()},
    )
    expected = today
    count = 0
    since: date | None = None
    today_recorded = False
    for (text,) in days:
        day = date.fromisoformat(text)
        if count == 0 and day == today:
            today_recorded = True
        elif count == 0 and day == today - timedelta(days=1):
            expected = day
        if day != expected:
            break
        count += 1
        since = day
        expected = day - timedelta(days=1)
    return Streak(days=count, since=since, today_recorded=today_recorded)
