"""The patterns of a period, counted in SQL: a quarter of a 100,000-entry journal costs
milliseconds. `patterns_for` gathers every figure the patterns screen, the review and the
summaries show.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

from journal.periods import CALENDAR_YEAR, Calendar, Period, Quarter
from journal.services.analytics import calendar_sql
from journal.services.analytics.commitments import commitments_during
from journal.services.analytics.figures import (
    CONTROL_LABELS,
    CRUNCH_DAYS,
    MIN_CASES,
    RECOVERY_LABELS,
    UNRATED_SEVERITY,
    WEEKDAY_NAMES,
    Bucket,
    Coverage,
    Crunch,
    CustomerFigure,
    DayCount,
    Headline,
    Pair,
    Patterns,
    QuarterPoint,
    Rate,
    Share,
    TriggerFigure,
    change,
)
from journal.services.entries import EntryFilter
from journal.services.follow_ups import follow_up_counts

_LIVE_IN = "deleted_at IS NULL AND occurred_on BETWEEN ? AND ?"


def _span(period: Period, end: date) -> tuple[str, str]:
    return period.start.isoformat(), end.isoformat()


def _base_filter(period: Period, end: date, calendar: Calendar) -> EntryFilter:
    return EntryFilter(
        date_from=period.start,
        date_to=end,
        fiscal_start_month=calendar.fiscal_start_month,
        week_start=calendar.week_start,
    )


def headline(conn: sqlite3.Connection, period: Period, *, today: date) -> Headline:
    end = period.observed_end(today)
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE kind = 'slip'), count(*) FILTER (WHERE kind = 'save'),"
        f" coalesce(sum(coalesce(severity, {UNRATED_SEVERITY})) FILTER (WHERE kind = 'slip'), 0),"
        " count(*) FILTER (WHERE kind = 'slip' AND severity IS NULL)"
        f" FROM entries WHERE {_LIVE_IN}",
        _span(period, end),
    ).fetchone()
    return Headline(period, int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def coverage(conn: sqlite3.Connection, period: Period, *, today: date) -> Coverage:
    end = period.observed_end(today)
    span = _span(period, end)
    days = max(0, (end - period.start).days + 1)
    row = conn.execute(
        "WITH slip_days AS (SELECT DISTINCT occurred_on AS day FROM entries"
        f"   WHERE {_LIVE_IN} AND kind = 'slip'),"
        " journaled AS (SELECT day FROM checkins WHERE day BETWEEN ? AND ?"
        f"   UNION SELECT occurred_on FROM entries WHERE {_LIVE_IN})"
        " SELECT (SELECT count(*) FROM journaled),"
        "  (SELECT count(*) FROM checkins WHERE day BETWEEN ? AND ? AND status = 'clean'"
        "    AND day NOT IN (SELECT day FROM slip_days)),"
        "  (SELECT count(*) FROM slip_days)",
        (*span, *span, *span, *span),
    ).fetchone()
    return Coverage(days, int(row[0]), int(row[1]), int(row[2]))


def trigger_figures(
    conn: sqlite3.Connection, period: Period, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> tuple[TriggerFigure, ...]:
    """Every trigger seen in the period, most slips first."""
    end = period.observed_end(today)
    base = _base_filter(period, end, calendar)
    rows = conn.execute(
        "SELECT et.trigger_id, t.name, t.retired_at IS NOT NULL,"
        " count(*) FILTER (WHERE e.kind = 'slip') AS slips,"
        " count(*) FILTER (WHERE e.kind = 'save') AS saves,"
        f" coalesce(sum(coalesce(e.severity, {UNRATED_SEVERITY}))"
        "   FILTER (WHERE e.kind = 'slip'), 0) AS weighted"
        " FROM entries e JOIN entry_triggers et ON et.entry_id = e.id"
        " JOIN triggers t ON t.id = et.trigger_id"
        " WHERE e.deleted_at IS NULL AND e.occurred_on BETWEEN ? AND ?"
        " GROUP BY et.trigger_id ORDER BY slips DESC, weighted DESC, saves DESC, t.name",
        _span(period, end),
    ).fetchall()
    return tuple(
        TriggerFigure(
            trigger_id=str(row[0]),
            name=str(row[1]),
            retired=bool(row[2]),
            slips=int(row[3]),
            saves=int(row[4]),
            weighted_slips=int(row[5]),
            entries=replace(base, trigger=str(row[0])),
        )
        for row in rows
    )


def when_in_quarter(
    conn: sqlite3.Connection, period: Period, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> tuple[tuple[Bucket, ...], Crunch]:
    """Slips and saves by week of quarter, and the share of slips in the closing weeks."""
    end = period.observed_end(today)
    base = _base_filter(period, end, calendar)
    week = calendar_sql.week_of_quarter(calendar.fiscal_start_month, calendar.week_start)
    close = calendar_sql.days_to_close(calendar.fiscal_start_month)
    rows = conn.execute(
        f"SELECT {week} AS week,"
        " count(*) FILTER (WHERE kind = 'slip'), count(*) FILTER (WHERE kind = 'save'),"
        f" count(*) FILTER (WHERE kind = 'slip' AND {close} < {CRUNCH_DAYS})"
        f" FROM entries WHERE {_LIVE_IN} GROUP BY week",
        _span(period, end),
    ).fetchall()
    counted = {int(row[0]): (int(row[1]), int(row[2])) for row in rows}
    if period.quarter is not None:
        last_week = period.quarter.week_of_quarter(period.quarter.end, calendar.week_start)
    else:
        last_week = 14  # a quarter touches at most 14 calendar weeks
    last_week = max([last_week, *counted])
    weeks = tuple(
        Bucket(
            number,
            f"W{number}",
            *counted.get(number, (0, 0)),
            entries=replace(base, week_of_quarter=number),
        )
        for number in range(1, last_week + 1)
    )
    days = max(0, (end - period.start).days + 1)
    crunch = Crunch(
        slips=sum(slips for slips, _ in counted.values()),
        crunch_slips=sum(int(row[3]) for row in rows),
        days=days,
        crunch_days=calendar.closing_days_between(period.start, end, CRUNCH_DAYS) if days else 0,
        entries=replace(base, kind="slip", crunch_days=CRUNCH_DAYS),
    )
    return weeks, crunch


def weekdays(
    conn: sqlite3.Connection, period: Period, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> tuple[Bucket, ...]:
    end = period.observed_end(today)
    base = _base_filter(period, end, calendar)
    rows = conn.execute(
        f"SELECT {calendar_sql.weekday()} AS weekday,"
        " count(*) FILTER (WHERE kind = 'slip'), count(*) FILTER (WHERE kind = 'save')"
        f" FROM entries WHERE {_LIVE_IN} GROUP BY weekday",
        _span(period, end),
    ).fetchall()
    counted = {int(row[0]): (int(row[1]), int(row[2])) for row in rows}
    order = [(calendar.week_start + offset) % 7 for offset in range(7)]
    return tuple(
        Bucket(
            day,
            WEEKDAY_NAMES[day],
            *counted.get(day, (0, 0)),
            entries=replace(base, weekday=day),
        )
        for day in order
    )


def pairs(
    conn: sqlite3.Connection,
    period: Period,
    *,
    today: date,
    calendar: Calendar = CALENDAR_YEAR,
    limit: int = 10,
) -> tuple[Pair, ...]:
    """Triggers that come together on at least MIN_CASES entries."""
    end = period.observed_end(today)
    base = _base_filter(period, end, calendar)
    rows = conn.execute(
        "SELECT a.trigger_id, b.trigger_id, ta.name, tb.name, count(*) AS together,"
        " count(*) FILTER (WHERE e.kind = 'slip')"
        " FROM entries e"
        " JOIN entry_triggers a ON a.entry_id = e.id"
        " JOIN entry_triggers b ON b.entry_id = e.id AND a.trigger_id < b.trigger_id"
        " JOIN triggers ta ON ta.id = a.trigger_id JOIN triggers tb ON tb.id = b.trigger_id"
        " WHERE e.deleted_at IS NULL AND e.occurred_on BETWEEN ? AND ?"
        " GROUP BY a.trigger_id, b.trigger_id HAVING together >= ?"
        " ORDER BY together DESC, a.trigger_id, b.trigger_id LIMIT ?",
        (*_span(period, end), MIN_CASES, limit),
    ).fetchall()
    return tuple(
        Pair(
            first=str(row[0]),
            second=str(row[1]),
            first_name=str(row[2]),
            second_name=str(row[3]),
            entries_count=int(row[4]),
            slips=int(row[5]),
            entries=replace(base, trigger=str(row[0]), also_trigger=str(row[1])),
        )
        for row in rows
    )


def customers(
    conn: sqlite3.Connection,
    period: Period,
    *,
    today: date,
    calendar: Calendar = CALENDAR_YEAR,
    limit: int = 10,
) -> tuple[CustomerFigure, ...]:
    """Customers with at least MIN_CASES entries in the period: the ones that keep coming back."""
    end = period.observed_end(today)
    base = _base_filter(period, end, calendar)
    rows = conn.execute(
        "SELECT min(customer), count(*) FILTER (WHERE kind = 'slip') AS slips,"
        " count(*) FILTER (WHERE kind = 'save'), max(occurred_on), count(*) AS together"
        f" FROM entries WHERE {_LIVE_IN} AND customer IS NOT NULL"
        " GROUP BY customer COLLATE NOCASE HAVING together >= ?"
        " ORDER BY slips DESC, together DESC, min(customer) LIMIT ?",
        (*_span(period, end), MIN_CASES, limit),
    ).fetchall()
    return tuple(
        CustomerFigure(
            customer=str(row[0]),
            slips=int(row[1]),
            saves=int(row[2]),
            last_on=date.fromisoformat(str(row[3])),
            entries=replace(base, customer_exact=str(row[0])),
        )
        for row in rows
    )


def _slip_shares(
    conn: sqlite3.Connection,
    column: str,
    labels: dict[str, str],
    period: Period,
    end: date,
    base: EntryFilter,
) -> tuple[Share, ...]:
    rows = conn.execute(
        f"SELECT coalesce({column}, 'unknown'), count(*) FROM entries"
        f" WHERE {_LIVE_IN} AND kind = 'slip' GROUP BY 1",
        _span(period, end),
    ).fetchall()
    counted = {str(row[0]): int(row[1]) for row in rows}
    slips = sum(counted.values())
    return tuple(
        Share(
            key,
            label,
            Rate(counted.get(key, 0), slips),
            replace(base, control=key) if column == "control" else replace(base, recovery=key),
        )
        for key, label in labels.items()
        if key != "unknown" or counted.get(key)
    )


def control_shares(
    conn: sqlite3.Connection, period: Period, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> tuple[Share, ...]:
    """How much of what slipped was the person's to control."""
    end = period.observed_end(today)
    base = replace(_base_filter(period, end, calendar), kind="slip")
    return _slip_shares(conn, "control", CONTROL_LABELS, period, end, base)


def recovery_shares(
    conn: sqlite3.Connection, period: Period, *, today: date, calendar: Calendar = CALENDAR_YEAR
) -> tuple[Share, ...]:
    end = period.observed_end(today)
    base = replace(_base_filter(period, end, calendar), kind="slip")
    return _slip_shares(conn, "recovery", RECOVERY_LABELS, period, end, base)


def quarter_series(
    conn: sqlite3.Connection, last: Quarter, *, count: int = 8, today: date
) -> tuple[QuarterPoint, ...]:
    """Slips and saves for `count` quarters ending with `last`, oldest first."""
    quarters = [last]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    # Quarters are contiguous, so comparing ISO dates with their first days numbers them.
    number = " ".join(
        f"WHEN occurred_on < '{quarter.next().start.isoformat()}' THEN {index}"
        for index, quarter in enumerate(quarters)
    )
    rows = conn.execute(
        f"SELECT CASE {number} END AS number,"
        " count(*) FILTER (WHERE kind = 'slip'), count(*) FILTER (WHERE kind = 'save'),"
        f" coalesce(sum(coalesce(severity, {UNRATED_SEVERITY})) FILTER (WHERE kind = 'slip'), 0)"
        # The covering index: two years of entries counted without reading their rows.
        f" FROM entries INDEXED BY entries_live_figures WHERE {_LIVE_IN} GROUP BY number",
        (quarters[0].start.isoformat(), min(last.end, today).isoformat()),
    ).fetchall()
    counted = {int(row[0]): (int(row[1]), int(row[2]), int(row[3])) for row in rows}
    return tuple(
        QuarterPoint(quarter, *counted.get(index, (0, 0, 0)))
        for index, quarter in enumerate(quarters)
    )


def day_counts(conn: sqlite3.Connection, start: date, end: date) -> tuple[DayCount, ...]:
    """Each day from `start` to `end` with an entry or a check-in, in date order: its slips
    and saves, severity-weighted, and whether it was checked in clean."""
    first, last = start.isoformat(), end.isoformat()
    rows = conn.execute(
        "WITH counted AS ("
        " SELECT occurred_on AS day, count(*) FILTER (WHERE kind = 'slip') AS slips,"
        "  count(*) FILTER (WHERE kind = 'save') AS saves,"
        f"  coalesce(sum(coalesce(severity, {UNRATED_SEVERITY})) FILTER (WHERE kind = 'slip'), 0)"
        "   AS weighted_slips,"
        f"  coalesce(sum(coalesce(severity, {UNRATED_SEVERITY})) FILTER (WHERE kind = 'save'), 0)"
        "   AS weighted_saves"
        " FROM entries INDEXED BY entries_live_figures"
        " WHERE deleted_at IS NULL AND occurred_on BETWEEN ?1 AND ?2 GROUP BY occurred_on),"
        " clean AS (SELECT day FROM checkins WHERE day BETWEEN ?1 AND ?2 AND status = 'clean')"
        " SELECT day, slips, saves, weighted_slips, weighted_saves, 0 FROM counted"
        " UNION ALL SELECT day, 0, 0, 0, 0, 1 FROM clean"
        " ORDER BY 1",
        (first, last),
    ).fetchall()
    days: dict[str, DayCount] = {}
    for day, slips, saves, weighted_slips, weighted_saves, clean in rows:
        known = days.get(day)
        if known is None:
            known = DayCount(date.fromisoformat(day))
        days[day] = DayCount(
            known.day,
            known.slips + int(slips),
            known.saves + int(saves),
            known.weighted_slips + int(weighted_slips),
            known.weighted_saves + int(weighted_saves),
            known.clean or bool(clean),
        )
    # A clean check-in on a day that has a slip after all is not clean.
    return tuple(
        replace(count, clean=False) if count.clean and count.slips else count
        for count in days.values()
    )


def patterns_for(
    conn: sqlite3.Connection,
    period: Period,
    *,
    today: date,
    calendar: Calendar = CALENDAR_YEAR,
    series_quarters: int = 8,
) -> Patterns:
    """Every figure for `period`, counted up to `today` (a running quarter is partial)."""
    current = headline(conn, period, today=today)
    previous_period, year_earlier_period = period.previous(), period.year_earlier()
    if period.observed_end(today) < period.end:
        # A running quarter is compared with the same number of days of the others.
        observed_days = (period.observed_end(today) - period.start).days + 1
        previous_period = previous_period.first_days(observed_days)
        year_earlier_period = year_earlier_period.first_days(observed_days)
    previous = headline(conn, previous_period, today=today)
    year_earlier = headline(conn, year_earlier_period, today=today)
    weeks, crunch = when_in_quarter(conn, period, today=today, calendar=calendar)
    slips_with_recovery = conn.execute(
        "SELECT count(*) FILTER (WHERE recovery = 'recovered'),"
        " count(*) FILTER (WHERE recovery IN ('attempted', 'recovered', 'lost'))"
        f" FROM entries WHERE {_LIVE_IN} AND kind = 'slip'",
        _span(period, period.observed_end(today)),
    ).fetchone()
    last_quarter = period.quarter or calendar.quarter_of(period.end)
    return Patterns(
        period=period,
        observed_end=period.observed_end(today),
        headline=current,
        previous=change(current, previous),
        year_earlier=change(current, year_earlier),
        coverage=coverage(conn, period, today=today),
        triggers=trigger_figures(conn, period, today=today, calendar=calendar),
        weeks=weeks,
        crunch=crunch,
        weekdays=weekdays(conn, period, today=today, calendar=calendar),
        pairs=pairs(conn, period, today=today, calendar=calendar),
        customers=customers(conn, period, today=today, calendar=calendar),
        control=control_shares(conn, period, today=today, calendar=calendar),
        recovery=recovery_shares(conn, period, today=today, calendar=calendar),
        recovered=Rate(int(slips_with_recovery[0]), int(slips_with_recovery[1])),
        commitments=commitments_during(conn, period, today=today, calendar=calendar),
        series=quarter_series(conn, last_quarter, count=series_quarters, today=today)
        if series_quarters
        else (),
        follow_ups=follow_up_counts(conn, period.start, period.observed_end(today)),
    )
