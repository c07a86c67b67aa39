"""Dates written in a format the file does not name (a jrnl `timeformat`, a spreadsheet's
dates): strftime formats read with strptime, the common ones recognised, and the formats a
file still allows narrowed down value by value, so that a file whose every date reads two
ways (3/2/2026: March or February?) is refused with the option that settles it rather than
read one way by guess."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

# strftime shorthands (C and GNU) that strptime does not know, and GNU's padding flags.
_SHORTHANDS = {
    "%F": "%Y-%m-%d",
    "%T": "%H:%M:%S",
    "%r": "%I:%M:%S %p",
    "%R": "%H:%M",
    "%D": "%m/%d/%y",
    "%h": "%b",
    "%e": "%d",
    "%k": "%H",
    "%l": "%I",
    "%P": "%p",
}
_DIRECTIVE = re.compile(r"%[-_0^#]?([a-zA-Z%])")
_LOOSE = {
    "Y": r"\d{4}",
    "y": r"\d{2}",
    "G": r"\d{4}",
    "j": r"\d{1,3}",
    "f": r"\d{1,6}",
    "z": r"[+-]\d{2}:?\d{2}|Z",
    "%": "%",
}
_NUMBER = r"\s?\d{1,2}"  # day, month, hour, minute, second (space-padded too)
_NAME = r"[^\W\d_]+\.?"  # month and day names, AM/PM


def normalized(fmt: str) -> str:
    """`fmt` as strptime reads it: shorthands spelled out, padding flags dropped."""

    def spell(match: re.Match[str]) -> str:
        directive = "%" + match[1]
        return _SHORTHANDS.get(directive, directive)

    previous = None
    while previous != fmt:  # %D inside %F... spelled out until nothing changes
        previous, fmt = fmt, _DIRECTIVE.sub(spell, fmt)
    return fmt


def loose_pattern(fmt: str) -> re.Pattern[str]:
    """What a value written in `fmt` looks like (digits where numbers go), valid or not: a
    value of this shape that does not parse is a wrong date, not other text."""
    parts = []
    position = 0
    fmt = normalized(fmt)
    for match in _DIRECTIVE.finditer(fmt):
        parts.append(re.escape(fmt[position : match.start()]))
        letter = match[1]
        if letter in _LOOSE:
            parts.append(_LOOSE[letter])
        elif letter in "aAbBpZ":
            parts.append(_NAME)
        else:
            parts.append(_NUMBER)
        position = match.end()
    parts.append(re.escape(fmt[position:]))
    return re.compile("".join(parts).replace(r"\ ", r"\s+"), re.IGNORECASE)


def parse(text: str, fmt: str) -> datetime | None:
    """`text` read in `fmt`, or None when it is not a date in that format."""
    try:
        return datetime.strptime(text.strip(), normalized(fmt))
    except ValueError:
        return None


def with_times(dates: Iterable[str], times: Sequence[str]) -> tuple[str, ...]:
    return tuple(day + clock for day in dates for clock in times)


DAY_FIRST = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%d.%m.%y")
MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%m.%d.%Y")
NAMED = (
    "%a, %d %b %Y", "%A, %d %B %Y", "%a %d %b %Y", "%A %d %B %Y", "%d %b %Y", "%d %B %Y",
    "%a, %b %d, %Y", "%A, %B %d, %Y", "%a %b %d %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y",
    "%B %d %Y",
)  # fmt: skip
ISO_DATES = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")
COMMON_DATES = (*ISO_DATES, *DAY_FIRST, *MONTH_FIRST, *NAMED)
COMMON_TIMES = (
    "", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %I:%M%p", " %I:%M:%S%p",
    ", %H:%M", ", %I:%M %p", " at %H:%M", " at %I:%M %p",
)  # fmt: skip
COMMON = with_times(COMMON_DATES, COMMON_TIMES)


def describe(fmt: str) -> str:
    """A format as a person reads it: 'day/month', 'month/day' or the format itself."""
    order = [letter for letter in re.findall(r"%([dmbB])", normalized(fmt))]
    if order[:2] == ["d", "m"]:
        return "day first"
    if order[:2] == ["m", "d"]:
        return "month first"
    return fmt


class Narrowing:
    """The formats a file may be written in, narrowed by each value read.

    `read(text)` gives the date and time every format still possible agrees on, or None when
    they disagree (the value waits until later values settle it); a value no format reads
    gives `Unreadable`."""

    def __init__(self, formats: Sequence[str]) -> None:
        self.formats: tuple[str, ...] = tuple(dict.fromkeys(formats))
        self.example: str | None = None  # the first value that read two ways

    def fits(self, text: str) -> bool:
        return any(parse(text, fmt) is not None for fmt in self.formats)

    def read(self, text: str) -> datetime | Unreadable | None:
        readings = {fmt: parse(text, fmt) for fmt in self.formats}
        possible = {fmt: moment for fmt, moment in readings.items() if moment is not None}
        if not possible:
            return Unreadable(self.formats)
        self.formats = tuple(possible)
        moments = set(possible.values())
        if len(moments) == 1:
            return moments.pop()
        if self.example is None:
            self.example = text.strip()
        return None

    def settled(self, text: str) -> datetime | None:
        """`text` read with the formats left, when they agree on it."""
        moments = {parse(text, fmt) for fmt in self.formats}
        return moments.pop() if len(moments) == 1 else None

    def ambiguity(self, option: str, more: str = "") -> str:
        """The message for values that still read more than one way at the end."""
        ways = " or ".join(f"{option} '{fmt}'" for fmt in self.formats[:2])
        kinds = ", ".join(dict.fromkeys(describe(fmt) for fmt in self.formats[:2]))
        return (
            f"dates such as {self.example!r} read more than one way ({kinds}); say which with"
            f" {ways}{more}"
        )


class Unreadable:
    def __init__(self, formats: Sequence[str]) -> None:
        self.formats = tuple(formats)
