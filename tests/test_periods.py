"""Periods and the one reader of a typed period that the CLI, the patterns screen and the
export dialog share: what each accepts, the one-line messages, and properties for any input."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

from journal.errors import JournalError
from journal.periods import (
    CALENDAR_YEAR,
    Calendar,
    Period,
    Quarter,
    parse_period,
    quarter_of,
)

TODAY = date(2026, 11, 22)  # a Sunday in 2026-Q4
DAYS = st.dates(date(1901, 1, 1), date(9997, 12, 31))
QUARTERS = st.builds(Quarter, st.integers(1902, 9997), st.integers(1, 4), st.integers(1, 12))


def test_a_typed_quarter_or_this_and_last() -> None:
    assert parse_period("2026-Q3", today=TODAY) == Period.of_quarter(Quarter(2026, 3))
    assert parse_period("this", today=TODAY) == Period.of_quarter(Quarter(2026, 4))
    assert parse_period("last", today=TODAY, fiscal_start_month=10) == Period.of_quarter(
        Quarter(2027, 1, 10).previous()
    )


def test_ranges_only_where_they_are_accepted() -> None:
    typed = "2026-01-01..2026-03-31"
    assert parse_period(typed, today=TODAY, ranges=True) == Period.between(
        date(2026, 1, 1), date(2026, 3, 31)
    )
    assert parse_period("from 1 Jan 2026 to 31 Mar 2026", today=TODAY, ranges=True) == (
        Period.between(date(2026, 1, 1), date(2026, 3, 31))
    )
    with pytest.raises(JournalError, match=re.escape(f'could not read the quarter "{typed}"')):
        parse_period(typed, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "options", "message"),
    [
        ("", {"ranges": True}, "type a quarter (2026-Q3, Q3 2026, this, last) or dates"),
        ("", {"ranges": True, "fiscal_start_month": 4}, "type a quarter (FY2027-Q1, FY27-Q1,"),
        (
            "2026-03-31..2026-01-01",
            {"ranges": True},
            "the range starts (2026-03-31) after it ends (2026-01-01); swap them",
        ),
        ("soon", {"ranges": True}, "; or dates such as 2026-01-01..2026-03-31"),
        (
            "2027-Q1",
            {"ranges": True, "started": True},
            "2027-Q1 has not started yet (today is 2026-11-22)",
        ),
        ("soon", {}, 'could not read the quarter "soon"; name quarters like 2026-Q3'),
    ],
)
def test_typed_periods_that_are_refused(typed: str, options: dict[str, int], message: str) -> None:
    with pytest.raises(JournalError) as raised:
        parse_period(typed, today=TODAY, **options)  # type: ignore[call-overload]
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_the_command_lines_from_and_to() -> None:
    assert parse_period(today=TODAY) is None
    assert parse_period(date_from="2026-11-01", today=TODAY) == Period.between(
        date(2026, 11, 1), TODAY
    )
    for kwargs, message in (
        ({"typed": "this", "date_from": "2026-11-01"}, "give either --quarter or --from/--to"),
        ({"date_to": "2026-11-01"}, "--to needs a --from"),
        (
            {"date_from": "2026-11-02", "date_to": "2026-11-01"},
            "--from 2026-11-02 is after --to 2026-11-01; swap them",
        ),
    ):
        with pytest.raises(JournalError, match=message):
            parse_period(today=TODAY, **kwargs)  # type: ignore[call-overload]


@given(quarter=QUARTERS)
def test_any_quarter_label_reads_back_as_its_quarter(quarter: Quarter) -> None:
    today = max(quarter.end, date(1950, 1, 1))
    period = parse_period(quarter.label, today=today, fiscal_start_month=quarter.fiscal_start_month)
    assert period == Period.of_quarter(quarter)
    assert (period.start, period.end, period.days) == (quarter.start, quarter.end, quarter.days)


@given(start=st.dates(date(1901, 1, 1), TODAY), length=st.integers(0, 4000))
def test_any_typed_range_reads_as_its_days(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    period = parse_period(f"{start}..{end}", today=TODAY, ranges=True)
    assert (period.start, period.end, period.days) == (start, end, length + 1)
    assert period.previous().end == start - timedelta(days=1)
    assert period.previous().days == period.days
    assert period.next().start == end + timedelta(days=1)
    assert period.next().days == period.days


@given(text=st.text(max_size=40), ranges=st.booleans(), started=st.booleans())
@example(text="..", ranges=True, started=False)
@example(text="from to", ranges=True, started=False)
def test_any_text_is_a_period_or_one_line_that_says_why(
    text: str, ranges: bool, started: bool
) -> None:
    try:
        period = parse_period(text, today=TODAY, ranges=ranges, started=started)
    except JournalError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert period.start <= period.end


@given(day=DAYS)
@example(day=date(2024, 2, 29))
def test_a_year_earlier_is_what_relativedelta_says(day: date) -> None:
    """Periods drop dateutil (the capture path imports them): the same days as before."""
    period = Period.between(day, day)
    assert period.year_earlier().start == day - relativedelta(years=1)


@given(quarter=QUARTERS, week_start=st.integers(0, 6))
def test_the_weeks_of_a_quarter_cover_it_once(quarter: Quarter, week_start: int) -> None:
    day, weeks = quarter.start, []
    while day <= quarter.end:
        week = quarter.week_of_quarter(day, week_start)
        start, end = quarter.week_days(week, week_start)
        assert start <= day <= end
        weeks.append(week)
        day += timedelta(days=1)
    assert weeks == sorted(weeks) and weeks[0] == 1
    assert set(weeks) == set(range(1, weeks[-1] + 1))


@given(start=DAYS, length=st.integers(0, 800), closing=st.integers(1, 40))
def test_closing_days_are_counted_day_by_day(start: date, length: int, closing: int) -> None:
    end = min(start + timedelta(days=length), date(9997, 12, 31))
    calendar = Calendar(fiscal_start_month=start.month)
    expected = sum(
        1
        for offset in range((end - start).days + 1)
        if calendar.quarter_of(day := start + timedelta(days=offset)).days_to_close(day) < closing
    )
    assert calendar.closing_days_between(start, end, closing) == expected
    assert CALENDAR_YEAR.quarter_of(start) == quarter_of(start)
