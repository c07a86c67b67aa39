"""Every analytic against a small journal whose numbers are worked out by hand below.

The journal (calendar quarters; 2026-01-01 is a Thursday, so with Monday weeks 2026-Q1's
week 1 starts on Monday 2025-12-29):

  id  date        kind  triggers                       sev  control   recovery   customer
   1  2026-01-05  slip  quota-behind                     3  mine      none       Northwind
   2  2026-01-06  save  quota-behind                     -  -         none       northwind
   3  2026-03-16  slip  quota-behind, over-promised      5  partly    recovered  Northwind
   4  2026-03-20  slip  quota-behind, over-promised      -  -         attempted  Harbor
   5  2026-03-31  slip  over-promised, quota-behind      2  not-mine  lost       -
   6  2026-02-11  save  billable-cap                     -  -         none       Harbor
   7  2026-03-10  slip  quota-behind (in the trash)      5  -         none       -
   8  2025-12-01  slip  quota-behind                     4
   9  2025-11-03  slip  billable-cap                     2
  10  2025-03-31  slip  quota-behind                     1

Check-ins: 2026-01-02 clean, 2026-01-03 clean, 2026-01-05 (has a slip, so "slips").
A commitment on quota-behind was set on 2026-02-15 for 2026-Q1; entries 3, 4, 5 answered
no, partly, yes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.db import open_journal
from journal.errors import JournalError
from journal.periods import CALENDAR_YEAR, Calendar, Period, Quarter, quarter_of
from journal.records import EntryFields
from journal.sentences import rate_text
from journal.services import checkins, commitments, entries, reviews
from journal.services.analytics import calendar_sql
from journal.services.analytics import queries as patterns
from journal.services.analytics.figures import CommitmentFigure, Patterns, Rate, Window
from journal.services.entries import EntryFilter
from journal.services.reviews import PlannedCommitment, ReviewInput

TODAY = date(2026, 4, 5)  # 2026-Q1 is over; the first days of Q2
Q1 = Quarter(2026, 1)


def _add(conn: sqlite3.Connection, day: str, kind: str, *triggers: str, **fields: object) -> int:
    values = EntryFields(
        situation=f"{kind} on {day}",
        kind=kind,
        occurred_on=date.fromisoformat(day),
        triggers=triggers,
        **fields,  # type: ignore[arg-type]
    )
    return entries.add(conn, values, today=TODAY)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_journal(tmp_path / "small.sqlite")
    qb, op = "quota-behind", "over-promised"
    _add(connection, "2026-01-05", "slip", qb, severity=3, control="mine", customer="Northwind")
    _add(connection, "2026-01-06", "save", qb, customer="northwind")
    _add(
        connection,
        "2026-03-16",
        "slip",
        qb,
        op,
        severity=5,
        control="partly",
        recovery="recovered",
        customer="Northwind",
    )
    _add(connection, "2026-03-20", "slip", qb, op, recovery="attempted", customer="Harbor")
    _add(connection, "2026-03-31", "slip", op, qb, severity=2, control="not-mine", recovery="lost")
    _add(connection, "2026-02-11", "save", "billable-cap", customer="Harbor")
    deleted = _add(connection, "2026-03-10", "slip", qb, severity=5)
    entries.delete(connection, deleted)
    _add(connection, "2025-12-01", "slip", qb, severity=4)
    _add(connection, "2025-11-03", "slip", "billable-cap", severity=2)
    _add(connection, "2025-03-31", "slip", qb, severity=1)
    checkins.checkin(connection, date(2026, 1, 2), "clean")
    checkins.checkin(connection, date(2026, 1, 3), "clean")
    checkins.checkin(connection, date(2026, 1, 5))
    connection.execute(
        "INSERT INTO commitments (id, trigger_id, plan, quarter, set_on)"
        " VALUES (1, 'quota-behind', 'ask what they need first', '2026-Q1', '2026-02-15')"
    )
    commitments.record_checks(connection, 3, {1: "no"})
    commitments.record_checks(connection, 4, {1: "partly"})
    commitments.record_checks(connection, 5, {1: "yes"})
    yield connection
    connection.close()


def behind(conn: sqlite3.Connection, figure_filter: entries.EntryFilter) -> list[int]:
    """The ids of the entries a figure says are behind it."""
    return sorted(entry.id for entry in entries.query(conn, figure_filter))


def q1(conn: sqlite3.Connection, calendar: Calendar = CALENDAR_YEAR) -> Patterns:
    return patterns.patterns_for(conn, Period.of_quarter(Q1), today=TODAY, calendar=calendar)


# --- headline and changes -----------------------------------------------------------------


def test_headline_is_severity_weighted_and_skips_the_trash(conn: sqlite3.Connection) -> None:
    found = q1(conn).headline
    assert (found.slips, found.saves) == (4, 2)
    assert found.weighted_slips == 3 + 5 + 1 + 2  # the unrated slip counts 1
    assert found.unrated_slips == 1
    assert found.save_rate == Rate(2, 6)
    assert found.save_rate.value == pytest.approx(1 / 3)


def test_change_against_previous_and_year_earlier(conn: sqlite3.Connection) -> None:
    found = q1(conn)
    previous = found.previous
    assert previous.against.period.label == "2025-Q4"
    assert (previous.against.slips, previous.against.weighted_slips) == (2, 4 + 2)
    assert (previous.slips, previous.saves, previous.weighted_slips) == (2, 2, 11 - 6)
    assert previous.slips_percent is None  # only 2 slips last quarter: no percentage
    earlier = found.year_earlier
    assert earlier.against.period.label == "2025-Q1"
    assert (earlier.against.slips, earlier.slips) == (1, 3)


def test_a_running_quarter_is_compared_with_as_many_days(conn: sqlite3.Connection) -> None:
    # On 2026-01-05 (day 5 of Q1), Q4 is cut to 2025-10-01..2025-10-05: no slips in it.
    running = patterns.patterns_for(conn, Period.of_quarter(Q1), today=date(2026, 1, 5))
    assert running.running
    assert running.headline.slips == 1
    cut = running.previous.against.period
    assert (cut.start, cut.end, cut.is_cut) == (date(2025, 10, 1), date(2025, 10, 5), True)
    assert running.previous.against.slips == 0
    assert running.coverage.days == 5


def test_percent_change_from_three_cases(conn: sqlite3.Connection) -> None:
    q2 = patterns.patterns_for(conn, Period.of_quarter(Q1.next()), today=date(2026, 6, 30))
    assert q2.headline.slips == 0
    assert q2.previous.slips == -4
    assert q2.previous.slips_percent == pytest.approx(-1.0)  # 4 slips before: enough


# --- triggers -----------------------------------------------------------------------------


def test_top_triggers_and_save_rates(conn: sqlite3.Connection) -> None:
    found = {figure.trigger_id: figure for figure in q1(conn).triggers}
    assert [figure.trigger_id for figure in q1(conn).triggers] == [
        "quota-behind",
        "over-promised",
        "billable-cap",
    ]
    quota = found["quota-behind"]
    assert (quota.slips, quota.saves, quota.weighted_slips) == (4, 1, 11)
    assert quota.save_rate.value == pytest.approx(1 / 5)
    promised = found["over-promised"]
    assert (promised.slips, promised.saves, promised.weighted_slips) == (3, 0, 8)
    assert promised.save_rate.value == 0.0  # three cases: a rate, even a zero one
    assert found["billable-cap"].save_rate.value is None  # one case: not enough data
    assert behind(conn, quota.entries) == [1, 2, 3, 4, 5]


# --- when in the quarter ------------------------------------------------------------------


def test_week_of_quarter_histogram(conn: sqlite3.Connection) -> None:
    weeks = q1(conn).weeks
    assert [bucket.key for bucket in weeks] == list(range(1, 15))  # Mar 31 is in week 14
    counted = {
        bucket.key: (bucket.slips, bucket.saves) for bucket in weeks if bucket.slips or bucket.saves
    }
    assert counted == {2: (1, 1), 7: (0, 1), 12: (2, 0), 14: (1, 0)}
    assert behind(conn, weeks[11].entries) == [3, 4]


def test_weeks_starting_on_sunday(conn: sqlite3.Connection) -> None:
    # Sunday weeks: week 1 starts Sunday 2025-12-28; Feb 11 is then 45 days in: week 7 still.
    sunday = Calendar(week_start=6)
    counted = {b.key: (b.slips, b.saves) for b in q1(conn, sunday).weeks if b.slips or b.saves}
    assert counted == {2: (1, 1), 7: (0, 1), 12: (2, 0), 14: (1, 0)}
    assert [b.label for b in q1(conn, sunday).weekdays][:2] == ["Sun", "Mon"]


def test_the_crunch(conn: sqlite3.Connection) -> None:
    crunch = q1(conn).crunch
    assert (crunch.slips, crunch.crunch_slips) == (4, 3)  # Mar 16, 20 and 31
    assert (crunch.days, crunch.crunch_days) == (90, 21)
    assert crunch.expected == pytest.approx(21 / 90)
    assert crunch.lift == pytest.approx((3 / 4) / (21 / 90))
    assert crunch.bunching is True
    assert behind(conn, crunch.entries) == [3, 4, 5]


def test_weekdays(conn: sqlite3.Connection) -> None:
    found = {bucket.label: (bucket.slips, bucket.saves) for bucket in q1(conn).weekdays}
    assert found == {
        "Mon": (2, 0),
        "Tue": (1, 1),
        "Wed": (0, 1),
        "Thu": (0, 0),
        "Fri": (1, 0),
        "Sat": (0, 0),
        "Sun": (0, 0),
    }
    monday = q1(conn).weekdays[0]
    assert behind(conn, monday.entries) == [1, 3]


# --- what comes together, who comes back ------------------------------------------------


def test_trigger_pairs_from_three_entries(conn: sqlite3.Connection) -> None:
    (pair,) = q1(conn).pairs
    assert (pair.first, pair.second) == ("over-promised", "quota-behind")
    assert (pair.entries_count, pair.slips) == (3, 3)
    assert behind(conn, pair.entries) == [3, 4, 5]


def test_recurring_customers_from_three_entries(conn: sqlite3.Connection) -> None:
    (customer,) = q1(conn).customers  # Harbor has two entries: not a pattern yet
    assert customer.customer.casefold() == "northwind"
    assert (customer.slips, customer.saves, customer.last_on) == (2, 1, date(2026, 3, 16))
    assert behind(conn, customer.entries) == [1, 2, 3]


def test_control_and_recovery(conn: sqlite3.Connection) -> None:
    found = q1(conn)
    control = {share.key: share.rate for share in found.control}
    assert control == {
        "mine": Rate(1, 4),
        "partly": Rate(1, 4),
        "not-mine": Rate(1, 4),
        "unknown": Rate(1, 4),
    }
    recovery = {share.key: share.rate for share in found.recovery}
    assert recovery == {
        "none": Rate(1, 4),
        "attempted": Rate(1, 4),
        "recovered": Rate(1, 4),
        "lost": Rate(1, 4),
    }
    assert found.recovered == Rate(1, 3)
    unknown = next(share for share in found.control if share.key == "unknown")
    assert behind(conn, unknown.entries) == [4]


def test_coverage(conn: sqlite3.Connection) -> None:
    found = q1(conn).coverage
    # Jan 2, 3, 5 (check-ins) and Jan 5, 6, Feb 11, Mar 16, 20, 31 (entries): 8 days.
    assert (found.days, found.journaled_days, found.clean_days, found.slip_days) == (90, 8, 2, 4)


# --- commitments --------------------------------------------------------------------------


def test_commitment_before_and_after(conn: sqlite3.Connection) -> None:
    (figure,) = q1(conn).commitments
    # After: Feb 15 to Mar 31 (45 days). Before: the 45 days to Feb 14, from Jan 1.
    assert (figure.after.start, figure.after.end) == (date(2026, 2, 15), date(2026, 3, 31))
    assert (figure.before.start, figure.before.end) == (date(2026, 1, 1), date(2026, 2, 14))
    assert (figure.before.slips, figure.before.saves) == (1, 1)
    assert (figure.after.slips, figure.after.saves) == (3, 0)
    assert figure.before.slips_per_week == pytest.approx(1 / (45 / 7))
    assert figure.after.slips_per_week == pytest.approx(3 / (45 / 7))
    assert figure.trend is None  # 3 slips against 1: too few to call a trend
    assert (figure.followed_yes, figure.followed_partly, figure.followed_no) == (1, 1, 1)
    assert figure.followed == Rate(1, 3)
    assert behind(conn, figure.entries) == [3, 4, 5]


@pytest.mark.parametrize(
    ("before", "after", "trend"),
    [
        (4, 3, "same"),  # a difference of one slip is no trend
        (3, 4, "same"),
        (1, 3, None),  # too few on one side to say even "about the same"
        (2, 0, None),  # two slips in all
        (3, 0, "fewer"),
        (10, 4, "fewer"),
        (4, 10, "more"),
        (10, 11, "same"),
    ],
)
def test_a_trend_is_called_from_enough_slips_only(
    before: int, after: int, trend: str | None
) -> None:
    def window(start: date, slips: int) -> Window:
        return Window(start, start + timedelta(days=41), slips, 0)

    figure = CommitmentFigure(
        commitment_id=1,
        trigger_id="quota-behind",
        trigger_name="Sales quota behind",
        plan="ask first",
        quarter="2026-Q2",
        set_on=date(2026, 2, 12),
        outcome=None,
        before=window(date(2026, 1, 1), before),
        after=window(date(2026, 2, 12), after),
        followed_yes=0,
        followed_partly=0,
        followed_no=0,
        entries=EntryFilter(),
    )
    assert figure.trend == trend


def test_a_new_commitment_has_too_little_data(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO commitments (id, trigger_id, plan, quarter, set_on)"
        " VALUES (2, 'billable-cap', 'ask for an exception', '2026-Q2', '2026-04-01')"
    )
    figure = next(f for f in reviews.build_review(conn, Q1.next(), today=TODAY).due)
    assert figure.after.days == 5
    assert figure.after.slips_per_week is None  # under three weeks
    assert figure.trend is None


# --- fiscal years, leap years, empty quarters ---------------------------------------------


def test_a_fiscal_quarter_across_the_new_year(conn: sqlite3.Connection) -> None:
    november = Calendar(fiscal_start_month=11)
    quarter = quarter_of(date(2026, 1, 5), 11)
    assert (quarter.label, quarter.start, quarter.end) == (
        "FY2026-Q1",
        date(2025, 11, 1),
        date(2026, 1, 31),
    )
    found = patterns.patterns_for(conn, Period.of_quarter(quarter), today=TODAY, calendar=november)
    assert (found.headline.slips, found.headline.saves) == (3, 1)  # Nov 3, Dec 1, Jan 5; Jan 6
    assert found.headline.weighted_slips == 2 + 4 + 3
    # Week 1 starts Monday 2025-10-27: Nov 3 is week 2, Dec 1 week 6, Jan 5 and 6 week 11.
    counted = {b.key: (b.slips, b.saves) for b in found.weeks if b.slips or b.saves}
    assert counted == {2: (1, 0), 6: (1, 0), 11: (1, 1)}
    assert found.crunch.crunch_slips == 0  # Jan 5 is 26 days before the close
    assert found.previous.against.period.label == "FY2025-Q4"
    series = [point.quarter.label for point in found.series]
    assert series[-2:] == ["FY2025-Q4", "FY2026-Q1"]
    assert found.series[-1].slips == 3
    assert behind(conn, found.weeks[10].entries) == [1, 2]


def test_a_leap_day(conn: sqlite3.Connection) -> None:
    leap = _add(conn, "2024-02-29", "slip", "quota-behind", severity=2)
    quarter = Quarter(2024, 1)
    assert Period.of_quarter(quarter).days == 91
    found = patterns.patterns_for(conn, Period.of_quarter(quarter), today=TODAY)
    assert found.headline.slips == 1
    (week,) = [b for b in found.weeks if b.slips]
    assert week.key == quarter.week_of_quarter(date(2024, 2, 29))
    assert behind(conn, week.entries) == [leap]
    assert found.crunch.days == 91
    # A date range from the leap day: a year earlier starts on 2023-02-28.
    span = Period.between(date(2024, 2, 29), date(2024, 3, 31))
    assert span.year_earlier().start == date(2023, 2, 28)
    assert span.previous().end == date(2024, 2, 28)


def test_an_empty_quarter(conn: sqlite3.Connection) -> None:
    found = patterns.patterns_for(conn, Period.of_quarter(Quarter(2025, 2)), today=TODAY)
    assert (found.headline.slips, found.headline.saves) == (0, 0)
    assert found.headline.save_rate.value is None
    assert found.triggers == () and found.pairs == () and found.customers == ()
    assert all(b.slips == b.saves == 0 for b in found.weeks)
    assert found.crunch.bunching is None
    assert found.coverage.journaled_days == 0
    assert found.recovered.value is None


def test_a_date_range(conn: sqlite3.Connection) -> None:
    span = Period.between(date(2026, 3, 1), date(2026, 3, 31))
    found = patterns.patterns_for(conn, span, today=TODAY)
    assert (found.headline.slips, found.headline.saves) == (3, 0)
    assert found.previous.against.period.start == date(2026, 1, 29)
    assert found.crunch.days == 31 and found.crunch.crunch_days == 21


def test_rates_need_three_cases() -> None:
    assert Rate(2, 2).value is None and not Rate(2, 2).enough
    assert rate_text(Rate(2, 2)) == "too few (2 of 2)"
    assert Rate(1, 3).value == pytest.approx(1 / 3)
    assert rate_text(Rate(1, 3)) == "33% (1 of 3)"
    assert Rate(0, 0).to_json() == {"part": 0, "whole": 0, "rate": None, "enough_data": False}


# --- the SQL calendar against the Python one ----------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=date(1901, 1, 1), max_value=date(9998, 12, 31)),
    fiscal_start_month=st.integers(1, 12),
    week_start=st.integers(0, 6),
)
def test_sql_calendar_matches_python(day: date, fiscal_start_month: int, week_start: int) -> None:
    quarter = quarter_of(day, fiscal_start_month)
    row = (
        sqlite3.connect(":memory:")
        .execute(
            f"SELECT {calendar_sql.quarter_start(fiscal_start_month, '?1')},"
            f" {calendar_sql.days_to_close(fiscal_start_month, '?1')},"
            f" {calendar_sql.week_of_quarter(fiscal_start_month, week_start, '?1')},"
            f" {calendar_sql.weekday('?1')}",
            (day.isoformat(),),
        )
        .fetchone()
    )
    assert tuple(row) == (
        quarter.start.isoformat(),
        quarter.days_to_close(day),
        quarter.week_of_quarter(day, week_start),
        day.weekday(),
    )


def test_sql_calendar_every_day_of_a_leap_year() -> None:
    conn = sqlite3.connect(":memory:")
    day = date(2024, 1, 1)
    while day.year == 2024:
        for month in (1, 10):
            quarter = quarter_of(day, month)
            row = conn.execute(
                f"SELECT {calendar_sql.week_of_quarter(month, 0, '?1')},"
                f" {calendar_sql.days_to_close(month, '?1')}",
                (day.isoformat(),),
            ).fetchone()
            assert tuple(row) == (quarter.week_of_quarter(day), quarter.days_to_close(day)), day
        day += timedelta(days=1)


# --- the review ---------------------------------------------------------------------------


def test_review_of_a_quarter(conn: sqlite3.Connection) -> None:
    review = reviews.build_review(conn, Q1, today=TODAY)
    assert review.commit_for == Q1.next()
    assert not review.running
    assert [figure.commitment_id for figure in review.due] == [1]
    kinds = [prompt.kind for prompt in review.prompts]
    assert kinds == ["start", "stop", "continue"]
    stop = review.prompts[1]
    assert stop.trigger_id == "quota-behind"
    assert "4 times" in stop.text and "75% of all slips" in stop.text
    start = review.prompts[0]
    assert start.trigger_id == "over-promised"  # rose from 0 to 3 against 2025-Q4
    assert review.saved is None
    data = review.to_json()
    assert data["glance"]["headline"]["slips"] == 4
    assert data["last_quarter_commitments"][0]["followed"]["part"] == 1


def test_the_default_quarter_to_review(conn: sqlite3.Connection) -> None:
    year = Calendar()
    assert reviews.default_quarter(conn, today=TODAY, calendar=year) == Q1  # early April
    reviews.save_review(conn, Q1, ReviewInput(reflection="done"), today=TODAY)
    assert reviews.default_quarter(conn, today=TODAY, calendar=year) == Q1.next()
    assert reviews.default_quarter(conn, today=date(2026, 5, 20), calendar=year) == Q1.next()


def test_saving_judging_and_editing_a_review(conn: sqlite3.Connection) -> None:
    values = ReviewInput(
        reflection="The crunch again.",
        start_doing="Plan the pipeline in week 2",
        stop_doing="Promising dates to close",
        continue_doing="Asking first",
        outcomes={1: "broken"},
        commitments=[
            PlannedCommitment("quota-behind", "ask what they need before I quote"),
            PlannedCommitment("Went off-script or over-promised", "check with delivery first"),
        ],
    )
    saved = reviews.save_review(conn, Q1, values, today=TODAY)
    assert saved.quarter == "2026-Q1"
    assert [(c.trigger_id, c.quarter, c.set_on) for c in saved.commitments] == [
        ("quota-behind", "2026-Q2", TODAY),
        ("over-promised", "2026-Q2", TODAY),
    ]
    assert conn.execute("SELECT outcome FROM commitments WHERE id = 1").fetchone()[0] == "broken"
    # A judged commitment is no longer asked about on new entries.
    running = commitments.active_for(conn, ["quota-behind"], on=TODAY)
    assert [c.id for c in running] == [saved.commitments[0].commitment_id]
    first = saved.commitments[0]
    edited = ReviewInput(
        reflection="The crunch again, and I saw it coming.",
        commitments=[
            PlannedCommitment(first.trigger_id, "ask first, then quote", first.commitment_id)
        ],
    )
    again = reviews.save_review(conn, Q1, edited, today=TODAY)
    assert again.review_id == saved.review_id
    assert [(c.commitment_id, c.plan) for c in again.commitments] == [
        (first.commitment_id, "ask first, then quote")
    ]
    assert again.start_doing == ""  # the edit said nothing: cleared, as the form would
    # The next quarter's review judges them.
    next_review = reviews.build_review(conn, Q1.next(), today=date(2026, 7, 2))
    assert [f.commitment_id for f in next_review.due] == [first.commitment_id]


def test_review_refusals_write_nothing(conn: sqlite3.Connection) -> None:
    def count() -> int:
        return int(conn.execute("SELECT count(*) FROM reviews").fetchone()[0])

    too_many = ReviewInput(
        commitments=[PlannedCommitment("quota-behind", f"plan {n}") for n in range(4)]
    )
    bad = [
        (too_many, "too many"),
        (ReviewInput(commitments=[PlannedCommitment("quota-behind", "  ")]), "has no plan"),
        (ReviewInput(commitments=[PlannedCommitment("no-such", "x")]), "unknown trigger"),
        (ReviewInput(outcomes={1: "maybe"}), "kept, partly or broken"),
        (ReviewInput(outcomes={99: "kept"}), "was not made for 2026-Q1"),
        (ReviewInput(reflection="bad \x07 bell"), "control character"),
    ]
    for values, message in bad:
        with pytest.raises(JournalError, match=message):
            reviews.save_review(conn, Q1, values, today=TODAY)
        assert count() == 0
    assert conn.execute("SELECT outcome FROM commitments WHERE id = 1").fetchone()[0] is None


def test_a_commitment_with_answers_stays_as_written(conn: sqlite3.Connection) -> None:
    saved = reviews.save_review(
        conn,
        Q1,
        ReviewInput(commitments=[PlannedCommitment("quota-behind", "ask first")]),
        today=TODAY,
    )
    (made,) = saved.commitments
    commitments.record_checks(conn, 4, {made.commitment_id: "yes"})
    with pytest.raises(JournalError, match="cannot be removed"):
        reviews.save_review(conn, Q1, ReviewInput(), today=TODAY)
    with pytest.raises(JournalError, match="stays as written"):
        reviews.save_review(
            conn,
            Q1,
            ReviewInput(
                commitments=[PlannedCommitment("quota-behind", "other", made.commitment_id)]
            ),
            today=TODAY,
        )
    (still,) = reviews.saved_review(conn, Q1).commitments  # type: ignore[union-attr]
    assert still.plan == "ask first"


def test_a_late_review_commits_for_the_running_quarter(conn: sqlite3.Connection) -> None:
    review = reviews.build_review(conn, Quarter(2025, 1), today=TODAY)
    assert review.commit_for == Q1.next()  # not 2025-Q2, long over
