"""Commitments and what became of them: the trigger's slips per week after each was set,
against as many days just before, and how often entries said it was followed.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from journal.dates import DateError
from journal.periods import CALENDAR_YEAR, Calendar, Period, parse_quarter
from journal.services.analytics.figures import CommitmentFigure, Window
from journal.services.entries import EntryFilter


def _quarter_end(label: str, set_on: date, calendar: Calendar) -> date:
    """The last day a commitment runs: the end of the quarter it was made for."""
    try:
        return parse_quarter(
            label, today=set_on, fiscal_start_month=calendar.fiscal_start_month
        ).end
    except DateError:
        # Made under another fiscal-year setting: it runs one quarter from when it was set.
        return calendar.quarter_of(set_on).end


def _window(conn: sqlite3.Connection, trigger_id: str, start: date, end: date) -> Window:
    if end < start:
        return Window(start, end, 0, 0)
    # From the days' entries to their tags: a window is a few weeks, a trigger may be years.
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE e.kind = 'slip'), count(*) FILTER (WHERE e.kind = 'save')"
        " FROM entries e WHERE e.deleted_at IS NULL AND e.occurred_on BETWEEN ? AND ?"
        " AND EXISTS (SELECT 1 FROM entry_triggers et WHERE et.entry_id = e.id"
        " AND et.trigger_id = ?)",
        (start.isoformat(), end.isoformat(), trigger_id),
    ).fetchone()
    return Window(start, end, int(row[0]), int(row[1]))


_COMMITMENT_COLUMNS = (
    "c.id, c.trigger_id, t.name, c.plan, c.quarter, c.set_on, c.outcome,"
    " (SELECT count(*) FROM commitment_checks cc JOIN entries e ON e.id = cc.entry_id"
    "   WHERE cc.commitment_id = c.id AND e.deleted_at IS NULL AND cc.followed = 'yes'),"
    " (SELECT count(*) FROM commitment_checks cc JOIN entries e ON e.id = cc.entry_id"
    "   WHERE cc.commitment_id = c.id AND e.deleted_at IS NULL AND cc.followed = 'partly'),"
    " (SELECT count(*) FROM commitment_checks cc JOIN entries e ON e.id = cc.entry_id"
    "   WHERE cc.commitment_id = c.id AND e.deleted_at IS NULL AND cc.followed = 'no')"
)


def commitment_figures(
    conn: sqlite3.Connection,
    where: str,
    params: tuple[object, ...],
    *,
    today: date,
    calendar: Calendar = CALENDAR_YEAR,
) -> tuple[CommitmentFigure, ...]:
    """Commitments chosen by `where` (on `commitments c`), each with the trigger's slips per
    week after it was set against as many days just before, and how often it was followed."""
    rows = conn.execute(
        f"SELECT {_COMMITMENT_COLUMNS} FROM commitments c JOIN triggers t ON t.id = c.trigger_id"
        f" WHERE {where} ORDER BY c.set_on, c.id",
        params,
    ).fetchall()
    figures = []
    for row in rows:
        trigger_id = str(row[1])
        set_on = date.fromisoformat(str(row[5]))
        runs_to = min(_quarter_end(str(row[4]), set_on, calendar), today)
        after = _window(conn, trigger_id, set_on, runs_to)
        length = max(after.days, 1)
        before = _window(
            conn, trigger_id, set_on - timedelta(days=length), set_on - timedelta(days=1)
        )
        figures.append(
            CommitmentFigure(
                commitment_id=int(row[0]),
                trigger_id=trigger_id,
                trigger_name=str(row[2]),
                plan=str(row[3]),
                quarter=str(row[4]),
                set_on=set_on,
                outcome=str(row[6]) if row[6] is not None else None,
                before=before,
                after=after,
                followed_yes=int(row[7]),
                followed_partly=int(row[8]),
                followed_no=int(row[9]),
                entries=EntryFilter(
                    commitment_id=int(row[0]),
                    fiscal_start_month=calendar.fiscal_start_month,
                    week_start=calendar.week_start,
                ),
            )
        )
    return tuple(figures)


def commitments_during(
    conn: sqlite3.Connection, period: Period, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> tuple[CommitmentFigure, ...]:
    """Commitments that were running at some point of the period."""
    candidates = commitment_figures(
        conn, "c.set_on <= ?", (period.end.isoformat(),), today=today, calendar=calendar
    )
    return tuple(
        figure
        for figure in candidates
        if _quarter_end(figure.quarter, figure.set_on, calendar) >= period.start
    )
