"""What narrows a list of entries (`EntryFilter`) and the SQL condition it makes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from journal.errors import JournalError
from journal.periods import Quarter
from journal.text import has_surrogates


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """What narrows a list; every part is optional and they combine with AND."""

    quarter: Quarter | None = None
    date_from: date | None = None
    date_to: date | None = None
    trigger: str | None = None
    kind: str | None = None
    search: str | None = None
    customer: str | None = None
    in_trash: bool = False
    with_trash: bool = False  # live and trashed entries alike (exports)
    to_classify: bool | None = None  # imported entries still waiting for slip or save
    # What a pattern's figure narrows to, so each figure can list the entries behind it.
    customer_exact: str | None = None
    also_trigger: str | None = None
    control: str | None = None  # "unknown" for entries that do not say
    recovery: str | None = None
    weekday: int | None = None  # 0 Monday … 6 Sunday
    week_of_quarter: int | None = None
    crunch_days: int | None = None  # only the last N days of each quarter
    commitment_id: int | None = None  # entries that answered this commitment's question
    fiscal_start_month: int = 1
    week_start: int = 0


def fts_query(text: str) -> str | None:
    """Turn typed words into a safe FTS5 query: every word must appear, as a prefix.

    Quoting each word means FTS syntax typed by a person (quotes, *, NEAR, brackets) is
    searched for as words instead of breaking the query.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)


def where_clause(flt: EntryFilter) -> tuple[str, list[object]]:
    if flt.with_trash:
        clauses = ["1"]
    else:
        clauses = ["deleted_at IS NOT NULL" if flt.in_trash else "deleted_at IS NULL"]
    params: list[object] = []
    if flt.to_classify is not None:
        clauses.append("to_classify = ?")
        params.append(int(flt.to_classify))
    if flt.quarter is not None:
        clauses.append("occurred_on BETWEEN ? AND ?")
        params += [flt.quarter.start.isoformat(), flt.quarter.end.isoformat()]
    if flt.date_from is not None:
        clauses.append("occurred_on >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        clauses.append("occurred_on <= ?")
        params.append(flt.date_to.isoformat())
    if flt.kind is not None:
        clauses.append("kind = ?")
        params.append(flt.kind)
    if flt.trigger is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM entry_triggers et WHERE et.entry_id = entries.id"
            " AND et.trigger_id = ?)"
        )
        params.append(flt.trigger)
    if flt.customer:
        if has_surrogates(flt.customer):
            raise JournalError(
                "the customer to look for is not valid UTF-8 text; type it as UTF-8 and try again"
            )
        escaped = flt.customer.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("customer LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    pattern_clauses, pattern_params = _pattern_clauses(flt)
    clauses += pattern_clauses
    params += pattern_params
    if flt.search is not None and flt.search.strip():
        query = fts_query(flt.search)
        if query is None:
            clauses.append("0")
        else:
            clauses.append("id IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)")
            params.append(query)
    return " AND ".join(clauses), params


def _pattern_clauses(flt: EntryFilter) -> tuple[list[str], list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if flt.customer_exact is not None:
        clauses.append("customer = ? COLLATE NOCASE")
        params.append(flt.customer_exact)
    if flt.also_trigger is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM entry_triggers et2 WHERE et2.entry_id = entries.id"
            " AND et2.trigger_id = ?)"
        )
        params.append(flt.also_trigger)
    if flt.control == "unknown":
        clauses.append("control IS NULL")
    elif flt.control is not None:
        clauses.append("control = ?")
        params.append(flt.control)
    if flt.recovery is not None:
        clauses.append("recovery = ?")
        params.append(flt.recovery)
    if flt.weekday is not None or flt.week_of_quarter is not None or flt.crunch_days is not None:
        # Only a figure's entries are cut by the calendar: capture never loads the analytics.
        from journal.services.analytics import calendar_sql
    if flt.weekday is not None:
        clauses.append(f"{calendar_sql.weekday()} = ?")
        params.append(flt.weekday)
    if flt.week_of_quarter is not None:
        expression = calendar_sql.week_of_quarter(flt.fiscal_start_month, flt.week_start)
        clauses.append(f"{expression} = ?")
        params.append(flt.week_of_quarter)
    if flt.crunch_days is not None:
        clauses.append(f"{calendar_sql.days_to_close(flt.fiscal_start_month)} < ?")
        params.append(flt.crunch_days)
    if flt.commitment_id is not None:
        clauses.append("id IN (SELECT entry_id FROM commitment_checks WHERE commitment_id = ?)")
        params.append(flt.commitment_id)
    return clauses, params
