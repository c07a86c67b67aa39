"""Natural dates, quarters and fiscal years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.dates import DateError, parse_week_start, parse_when
from journal.periods import Quarter, parse_quarter, quarter_of

SUNDAY = date(2026, 11, 22)  # the suite's fixed "today" is a Sunday


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("today", "2026-11-22"),
        ("  Yesterday ", "2026-11-21"),
        ("friday", "2026-11-20"),
        ("Fri", "2026-11-20"),
        ("sunday", "2026-11-22"),  # a bare weekday includes today
        ("last sunday", "2026-11-15"),  # "last" is strictly before today
        ("last friday", "2026-11-20"),
        ("last monday", "2026-11-16"),
        ("3 days ago", "2026-11-19"),
        ("1 day ago", "2026-11-21"),
        ("a week ago", "2026-11-15"),
        ("2 weeks ago", "2026-11-08"),
        ("2 months ago", "2026-09-22"),
        ("a year ago", "2025-11-22"),
        ("2026-10-03", "2026-10-03"),
        ("2026-1-5", "2026-01-05"),
        ("Oct 3", "2026-10-03"),
        ("oct 3rd", "2026-10-03"),
        ("3 Oct", "2026-10-03"),
        ("Dec 1", "2025-12-01"),  # the most recent Dec 1, not the coming one
        ("3 Oct 2026", "2026-10-03"),
        ("Oct 3 2026", "2026-10-03"),
        ("October 3, 2026", "2026-10-03"),
        ("Feb 29", "2024-02-29"),  # reaches back to the last leap year
        ("12/25/2025", "2025-12-25"),  # other absolute forms via dateutil
    ],
)
def test_accepted_phrases(phrase: str, expected: str) -> None:
    assert parse_when(phrase, today=SUNDAY).isoformat() == expected


def test_months_ago_clamps_to_the_end_of_a_shorter_month() -> None:
    assert parse_when("1 month ago", today=date(2026, 3, 31)) == date(2026, 2, 28)
    assert parse_when("1 year ago", today=date(2024, 2, 29)) == date(2023, 2, 28)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("tomorrow", "2026-11-23"),
        ("next friday", "2026-11-27"),
        ("next sunday", "2026-11-29"),
        ("in 3 days", "2026-11-25"),
        ("in 2 weeks", "2026-12-06"),
        ("Dec 1", "2026-12-01"),  # the next Dec 1 when the future is allowed
        ("Nov 22", "2026-11-22"),
    ],
)
def test_future_phrases_when_allowed(phrase: str, expected: str) -> None:
    assert parse_when(phrase, today=SUNDAY, allow_future=True).isoformat() == expected


@pytest.mark.parametrize("phrase", ["tomorrow", "next friday", "in 3 days", "2027-01-01"])
def test_future_refused_for_entries(phrase: str) -> None:
    with pytest.raises(DateError, match="is in the future"):
        parse_when(phrase, today=SUNDAY)


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "   ",
        "someday",
        "2026-02-30",
        "0000-00-00",
        "5",
        "2026",
        "13/45/2026",
        "friday 5pm",
        "last blursday",
        "Smarch 3",
        "3 days from now-ish",
        "9999-12-31",
        "1066-10-14",
    ],
)
def test_unreadable_phrases_name_the_accepted_forms(phrase: str) -> None:
    with pytest.raises(DateError) as error:
        parse_when(phrase, today=SUNDAY)
    message = str(error.value)
    assert "\n" not in message
    assert "2 weeks ago" in message and "Oct 3" in message


PHRASES = st.one_of(
    st.sampled_from(["today", "yesterday", "now"]),
    st.sampled_from(["mon", "tuesday", "wed", "thursday", "fri", "saturday", "sun"]).flatmap(
        lambda d: st.sampled_from([d, f"last {d}"])
    ),
    st.builds(
        lambda n, unit: f"{n} {unit}{'s' if n != 1 else ''} ago",
        st.integers(0, 500),
        st.sampled_from(["day", "week", "month", "year"]),
    ),
    st.builds(
        lambda m, d: f"{m} {d}",
        st.sampled_from(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct"]),
        st.integers(1, 28),
    ),
    st.dates(date(1950, 1, 1), date(2100, 12, 31)).map(date.isoformat),
    st.text(max_size=20),
)


@given(phrase=PHRASES, today=st.dates(date(1960, 1, 1), date(2090, 12, 31)))
def test_any_accepted_phrase_resolves_to_a_date_not_after_today(phrase: str, today: date) -> None:
    try:
        resolved = parse_when(phrase, today=today)
    except DateError as error:
        assert "\n" not in str(error)  # refused, with one line
        return
    assert resolved <= today
    assert 1900 <= resolved.year <= 9998


@given(text=st.text(max_size=40), today=st.dates(date(1960, 1, 1), date(2090, 12, 31)))
def test_any_text_either_parses_or_is_refused_cleanly(text: str, today: date) -> None:
    """No input escapes as anything but a one-line DateError (no ValueError, no OverflowError)."""
    try:
        resolved = parse_when(text, today=today, allow_future=True)
    except DateError as error:
        assert "\n" not in str(error)
    else:
        assert 1900 <= resolved.year <= 9998


@pytest.mark.parametrize(("word", "index"), [("monday", 0), ("Sun", 6), ("thurs", 3)])
def test_week_start(word: str, index: int) -> None:
    assert parse_week_start(word) == index


def test_week_start_refuses_non_weekdays() -> None:
    with pytest.raises(DateError, match="weekday"):
        parse_week_start("fortnight")


# --- quarters ---------------------------------------------------------------------------------


def test_calendar_quarters() -> None:
    q = quarter_of(date(2026, 8, 15))
    assert (q.label, q.start, q.end, q.days) == ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30), 92)
    assert str(q.previous()) == "2026-Q2" and str(q.next()) == "2026-Q4"
    assert str(q.year_earlier()) == "2025-Q3"
    assert str(quarter_of(date(2026, 1, 1)).previous()) == "2025-Q4"
    assert quarter_of(date(2024, 2, 29)).days == 91  # leap year Q1
    assert quarter_of(date(2025, 2, 1)).days == 90


def test_fiscal_year_is_named_by_the_year_it_ends_in() -> None:
    october = 10
    q = quarter_of(date(2026, 10, 2), october)
    assert (q.label, q.start, q.end) == ("FY2027-Q1", date(2026, 10, 1), date(2026, 12, 31))
    q4 = quarter_of(date(2026, 9, 30), october)
    assert (q4.label, q4.start, q4.end) == ("FY2026-Q4", date(2026, 7, 1), date(2026, 9, 30))
    assert q.previous() == q4
    feb = quarter_of(date(2027, 1, 31), 2)  # February start: January is the year's last month
    assert (feb.label, feb.start, feb.end) == ("FY2027-Q4", date(2026, 11, 1), date(2027, 1, 31))


def test_week_of_quarter_and_days_to_close() -> None:
    q = quarter_of(date(2026, 10, 1))  # Thursday 1 Oct
    assert q.week_of_quarter(date(2026, 10, 1)) == 1
    assert q.week_of_quarter(date(2026, 10, 4)) == 1  # Sunday, same Monday-started week
    assert q.week_of_quarter(date(2026, 10, 5)) == 2
    assert q.week_of_quarter(date(2026, 10, 4), week_start=6) == 2  # weeks starting Sunday
    assert q.week_of_quarter(date(2026, 12, 31)) == 14
    assert q.days_to_close(date(2026, 12, 31)) == 0
    assert q.days_to_close(date(2026, 11, 22)) == 39
    with pytest.raises(ValueError):
        q.week_of_quarter(date(2027, 1, 1))


@given(day=st.dates(date(1901, 1, 1), date(9997, 12, 31)), start_month=st.integers(1, 12))
def test_quarter_of_a_date_contains_that_date(day: date, start_month: int) -> None:
    q = quarter_of(day, start_month)
    assert q.contains(day)
    assert q.start.day == 1 and (q.start.month - start_month) % 3 == 0
    assert 89 <= q.days <= 92  # Feb to Apr in a common year is the shortest
    assert q.next().start == q.end + timedelta(days=1)
    assert q.previous().next() == q
    assert 1 <= q.week_of_quarter(day) <= 14
    assert 0 <= q.days_to_close(day) < q.days
    assert parse_quarter(q.label, today=day, fiscal_start_month=start_month) == q


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2026-Q3", "2026-Q3"),
        ("2026q3", "2026-Q3"),
        ("Q3 2026", "2026-Q3"),
        ("this", "2026-Q4"),
        ("current", "2026-Q4"),
        ("last", "2026-Q3"),
        ("previous", "2026-Q3"),
    ],
)
def test_parse_calendar_quarter(text: str, label: str) -> None:
    assert parse_quarter(text, today=SUNDAY).label == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("FY2027-Q1", "FY2027-Q1"),
        ("fy27-q1", "FY2027-Q1"),
        ("Q4 FY2026", "FY2026-Q4"),
        ("this", "FY2027-Q1"),
        ("last", "FY2026-Q4"),
    ],
)
def test_parse_fiscal_quarter(text: str, label: str) -> None:
    assert parse_quarter(text, today=SUNDAY, fiscal_start_month=10).label == label


@pytest.mark.parametrize(
    ("text", "start_month", "needle"),
    [
        ("2026-Q5", 1, "quarter"),
        ("soon", 1, "quarter"),
        ("2026-Q0", 1, "quarter"),
        ("2026-Q3", 10, "FY2027-Q1"),
        ("FY2027-Q1", 1, "calendar"),
    ],
)
def test_bad_quarters(text: str, start_month: int, needle: str) -> None:
    with pytest.raises(DateError, match=needle):
        parse_quarter(text, today=SUNDAY, fiscal_start_month=start_month)


def test_quarter_rejects_impossible_numbers() -> None:
    with pytest.raises(ValueError):
        Quarter(2026, 5)
