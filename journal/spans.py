"""Quarters and their weeks as plain date spans (first day, last day).

The same reckoning as `journal.periods` (a test checks them day by day), without its
dataclasses: the status line imports this on every shell prompt, and loading the dataclasses
module alone costs more than the rest of that command.
"""

from __future__ import annotations

from datetime import date, timedelta

Span = tuple[date, date]


def quarter_span(day: date, fiscal_start_month: int = 1) -> Span:
    """The first and last day of the (fiscal) quarter holding `day`."""
    first = day.year * 12 + day.month - 1 - (day.month - fiscal_start_month) % 3
    after = first + 3
    start = date(first // 12, first % 12 + 1, 1)
    end = date(after // 12, after % 12 + 1, 1) - timedelta(days=1)
    return start, end


def past_quarters(span: Span, count: int, fiscal_start_month: int = 1) -> list[Span]:
    """The `count` quarters before `span`, the nearest first."""
    quarters = []
    for _ in range(count):
        span = quarter_span(span[0] - timedelta(days=1), fiscal_start_month)
        quarters.append(span)
    return quarters


def week_spans(span: Span, week_start: int = 0) -> dict[int, Span]:
    """The quarter's weeks by number: week 1 holds its first day (a partial week when the
    quarter does not start on `week_start`), each cut to the quarter."""
    start, end = span
    first = start - timedelta(days=(start.weekday() - week_start) % 7)
    weeks: dict[int, Span] = {}
    week = 1
    while first + timedelta(days=7 * (week - 1)) <= end:
        week_first = first + timedelta(days=7 * (week - 1))
        weeks[week] = (max(start, week_first), min(end, week_first + timedelta(days=6)))
        week += 1
    return weeks
