"""Tripwires: the risk windows ahead, from the person's own history and from dates they enter.

A risk window from history is a week of the quarter in which one trigger's slips bunch: over
the past four quarters, at least three of that trigger's slips fell in that week of their
quarter, and at least twice as many as an even spread over the quarter's 13 weeks would put
there. Every statement carries its counts. A key date (`journal dates add`) opens a window
`KEY_DATE_WARNING` days before it. When a window opens, the commitment running on its trigger
is named, or one is suggested at the next review.

`journal status` loads this module on every prompt: standard library and storage only; the
weeks are date ranges reckoned here (a test checks them against `journal.periods`) and the
counting is one query over the live entries' date index.
"""

import sqlite3
from datetime import date, timedelta
from typing import Any, NamedTuple

from journal.errors import JournalError, NotFoundError
from journal.spans import past_quarters, quarter_span, week_spans
from journal.thresholds import MIN_CASES

PAST_QUARTERS = 4
EVEN_WEEKS = 13  # a quarter's weeks, for what an even spread would put in one
BUNCH_FACTOR = 2  # a week holds at least twice its even share
KEY_DATE_WARNING = 14  # days before a key date that its window opens
MAX_LABEL = 200


class RiskWindow(NamedTuple):
    """One trigger's slips bunching in one week of the quarter."""

    trigger_id: str
    trigger_name: str
    week: int
    slips: int  # the trigger's slips in that week of the past quarters
    total: int  # the trigger's slips in the past quarters

    def to_json(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger_id,
            "week_of_quarter": self.week,
            "slips": self.slips,
            "of": self.total,
            "quarters": PAST_QUARTERS,
        }


class KeyDate(NamedTuple):
    id: int
    day: date
    label: str
    trigger_id: str | None
    trigger_name: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "day": self.day.isoformat(),
            "label": self.label,
            "trigger": self.trigger_id,
        }


class Cover(NamedTuple):
    """The commitment running on a trigger, when there is one."""

    trigger_id: str
    trigger_name: str
    plan: str | None

    @property
    def text(self) -> str:
        if self.plan is None:
            return f"no commitment on {self.trigger_name} yet, make one at the next review"
        return f"if {self.trigger_name} shows up, I will {self.plan}"

    @property
    def short(self) -> str:
        """After a text that already names the trigger."""
        if self.plan is None:
            return "no commitment on it yet, make one at the next review"
        return f"if it shows up, I will {self.plan}"


# --- risk windows from history ----------------------------------------------------------------


def risk_windows(
    conn: sqlite3.Connection,
    *,
    today: date,
    fiscal_start_month: int = 1,
    week_start: int = 0,
    weeks: tuple[int, ...] | None = None,
) -> list[RiskWindow]:
    """The risk windows of the past quarters' history, by week then most slips; `weeks`
    limits the count to those weeks of the quarter (the status line asks for this week and
    the next)."""
    past = past_quarters(quarter_span(today, fiscal_start_month), PAST_QUARTERS, fiscal_start_month)
    wanted = weeks or tuple(range(1, 15))
    ranges: list[str] = []
    params: list[object] = []
    for span in past:
        for week, (first, last) in week_spans(span, week_start).items():
            if week in wanted:
                ranges.append(
                    "SELECT trigger_id, ? AS week FROM entry_triggers INDEXED BY"
                    " entry_triggers_by_day WHERE live = 1 AND kind = 'slip'"
                    " AND occurred_on BETWEEN ? AND ?"
                )
                params += [week, first.isoformat(), last.isoformat()]
    if not ranges:
        return []
    # Every count reads only an index of the entries' triggers, which carry each entry's day:
    # the wanted weeks (by day), per trigger, kept from three slips up; then those triggers'
    # slips over the whole of the past quarters (by trigger, then day), for the even spread.
    sql = (
        "WITH in_weeks AS MATERIALIZED ("
        " SELECT trigger_id, week, count(*) AS slips"
        f" FROM ({' UNION ALL '.join(ranges)})"
        " GROUP BY trigger_id, week HAVING count(*) >= ?),"
        " totals AS ("
        " SELECT trigger_id, count(*) AS total"
        " FROM entry_triggers INDEXED BY entry_triggers_by_trigger_day"
        " WHERE live = 1 AND kind = 'slip' AND occurred_on BETWEEN ? AND ?"
        " AND trigger_id IN (SELECT trigger_id FROM in_weeks)"
        " GROUP BY trigger_id)"
        " SELECT i.trigger_id, t.name, i.week, i.slips, n.total"
        " FROM in_weeks i JOIN totals n ON n.trigger_id = i.trigger_id"
        " JOIN triggers t ON t.id = i.trigger_id"
        " WHERE i.slips * ? >= n.total * ?"
        " ORDER BY i.week, i.slips DESC, i.trigger_id"
    )
    found = conn.execute(
        sql,
        (
            *params,
            MIN_CASES,
            past[-1][0].isoformat(),
            past[0][1].isoformat(),
            EVEN_WEEKS,
            BUNCH_FACTOR,
        ),
    ).fetchall()
    return [RiskWindow(str(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in found]


def week_of(today: date, *, fiscal_start_month: int = 1, week_start: int = 0) -> int:
    """The week of the quarter that holds `today`."""
    span = quarter_span(today, fiscal_start_month)
    return next(w for w, (a, b) in week_spans(span, week_start).items() if a <= today <= b)


# --- key dates ------------------------------------------------------------------------------


def add_key_date(
    conn: sqlite3.Connection, day: date, label: str, *, trigger: str | None, today: date
) -> KeyDate:
    from journal.db import now_iso, transaction
    from journal.services.entries import check_text
    from journal.services.triggers import resolve

    if day < today:
        raise JournalError(f"{day.isoformat()} is past; a key date is one ahead of you")
    if not label.strip():
        raise JournalError('say what the date is, such as "annual review"')
    check_text("label", label)
    if len(label) > MAX_LABEL or "\n" in label:
        raise JournalError(f"a key date's label is one line of at most {MAX_LABEL} characters")
    with transaction(conn):
        trigger_id = resolve(conn, [trigger], keep=[trigger])[0] if trigger else None
        cursor = conn.execute(
            "INSERT INTO key_dates (day, label, trigger_id, created_at) VALUES (?, ?, ?, ?)",
            (day.isoformat(), label.strip(), trigger_id, now_iso()),
        )
    return get_key_date(conn, int(cursor.lastrowid or 0))


def get_key_date(conn: sqlite3.Connection, key_date_id: int) -> KeyDate:
    found = _key_dates(conn, "WHERE k.id = ?", (key_date_id,))
    if not found:
        raise NotFoundError(f"there is no key date {key_date_id}; journal dates list shows them")
    return found[0]


def key_dates(conn: sqlite3.Connection, *, since: date | None = None) -> list[KeyDate]:
    """Key dates in date order, from `since` on (every one when None)."""
    if since is None:
        return _key_dates(conn, "", ())
    return _key_dates(conn, "WHERE k.day >= ?", (since.isoformat(),))


def _key_dates(conn: sqlite3.Connection, where: str, params: tuple[object, ...]) -> list[KeyDate]:
    rows = conn.execute(
        "SELECT k.id, k.day, k.label, k.trigger_id, t.name FROM key_dates k"
        f" LEFT JOIN triggers t ON t.id = k.trigger_id {where} ORDER BY k.day, k.id",
        params,
    ).fetchall()
    return [
        KeyDate(
            int(r[0]),
            date.fromisoformat(str(r[1])),
            str(r[2]),
            None if r[3] is None else str(r[3]),
            None if r[4] is None else str(r[4]),
        )
        for r in rows
    ]


def remove_key_date(conn: sqlite3.Connection, key_date_id: int) -> KeyDate:
    from journal.db import transaction

    with transaction(conn):
        found = get_key_date(conn, key_date_id)
        conn.execute("DELETE FROM key_dates WHERE id = ?", (key_date_id,))
    return found


def key_dates_ahead(conn: sqlite3.Connection, *, today: date) -> list[KeyDate]:
    """Key dates whose window is open: from `KEY_DATE_WARNING` days before, to the day."""
    return _key_dates(
        conn,
        "WHERE k.day BETWEEN ? AND ?",
        (today.isoformat(), (today + timedelta(days=KEY_DATE_WARNING)).isoformat()),
    )


# --- what covers a trigger ----------------------------------------------------------------------


def covers(conn: sqlite3.Connection, trigger_ids: list[str], *, today: date) -> dict[str, Cover]:
    """For each trigger, the newest commitment running on it today, or none."""
    if not trigger_ids:
        return {}
    marks = ", ".join("?" for _ in trigger_ids)
    names = dict(conn.execute(f"SELECT id, name FROM triggers WHERE id IN ({marks})", trigger_ids))
    plans: dict[str, str] = {}
    for trigger_id, plan in conn.execute(
        "SELECT trigger_id, plan FROM commitments"
        f" WHERE trigger_id IN ({marks}) AND set_on <= ? AND outcome IS NULL"
        " ORDER BY set_on, id",
        (*trigger_ids, today.isoformat()),
    ):
        plans[str(trigger_id)] = str(plan)  # the newest is read last
    return {t: Cover(t, str(names.get(t, t)), plans.get(t)) for t in trigger_ids if t in names}


class Tripwire(NamedTuple):
    """A window open now: what opened it, and the commitment that covers its trigger."""

    kind: str  # "history" or "key-date"
    text: str  # what opened it, with its counts
    cover: Cover | None

    @property
    def line(self) -> str:
        if self.cover is None:
            return self.text
        named = self.kind == "history"  # the text begins with the trigger's name
        return f"{self.text}: {self.cover.short if named else self.cover.text}"

    @property
    def prompt(self) -> str:
        """The line's short form, for a shell prompt or a status bar: the suggestion to make a
        commitment is left to the app and `journal tripwires`."""
        if self.cover is None:
            return self.text
        if self.cover.plan is None:
            return f"{self.text}: no commitment yet"
        return self.line

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "trigger": self.cover.trigger_id if self.cover else None,
            "commitment": self.cover.plan if self.cover else None,
            "line": self.line,
        }


def open_now(
    conn: sqlite3.Connection, *, today: date, fiscal_start_month: int = 1, week_start: int = 0
) -> list[Tripwire]:
    """The windows open today or within the week: key dates first (nearest first), then the
    history's weeks (this week's, then next week's), one per trigger."""
    week = week_of(today, fiscal_start_month=fiscal_start_month, week_start=week_start)
    windows = risk_windows(
        conn,
        today=today,
        fiscal_start_month=fiscal_start_month,
        week_start=week_start,
        weeks=(week, week + 1),
    )
    ahead = key_dates_ahead(conn, today=today)
    triggers = sorted(
        {w.trigger_id for w in windows} | {k.trigger_id for k in ahead if k.trigger_id}
    )
    covered = covers(conn, triggers, today=today)
    found: list[Tripwire] = []
    for key_date in ahead:
        days = (key_date.day - today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        found.append(
            Tripwire(
                "key-date",
                f"{key_date.label} {when}",
                covered.get(key_date.trigger_id) if key_date.trigger_id else None,
            )
        )
    named: set[str] = set()
    for window in windows:
        if window.trigger_id in named:
            continue
        named.add(window.trigger_id)
        when = "this week" if window.week == week else "next week"
        found.append(
            Tripwire(
                "history",
                f"{window.trigger_name} bunches {when} (week {window.week}: {window.slips} of"
                f" {window.total} slips in {PAST_QUARTERS} quarters)",
                covered.get(window.trigger_id),
            )
        )
    return found
