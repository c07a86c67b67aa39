"""Quarters, weeks and weekdays as SQL expressions, so analytics group in the database.

Each expression mirrors `journal.periods.Quarter` for a date column: the tests check them
against the Python version day by day, fiscal years and leap years included. The two
settings are validated whole numbers and are written into the SQL, not bound.
"""

from __future__ import annotations


def _checked(fiscal_start_month: int, week_start: int) -> tuple[int, int]:
    if not 1 <= int(fiscal_start_month) <= 12:
        raise ValueError(f"fiscal start month {fiscal_start_month} is not 1 to 12")
    if not 0 <= int(week_start) <= 6:
        raise ValueError(f"week start {week_start} is not 0 (Monday) to 6 (Sunday)")
    return int(fiscal_start_month), int(week_start)


def weekday(column: str = "occurred_on") -> str:
    """0 Monday … 6 Sunday, as Python's date.weekday()."""
    return f"((CAST(strftime('%w', {column}) AS INTEGER) + 6) % 7)"


def quarter_start(fiscal_start_month: int, column: str = "occurred_on") -> str:
    """The first day of the (fiscal) quarter holding the date, as ISO text."""
    start, _ = _checked(fiscal_start_month, 0)
    month = f"CAST(strftime('%m', {column}) AS INTEGER)"
    year = f"CAST(strftime('%Y', {column}) AS INTEGER)"
    # 0-based month that opens the quarter: the fiscal start plus whole quarters since it.
    first = f"(({start} - 1 + ((({month}) - {start} + 12) % 12) / 3 * 3) % 12)"
    first_year = f"({year} - ({first} + 1 > {month}))"
    return f"printf('%04d-%02d-01', {first_year}, {first} + 1)"


def days_to_close(fiscal_start_month: int, column: str = "occurred_on") -> str:
    """Days from the date to its quarter's last day: 0 on the last day."""
    start = quarter_start(fiscal_start_month, column)
    return f"CAST(julianday(date({start}, '+3 months', '-1 day')) - julianday({column}) AS INTEGER)"


def week_of_quarter(fiscal_start_month: int, week_start: int, column: str = "occurred_on") -> str:
    """1 for the (possibly partial) week holding the quarter's first day, and so on."""
    _, first_weekday = _checked(fiscal_start_month, week_start)
    start = quarter_start(fiscal_start_month, column)
    back = f"(({weekday(start)} - {first_weekday} + 7) % 7)"
    return f"(CAST(julianday({column}) - julianday({start}) + {back} AS INTEGER) / 7 + 1)"
