"""What keeps winning over customers: the analytics behind the patterns screen and the review.

Every figure is counted in SQL over the period's entries, so a quarter of a 100,000-entry
journal costs milliseconds. Every figure carries the counts behind it, and no rate or
pattern is claimed from fewer than `MIN_CASES` cases. Each figure names the `EntryFilter`
that lists the entries behind it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from journal.periods import CALENDAR_YEAR, Calendar, Period, Quarter
from journal.services import calendar_sql
from journal.services.entries import EntryFilter

MIN_CASES = 3
CRUNCH_DAYS = 21  # the last three weeks of a quarter: the end-of-quarter crunch
UNRATED_SEVERITY = 1  # a slip without a severity weighs the least, so it never inflates
TREND_MARGIN = 0.2  # a change under 20% per week reads as "about the same"
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CONTROL_LABELS = {
    "mine": "mine to control",
    "partly": "partly mine",
    "not-mine": "not mine",
    "unknown": "not said",
}
RECOVERY_LABELS = {
    "none": "no recovery",
    "attempted": "attempted",
    "recovered": "recovered",
    "lost": "lost",
}


# --- the building blocks ------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """`part` of `whole`: a share that is stated only when the whole has enough cases."""

    part: int
    whole: int

    @property
    def enough(self) -> bool:
        return self.whole >= MIN_CASES

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.enough else None

    def __str__(self) -> str:
        if not self.enough:
            return f"not enough data ({self.part} of {self.whole})"
        return f"{self.part / self.whole:.0%} ({self.part} of {self.whole})"

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "part": self.part,
            "whole": self.whole,
            "rate": round(value, 4) if value is not None else None,
            "enough_data": self.enough,
        }


@dataclass(frozen=True)
class Headline:
    """Slips and saves in a period, severity-weighted."""

    period: Period
    slips: int
    saves: int
    weighted_slips: int  # the sum of the slips' severities (unrated slips count 1)
    unrated_slips: int

    @property
    def entries(self) -> int:
        return self.slips + self.saves

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.entries)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json(),
            "entries": self.entries,
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "unrated_slips": self.unrated_slips,
            "save_rate": self.save_rate.to_json(),
        }


@dataclass(frozen=True)
class Change:
    """The period against another: differences of counts, and a percentage from 3 cases up."""

    against: Headline
    slips: int
    saves: int
    weighted_slips: int

    @property
    def slips_percent(self) -> float | None:
        base = self.against.slips
        return self.slips / base if base >= MIN_CASES else None

    @property
    def weighted_percent(self) -> float | None:
        base = self.against.weighted_slips
        return self.weighted_slips / base if self.against.slips >= MIN_CASES and base else None

    def to_json(self) -> dict[str, Any]:
        return {
            "against": self.against.to_json(),
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "slips_percent": _rounded(self.slips_percent),
            "weighted_percent": _rounded(self.weighted_percent),
        }


def change(now: Headline, before: Headline) -> Change:
    return Change(
        against=before,
        slips=now.slips - before.slips,
        saves=now.saves - before.saves,
        weighted_slips=now.weighted_slips - before.weighted_slips,
    )


@dataclass(frozen=True)
class Coverage:
    """Days journaled in the period, so slips have a denominator."""

    days: int  # days of the period that have happened
    journaled_days: int  # with a check-in or an entry
    clean_days: int  # checked in clean, with no slip recorded
    slip_days: int  # with at least one slip

    @property
    def journaled(self) -> Rate:
        return Rate(self.journaled_days, self.days)

    @property
    def clean(self) -> Rate:
        return Rate(self.clean_days, self.journaled_days)

    def to_json(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "journaled_days": self.journaled_days,
            "clean_days": self.clean_days,
            "slip_days": self.slip_days,
            "journaled": self.journaled.to_json(),
            "clean": self.clean.to_json(),
        }


@dataclass(frozen=True)
class TriggerFigure:
    trigger_id: str
    name: str
    retired: bool
    slips: int
    saves: int
    weighted_slips: int
    entries: EntryFilter

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.slips + self.saves)

    def to_json(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger_id,
            "name": self.name,
            "retired": self.retired,
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "save_rate": self.save_rate.to_json(),
        }


@dataclass(frozen=True)
class Bucket:
    """One bar of a histogram: slips and saves that fall in it."""

    key: int | str
    label: str
    slips: int
    saves: int
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "slips": self.slips, "saves": self.saves}


@dataclass(frozen=True)
class Crunch:
    """Do slips bunch in the last three weeks of the quarter?"""

    slips: int  # all slips in the period
    crunch_slips: int  # those within CRUNCH_DAYS of their quarter's close
    days: int  # days of the period that have happened
    crunch_days: int  # of which within CRUNCH_DAYS of a close
    entries: EntryFilter

    @property
    def share(self) -> Rate:
        return Rate(self.crunch_slips, self.slips)

    @property
    def expected(self) -> float:
        """The share of slips the crunch would hold if slips fell evenly over the days."""
        return self.crunch_days / self.days if self.days else 0.0

    @property
    def lift(self) -> float | None:
        """How many times more slips the crunch holds than an even spread would give it."""
        share = self.share.value
        if share is None or not self.expected:
            return None
        return share / self.expected

    @property
    def bunching(self) -> bool | None:
        """True when slips bunch at the close (at least 3 there, half again the even share);
        None when there is not enough data to say."""
        lift = self.lift
        if lift is None:
            return None
        return self.crunch_slips >= MIN_CASES and lift >= 1.5

    def to_json(self) -> dict[str, Any]:
        return {
            "crunch_days": CRUNCH_DAYS,
            "slips": self.slips,
            "crunch_slips": self.crunch_slips,
            "share": self.share.to_json(),
            "days": self.days,
            "days_in_crunch": self.crunch_days,
            "expected_share": round(self.expected, 4),
            "lift": _rounded(self.lift),
            "bunching": self.bunching,
        }


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    first_name: str
    second_name: str
    entries_count: int
    slips: int
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {
            "triggers": [self.first, self.second],
            "names": [self.first_name, self.second_name],
            "entries": self.entries_count,
            "slips": self.slips,
        }


@dataclass(frozen=True)
class CustomerFigure:
    customer: str
    slips: int
    saves: int
    last_on: date
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {
            "customer": self.customer,
            "entries": self.slips + self.saves,
            "slips": self.slips,
            "saves": self.saves,
            "last_on": self.last_on.isoformat(),
        }


@dataclass(frozen=True)
class Share:
    """One value's part of the slips (control, recovery)."""

    key: str
    label: str
    rate: Rate
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, **self.rate.to_json()}


@dataclass(frozen=True)
class Window:
    """A trigger's slips and saves over some days, around a commitment."""

    start: date
    end: date
    slips: int
    saves: int

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def weeks(self) -> float:
        return self.days / 7

    @property
    def slips_per_week(self) -> float | None:
        """Stated from three weeks of days up; fewer weeks make too jumpy a rate."""
        return self.slips / self.weeks if self.days >= 7 * MIN_CASES else None

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.slips + self.saves)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "slips": self.slips,
            "saves": self.saves,
            "slips_per_week": _rounded(self.slips_per_week),
            "save_rate": self.save_rate.to_json(),
        }


@dataclass(frozen=True)
class CommitmentFigure:
    """An "if TRIGGER shows up, I will PLAN" commitment and what became of it."""

    commitment_id: int
    trigger_id: str
    trigger_name: str
    plan: str
    quarter: str
    set_on: date
    outcome: str | None
    before: Window
    after: Window
    followed_yes: int
    followed_partly: int
    followed_no: int
    entries: EntryFilter

    @property
    def answers(self) -> int:
        return self.followed_yes + self.followed_partly + self.followed_no

    @property
    def followed(self) -> Rate:
        return Rate(self.followed_yes, self.answers)

    @property
    def trend(self) -> str | None:
        """'fewer', 'more' or 'same' slips per week after it was set; None: too little data."""
        before, after = self.before.slips_per_week, self.after.slips_per_week
        if before is None or after is None or self.before.slips + self.after.slips < MIN_CASES:
            return None
        if after < before * (1 - TREND_MARGIN):
            return "fewer"
        if after > before * (1 + TREND_MARGIN):
            return "more"
        return "same"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.commitment_id,
            "trigger": self.trigger_id,
            "trigger_name": self.trigger_name,
            "plan": self.plan,
            "quarter": self.quarter,
            "set_on": self.set_on.isoformat(),
            "outcome": self.outcome,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "trend": self.trend,
            "followed": {
                "yes": self.followed_yes,
                "partly": self.followed_partly,
                "no": self.followed_no,
                **self.followed.to_json(),
            },
        }


@dataclass(frozen=True)
class QuarterPoint:
    """One quarter of the slips-and-saves series."""

    quarter: Quarter
    slips: int
    saves: int
    weighted_slips: int

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter.label,
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
        }


@dataclass(frozen=True)
class Patterns:
    """Every figure for one period."""

    period: Period
    observed_end: date
    headline: Headline
    previous: Change
    year_earlier: Change
    coverage: Coverage
    triggers: tuple[TriggerFigure, ...]
    weeks: tuple[Bucket, ...]
    crunch: Crunch
    weekdays: tuple[Bucket, ...]
    pairs: tuple[Pair, ...]
    customers: tuple[CustomerFigure, ...]
    control: tuple[Share, ...]
    recovery: tuple[Share, ...]
    recovered: Rate  # slips recovered, of slips where a recovery was tried
    commitments: tuple[CommitmentFigure, ...]
    series: tuple[QuarterPoint, ...] = field(default=())

    @property
    def running(self) -> bool:
        return self.observed_end < self.period.end

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json(),
            "counted_up_to": self.observed_end.isoformat(),
            "running": self.running,
            "min_cases": MIN_CASES,
            "headline": self.headline.to_json(),
            "change_against_previous": self.previous.to_json(),
            "change_against_year_earlier": self.year_earlier.to_json(),
            "coverage": self.coverage.to_json(),
            "triggers": [figure.to_json() for figure in self.triggers],
            "week_of_quarter": [bucket.to_json() for bucket in self.weeks],
            "crunch": self.crunch.to_json(),
            "weekdays": [bucket.to_json() for bucket in self.weekdays],
            "trigger_pairs": [pair.to_json() for pair in self.pairs],
            "recurring_customers": [customer.to_json() for customer in self.customers],
            "control": [share.to_json() for share in self.control],
            "recovery": [share.to_json() for share in self.recovery],
            "recovered_of_attempts": self.recovered.to_json(),
            "commitments": [figure.to_json() for figure in self.commitments],
            "quarters": [point.to_json() for point in self.series],
        }


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


# --- the queries --------------------------------------------------------------------------

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
        f" FROM entries WHERE {_LIVE_IN} GROUP BY number",
        (quarters[0].start.isoformat(), min(last.end, today).isoformat()),
    ).fetchall()
    counted = {int(row[0]): (int(row[1]), int(row[2]), int(row[3])) for row in rows}
    return tuple(
        QuarterPoint(quarter, *counted.get(index, (0, 0, 0)))
        for index, quarter in enumerate(quarters)
    )


# --- commitments --------------------------------------------------------------------------


def _quarter_end(label: str, set_on: date, calendar: Calendar) -> date:
    """The last day a commitment runs: the end of the quarter it was made for."""
    from journal.dates import DateError
    from journal.periods import parse_quarter

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


# --- everything for a period --------------------------------------------------------------


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
    )
