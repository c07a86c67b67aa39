"""`journal status`: one short line for a shell prompt, most urgent first, or nothing.

It runs on every prompt, so it imports only the standard library and the storage layer (no
analytics), each figure is one query that an index answers, and its records are named tuples
(loading the dataclasses module costs more than the rest of the command). For the same
reason quarters are `journal.spans`, not `journal.periods`.
"""

import sqlite3
from datetime import date, timedelta
from typing import Any, NamedTuple

from journal.services.follow_ups import due_count
from journal.spans import Span, past_quarters, quarter_span
from journal.thresholds import CRUNCH_DAYS, MIN_CASES

PAST_QUARTERS = 4  # the crunch is judged from the quarters just before this one
WARN_AHEAD = 7  # days before the closing weeks begin that the status starts saying so
SEPARATOR = " · "
SHOWN_TRIPWIRES = 1  # the line names the first window open (a prompt is short); the rest counted


class StatusItem(NamedTuple):
    kind: str  # follow-ups, check-in, crunch, commitment, key-date, tripwire
    text: str
    facts: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, **self.facts}


class Status(NamedTuple):
    items: tuple[StatusItem, ...]

    @property
    def line(self) -> str:
        return SEPARATOR.join(item.text for item in self.items)

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "items": [item.to_json() for item in self.items]}


class CrunchAhead(NamedTuple):
    """The closing weeks of the running quarter, and how many of the person's slips fell in
    the closing weeks of the quarters before it."""

    days_to_close: int
    crunch_slips: int
    slips: int
    quarters: int
    day_share: float  # the share of those quarters' days that the closing weeks hold

    @property
    def bunches(self) -> bool:
        """Enough slips to say, and more of them in the closing weeks than days would give."""
        return self.crunch_slips >= MIN_CASES and self.crunch_slips > self.day_share * self.slips

    @property
    def text(self) -> str:
        share = round(100 * self.crunch_slips / self.slips)
        close = (
            "the quarter closes today"
            if self.days_to_close == 0
            else f"{self.days_to_close} day{'s' if self.days_to_close != 1 else ''} to close"
        )
        return (
            f"{close}: {share}% of your slips came in the last {CRUNCH_DAYS // 7} weeks of the"
            f" past {self.quarters} quarters ({self.crunch_slips} of {self.slips})"
        )


def _closing_from(span: Span) -> date:
    return span[1] - timedelta(days=CRUNCH_DAYS - 1)


def _closing_weeks(quarters: list[Span]) -> tuple[str, list[str]]:
    """SQL true for a day in any of these quarters' closing weeks, and its parameters."""
    clause = " OR ".join("e.occurred_on BETWEEN ? AND ?" for _ in quarters)
    params = [day.isoformat() for q in quarters for day in (_closing_from(q), q[1])]
    return f"({clause})", params


def _days(quarters: list[Span]) -> int:
    return sum((end - start).days + 1 for start, end in quarters)


def crunch_ahead(
    conn: sqlite3.Connection, *, today: date, fiscal_start_month: int = 1
) -> CrunchAhead | None:
    """The crunch figure when the closing weeks are under way or a week off, else None."""
    quarter = quarter_span(today, fiscal_start_month)
    days = (quarter[1] - today).days
    if days >= CRUNCH_DAYS + WARN_AHEAD:
        return None
    past = past_quarters(quarter, PAST_QUARTERS, fiscal_start_month)
    closing, params = _closing_weeks(past)
    # The live entries' index on (occurred_on, kind, severity) answers this without reading
    # a row; the planner would otherwise take the list's date index and read every row.
    crunch_slips, slips = conn.execute(
        f"SELECT count(*) FILTER (WHERE {closing}), count(*)"
        " FROM entries e INDEXED BY entries_live_figures"
        " WHERE e.deleted_at IS NULL AND e.kind = 'slip' AND e.occurred_on BETWEEN ? AND ?",
        (*params, past[-1][0].isoformat(), past[0][1].isoformat()),
    ).fetchone()
    return CrunchAhead(
        days_to_close=days,
        crunch_slips=int(crunch_slips),
        slips=int(slips),
        quarters=PAST_QUARTERS,
        day_share=CRUNCH_DAYS * PAST_QUARTERS / _days(past),
    )


class RunningCommitment(NamedTuple):
    id: int
    trigger_id: str
    trigger_name: str
    plan: str

    @property
    def text(self) -> str:
        return f"if {self.trigger_name} shows up, I will {self.plan}"


def running_commitments(conn: sqlite3.Connection, *, today: date) -> list[RunningCommitment]:
    """Commitments in force today (set, and not yet judged), newest first."""
    rows = conn.execute(
        "SELECT c.id, c.trigger_id, t.name, c.plan FROM commitments c"
        " JOIN triggers t ON t.id = c.trigger_id"
        " WHERE c.set_on <= ? AND c.outcome IS NULL ORDER BY c.set_on DESC, c.id DESC",
        (today.isoformat(),),
    ).fetchall()
    return [RunningCommitment(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def _bunching_in_crunch(
    conn: sqlite3.Connection, trigger_ids: list[str], *, today: date, fiscal_start_month: int
) -> dict[str, tuple[int, int]]:
    """Per trigger, (slips in the closing weeks, slips) over the past quarters, for those
    whose slips bunch there."""
    if not trigger_ids:
        return {}
    past = past_quarters(quarter_span(today, fiscal_start_month), PAST_QUARTERS, fiscal_start_month)
    closing, params = _closing_weeks(past)
    closing = closing.replace("e.occurred_on", "occurred_on")
    marks = ", ".join("?" for _ in trigger_ids)
    rows = conn.execute(
        # A range per trigger of an index of the entries' triggers (which carry each entry's
        # day and kind): no row is read.
        f"SELECT trigger_id, count(*) FILTER (WHERE {closing}), count(*)"
        " FROM entry_triggers INDEXED BY entry_triggers_by_trigger_day"
        f" WHERE live = 1 AND kind = 'slip' AND occurred_on BETWEEN ? AND ?"
        f" AND trigger_id IN ({marks}) GROUP BY trigger_id",
        (*params, past[-1][0].isoformat(), past[0][1].isoformat(), *trigger_ids),
    ).fetchall()
    share = CRUNCH_DAYS * PAST_QUARTERS / _days(past)
    return {
        str(trigger): (int(crunch), int(total))
        for trigger, crunch, total in rows
        if int(crunch) >= MIN_CASES and int(crunch) > share * int(total)
    }


def checked_in(conn: sqlite3.Connection, day: date) -> bool:
    """A check-in or an entry dated that day."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM checkins WHERE day = ?1)"
        " OR EXISTS (SELECT 1 FROM entries WHERE deleted_at IS NULL AND occurred_on = ?1)",
        (day.isoformat(),),
    ).fetchone()
    return bool(row[0])


def status(
    conn: sqlite3.Connection,
    *,
    today: date,
    hour: int,
    fiscal_start_month: int = 1,
    week_start: int = 0,
    checkin_hour: int = 18,
) -> Status:
    """What to say on the prompt now, most urgent first."""
    items: list[StatusItem] = []
    due = due_count(conn, today=today)
    if due:
        items.append(
            StatusItem(
                "follow-ups",
                f"{due} follow-up{'s' if due != 1 else ''} due",
                {"count": due},
            )
        )
    if hour >= checkin_hour and not checked_in(conn, today):
        items.append(StatusItem("check-in", "today not checked in", {"day": today.isoformat()}))
    crunch = crunch_ahead(conn, today=today, fiscal_start_month=fiscal_start_month)
    if crunch is not None and crunch.bunches:
        items.append(
            StatusItem(
                "crunch",
                crunch.text,
                {
                    "days_to_close": crunch.days_to_close,
                    "crunch_slips": crunch.crunch_slips,
                    "slips": crunch.slips,
                    "quarters": crunch.quarters,
                },
            )
        )
        running = running_commitments(conn, today=today)
        bunching = _bunching_in_crunch(
            conn,
            sorted({c.trigger_id for c in running}),
            today=today,
            fiscal_start_month=fiscal_start_month,
        )
        for commitment in running:
            if commitment.trigger_id in bunching:
                crunch_slips, slips = bunching.pop(commitment.trigger_id)
                items.append(
                    StatusItem(
                        "commitment",
                        commitment.text,
                        {
                            "commitment": commitment.id,
                            "trigger": commitment.trigger_id,
                            "crunch_slips": crunch_slips,
                            "slips": slips,
                        },
                    )
                )
    from journal.services.tripwires import open_now

    named = {item.facts.get("trigger") for item in items if item.kind == "commitment"}
    tripwires = [
        tripwire
        for tripwire in open_now(
            conn, today=today, fiscal_start_month=fiscal_start_month, week_start=week_start
        )
        # A history window whose commitment is already named beside the crunch says no more.
        if not (
            tripwire.kind == "history" and tripwire.cover and tripwire.cover.trigger_id in named
        )
    ]
    for tripwire in tripwires[:SHOWN_TRIPWIRES]:
        items.append(StatusItem(tripwire.kind, tripwire.prompt, tripwire.to_json()))
    if len(tripwires) > SHOWN_TRIPWIRES:
        more = len(tripwires) - SHOWN_TRIPWIRES
        items.append(
            StatusItem(
                "more",
                f"{more} more window{'s' if more != 1 else ''} open (journal tripwires)",
                {"count": more, "tripwires": [t.to_json() for t in tripwires[SHOWN_TRIPWIRES:]]},
            )
        )
    return Status(tuple(items))
