"""Natural dates: the phrases a person types ("last friday", "3 days ago", "Oct 3") as dates.

Everything here is pure: "today" is passed in, so results are reproducible. `today()` reads
JOURNAL_TODAY (YYYY-MM-DD) first so tests and demos can pin the calendar. Quarters, fiscal
years and periods are `journal.periods`.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta

from journal.errors import JournalError
from journal.text import LazyPattern, printable, quoted

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = tuple(name[:3].capitalize() for name in WEEKDAYS)  # Mon … Sun
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MIN_YEAR = 1900
MAX_YEAR = 9998

ACCEPTED_FORMS = (
    "use today, yesterday, a weekday (friday, last friday), 3 days ago, 2 weeks ago,"
    " 2026-10-03, Oct 3 or 3 Oct 2026"
)


class DateError(JournalError):
    """A date phrase that cannot be read or is not allowed here."""


def today() -> date:
    """Today's date, or JOURNAL_TODAY when set (for tests and reproducible demos)."""
    pinned = os.environ.get("JOURNAL_TODAY")
    if pinned:
        try:
            day = date.fromisoformat(pinned.strip())
        except ValueError:
            day = None
        if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
            raise DateError(
                f"JOURNAL_TODAY={quoted(pinned)} is not a date from {MIN_YEAR} to {MAX_YEAR};"
                " use the form 2026-10-03 or unset it"
            )
        return day
    return date.today()


def hour_now() -> int:
    """The hour of the day (0-23), or JOURNAL_TIME's (HH:MM) when set, for tests and demos."""
    pinned = os.environ.get("JOURNAL_TIME")
    if pinned:
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", pinned)
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise DateError(
                f"JOURNAL_TIME={quoted(pinned)} is not a time of day; use the form 18:30 or"
                " unset it"
            )
        return int(match[1])
    return datetime.now().hour


def _weekday_index(word: str) -> int | None:
    """monday → 0 … sunday → 6; accepts three-letter (and longer) abbreviations."""
    if len(word) < 3:
        return None
    for index, name in enumerate(WEEKDAYS):
        if name.startswith(word) or (word in ("tues", "thur", "thurs") and name[:3] == word[:3]):
            return index
    return None


def _month_index(word: str) -> int | None:
    """jan → 1 … december → 12; accepts three-letter (and longer) abbreviations and 'sept'."""
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    for index, name in enumerate(MONTHS, start=1):
        if name.startswith(word):
            return index
    return None


def _add_months(day: date, months: int) -> date:
    """Shift by whole months, clamping to the last day of a shorter month."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise OverflowError("year out of range")
    last = _days_in_month(year, month)
    return date(year, month, min(day.day, last))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


_UNITS = {"day": 1, "week": 7}
_RELATIVE = LazyPattern(r"^(?P<n>\d{1,5}|an?|one)\s+(?P<unit>day|week|month|year)s?\s+ago$")
_AHEAD = LazyPattern(r"^in\s+(?P<n>\d{1,5}|an?|one)\s+(?P<unit>day|week|month|year)s?$")
_ISO = LazyPattern(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_MONTH_DAY = LazyPattern(
    r"^(?P<month>[a-z]{3,9}\.?)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$"
)
_DAY_MONTH = LazyPattern(
    r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]{3,9}\.?)(?:,?\s+(?P<year>\d{4}))?$"
)


def _count(text: str) -> int:
    return 1 if text in ("a", "an", "one") else int(text)


def _shift(base: date, n: int, unit: str) -> date:
    if unit in _UNITS:
        return base + timedelta(days=n * _UNITS[unit])
    return _add_months(base, n * (12 if unit == "year" else 1))


def shown(text: str) -> str:
    """The person's input as it can be quoted in a one-line message."""
    flat = printable(" ".join(text.split()))
    return flat if len(flat) <= 40 else flat[:39] + "…"


def _unreadable(text: str) -> DateError:
    return DateError(f'could not read the date "{shown(text)}"; {ACCEPTED_FORMS}')


def _resolve(phrase: str, base: date, allow_future: bool) -> date | None:
    """The date a normalised phrase names, or None when no built-in form matches."""
    if phrase in ("today", "now"):
        return base
    if phrase == "yesterday":
        return base - timedelta(days=1)
    if phrase == "tomorrow":
        return base + timedelta(days=1)

    words = phrase.split()
    if len(words) == 1 and (index := _weekday_index(words[0])) is not None:
        # A bare weekday is the most recent one, today included.
        return base - timedelta(days=(base.weekday() - index) % 7)
    if len(words) == 2 and words[0] in ("last", "past", "previous"):
        index = _weekday_index(words[1])
        if index is not None:
            back = (base.weekday() - index) % 7 or 7
            return base - timedelta(days=back)
        if words[1] in ("week", "month", "year"):
            return _shift(base, -1, words[1])
    if len(words) == 2 and words[0] in ("next", "this", "coming"):
        index = _weekday_index(words[1])
        if index is not None:
            ahead = (index - base.weekday()) % 7
            if words[0] == "next" or (words[0] == "coming" and ahead == 0):
                ahead = ahead or 7
            return base + timedelta(days=ahead)
        if words[0] == "next" and words[1] in ("week", "month", "year"):
            return _shift(base, 1, words[1])

    if match := _RELATIVE.match(phrase):
        return _shift(base, -_count(match["n"]), match["unit"])
    if match := _AHEAD.match(phrase):
        return _shift(base, _count(match["n"]), match["unit"])

    if match := _ISO.match(phrase):
        return date(int(match["y"]), int(match["m"]), int(match["d"]))

    for pattern in (_MONTH_DAY, _DAY_MONTH):
        match = pattern.match(phrase)
        if match is None:
            continue
        month = _month_index(match["month"])
        if month is None:
            return None
        day = int(match["day"])
        if match["year"]:
            return date(int(match["year"]), month, day)
        return _nearest_month_day(month, day, base, allow_future)
    return None


def _nearest_month_day(month: int, day: int, base: date, allow_future: bool) -> date:
    """'Oct 3' without a year: the most recent one not after today, or, when the future is
    allowed, the next one from today. Feb 29 reaches back (or forward) to a leap year."""
    step = 1 if allow_future else -1
    for offset in range(9):
        try:
            candidate = date(base.year + step * offset, month, day)
        except ValueError:
            continue
        if (candidate >= base) if allow_future else (candidate <= base):
            return candidate
    raise ValueError(f"there is no day {day} in month {month}")


# Two defaults that differ in every part: a phrase that names its year, month and day reads
# the same under both, and one that leaves a part out (dateutil fills it in) does not.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 12, 28))


def _dateutil_fallback(phrase: str) -> date | None:
    """Other absolute forms ('October 3rd, 2026', '3/10/2026') via dateutil, read strictly:
    the phrase must name the year, the month and the day ('-1', 'jan' or '1.5' are not dates)."""
    if re.fullmatch(r"[\d\s]*", phrase):
        return None  # a bare number is too ambiguous to guess at
    from dateutil import parser  # lazy: only unusual phrases pay for it

    try:
        first, second = (parser.parse(phrase, default=d, fuzzy=False) for d in _DEFAULTS)
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if first != second:
        return None  # part of the date came from the default, not from the phrase
    if first.hour or first.minute or first.second or first.tzinfo is not None:
        return None  # a time of day or zone means this was not just a date
    return first.date()


def parse_when(text: str, *, today: date, allow_future: bool = False) -> date:
    """Read a date phrase relative to `today`.

    Entries record what already happened, so a future date is refused unless `allow_future`
    (follow-up dates, the end of a range).
    """
    phrase = " ".join(text.strip().lower().replace(",", ", ").split()).replace(" ,", ",")
    if not phrase:
        raise DateError(f"the date is empty; {ACCEPTED_FORMS}")
    try:
        resolved = _resolve(phrase, today, allow_future)
        if resolved is None:
            resolved = _dateutil_fallback(phrase)
    except (ValueError, OverflowError):
        raise _unreadable(text.strip()) from None
    if resolved is None:
        raise _unreadable(text.strip())
    if not MIN_YEAR <= resolved.year <= MAX_YEAR:
        raise DateError(
            f'the date "{shown(text)}" is outside the years {MIN_YEAR} to {MAX_YEAR};'
            f" {ACCEPTED_FORMS}"
        )
    if not allow_future and resolved > today:
        raise DateError(
            f'"{shown(text)}" ({resolved.isoformat()}) is in the future;'
            " an entry's date must be today or earlier"
        )
    return resolved


FOLLOW_UP_FORMS = (
    "use a day ahead: tomorrow, friday (the coming one), next friday, in 2 weeks, end of week,"
    " end of month, end of quarter, 2026-10-03 or Oct 3"
)
_END_OF = LazyPattern(
    r"^(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<unit>week|month|quarter|year)$"
)


def _end_of(unit: str, base: date, fiscal_start_month: int) -> date:
    """The last day of the week (Sunday), month, quarter (fiscal when the year starts later)
    or calendar year that holds `base`."""
    if unit == "week":
        return base + timedelta(days=6 - base.weekday())
    if unit == "year":
        return date(base.year, 12, 31)
    months_left = 0 if unit == "month" else 2 - (base.month - fiscal_start_month) % 3
    last_month = _add_months(base.replace(day=1), months_left)
    return last_month.replace(day=_days_in_month(last_month.year, last_month.month))


def parse_follow_up(
    text: str, *, today: date, fiscal_start_month: int = 1, what: str = "a follow-up date"
) -> date:
    """A follow-up date: phrases read forward, since it names when to come back.

    A bare weekday is the coming one (`friday` on a Wednesday is in two days; on a Friday, a
    week from today); `end of quarter` follows the fiscal year. A day before today is refused.
    """
    phrase = " ".join(text.strip().lower().split())
    if phrase and (match := _END_OF.match(phrase)):
        return _end_of(match["unit"], today, fiscal_start_month)
    words = phrase.split()
    if len(words) == 1 and (index := _weekday_index(words[0])) is not None:
        return today + timedelta(days=(index - today.weekday()) % 7 or 7)
    try:
        day = parse_when(text, today=today, allow_future=True)
    except DateError as error:
        if str(error).endswith(ACCEPTED_FORMS):
            raise DateError(str(error).replace(ACCEPTED_FORMS, FOLLOW_UP_FORMS)) from None
        raise
    if day < today:
        raise DateError(
            f'"{shown(text)}" ({day.isoformat()}) is past; {what} must be today or later'
            f" ({FOLLOW_UP_FORMS})"
        )
    return day


def parse_week_start(text: str) -> int:
    """A weekday name (or abbreviation) → 0 for Monday … 6 for Sunday."""
    index = _weekday_index(text.strip().lower())
    if index is None:
        raise DateError(f'"{shown(text)}" is not a weekday; use a name such as monday or sunday')
    return index
