"""The coach bundle: the figures a client shares with a coach, and nothing else.

A bundle holds a quarter and up to seven quarters before it, as the analytics count them
(`journal.services.analytics`): slips, saves, weighted slips, save rates with their counts,
top triggers, week of quarter and the crunch, control and recovery, commitments with their
adherence and judgements, and follow-ups open and closed. Never an entry's text, a customer,
a note or a private name: the person's own trigger ids and names are redacted as `--redact`
redacts them; built-in trigger ids stay, so bundles from different clients line up. The
review's words (reflection, answers, plans) come only when asked, redacted the same way.
docs/export-format.md describes the document.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from journal.catalogue import BUILTIN_TRIGGERS
from journal.db import now_iso
from journal.errors import JournalError
from journal.periods import Calendar, Period, Quarter
from journal.services.analytics.figures import MIN_CASES, Patterns
from journal.services.analytics.queries import patterns_for
from journal.services.exports import ExportScope, ExportSource
from journal.services.reviews import saved_review
from journal.text import control_character

BUNDLE_FORMAT = "journal-coach-bundle"
BUNDLE_VERSION = 1
QUARTERS = 8  # the bundle's quarter and the seven before it
MAX_LABEL = 80
_BUILTIN_IDS = frozenset(trigger.id for trigger in BUILTIN_TRIGGERS)


@dataclass(frozen=True, slots=True)
class BundleOptions:
    label: str
    quarter: Quarter
    with_reflection: bool = False


def check_label(label: str | None) -> str:
    """How the client is named to the coach: given, one line, short."""
    text = " ".join((label or "").split())
    if not text:
        raise JournalError(
            'say how your coach should name you: --as "Sam, AE EMEA", or coach_label in the config'
        )
    if control_character(text, one_line=True) is not None or len(text) > MAX_LABEL:
        raise JournalError(
            f"the coach label must be one line of at most {MAX_LABEL} characters, without"
            " control characters"
        )
    return text


def _first_day(conn: sqlite3.Connection) -> date | None:
    """The first day the journal holds anything (a live entry or a check-in)."""
    row = conn.execute(
        "SELECT min(day) FROM (SELECT min(occurred_on) AS day FROM entries"
        " WHERE deleted_at IS NULL UNION ALL SELECT min(day) FROM checkins)"
    ).fetchone()
    return date.fromisoformat(str(row[0])) if row and row[0] else None


def _quarters(conn: sqlite3.Connection, last: Quarter) -> list[Quarter]:
    """`last` and up to seven quarters before it, oldest first; none before the journal's
    first day (a new journal's empty past is not a record of zero slips)."""
    first = _first_day(conn)
    quarters = [last]
    while len(quarters) < QUARTERS:
        before = quarters[0].previous()
        if first is None or before.end < first:
            break
        quarters.insert(0, before)
    return quarters


def follow_up_counts(conn: sqlite3.Connection, *, today: date) -> dict[str, int]:
    """Follow-ups across the journal as it stands today: open (not closed), of which due (the
    day reached), and closed (what happened was recorded), as `journal.services.follow_ups`
    counts them."""
    from journal.dates import MIN_YEAR
    from journal.services.follow_ups import follow_up_counts as counted

    counts = counted(conn, date(MIN_YEAR, 1, 1), today)
    return {"open": counts.open, "due": counts.due, "closed": counts.closed}


def _change_json(change: dict[str, Any]) -> dict[str, Any]:
    """A change against another period: the differences, and that period's own counts."""
    return {
        "slips": change["slips"],
        "saves": change["saves"],
        "weighted_slips": change["weighted_slips"],
        "slips_percent": change["slips_percent"],
        "weighted_percent": change["weighted_percent"],
        "against_slips": change["against"]["slips"],
        "against_saves": change["against"]["saves"],
        "against_days": change["against"]["period"]["days"],
    }


def _quarter_json(source: ExportSource, found: Patterns) -> dict[str, Any]:
    """One quarter's figures: the analytics' own JSON, less everything that names a
    customer or holds the person's words."""
    figures = found.to_json()
    headline = figures["headline"]
    triggers = [
        {**figure, "builtin": figure["trigger"] in _BUILTIN_IDS} for figure in figures["triggers"]
    ]
    data = {
        "quarter": found.period.label,
        "start": found.period.start.isoformat(),
        "end": found.period.end.isoformat(),
        "counted_up_to": figures["counted_up_to"],
        "running": figures["running"],
        "slips": headline["slips"],
        "saves": headline["saves"],
        "weighted_slips": headline["weighted_slips"],
        "unrated_slips": headline["unrated_slips"],
        "save_rate": headline["save_rate"],
        "change_against_previous": _change_json(figures["change_against_previous"]),
        "change_against_year_earlier": _change_json(figures["change_against_year_earlier"]),
        "coverage": figures["coverage"],
        "triggers": triggers,
        "week_of_quarter": figures["week_of_quarter"],
        "crunch": figures["crunch"],
        "weekdays": figures["weekdays"],
        "control": figures["control"],
        "recovery": figures["recovery"],
        "recovered_of_attempts": figures["recovered_of_attempts"],
    }
    redacted: dict[str, Any] = source.redact_json(data)
    return redacted


def _commitments_json(
    source: ExportSource, found: list[Patterns], *, with_plans: bool
) -> list[dict[str, Any]]:
    """Every commitment that ran during the bundle's quarters, once, oldest first: its
    trigger, what became of it (the judgement) and how often entries said it was followed."""
    seen: dict[int, dict[str, Any]] = {}
    for patterns in found:
        for figure in patterns.commitments:
            data = figure.to_json()
            del data["id"]
            if not with_plans:
                del data["plan"]
            seen[figure.commitment_id] = data
    ordered = [seen[key] for key in sorted(seen, key=lambda k: (seen[k]["set_on"], k))]
    redacted: list[dict[str, Any]] = source.redact_json(ordered)
    return redacted


def _review_json(source: ExportSource, conn: sqlite3.Connection, quarter: Quarter) -> Any:
    saved = saved_review(conn, quarter)
    if saved is None:
        return None
    return {
        "quarter": saved.quarter,
        "reflection": source.text(saved.reflection),
        "start": source.text(saved.start_doing),
        "stop": source.text(saved.stop_doing),
        "continue": source.text(saved.continue_doing),
    }


def build_bundle(
    conn: sqlite3.Connection,
    options: BundleOptions,
    *,
    today: date,
    calendar: Calendar,
    private_names: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The bundle for `options.quarter`, counted up to `today`."""
    source = ExportSource(
        conn,
        ExportScope(period=Period.of_quarter(options.quarter), privacy="patterns-only"),
        today=today,
        calendar=calendar,
        private_names=private_names,
    )
    quarters = _quarters(conn, options.quarter)
    found = [
        patterns_for(conn, Period.of_quarter(q), today=today, calendar=calendar, series_quarters=0)
        for q in quarters
    ]
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "client": options.label,
        "exported_at": now_iso(),
        "quarter": options.quarter.label,
        "fiscal_year_start_month": calendar.fiscal_start_month,
        "min_cases": MIN_CASES,
        "with_reflection": options.with_reflection,
        "quarters": [_quarter_json(source, patterns) for patterns in found],
        "commitments": _commitments_json(source, found, with_plans=options.with_reflection),
        "follow_ups": follow_up_counts(conn, today=today),
        "review": _review_json(source, conn, options.quarter) if options.with_reflection else None,
    }
