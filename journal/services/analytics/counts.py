"""The plain counts every figure is made of: rates, headlines, changes, days and coverage.

No rate is claimed from fewer than `MIN_CASES` cases. Nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from journal.dates import WEEKDAYS
from journal.periods import Period
from journal.thresholds import MIN_CASES

UNRATED_SEVERITY = 1  # a slip without a severity weighs the least, so it never inflates
TREND_MARGIN = 0.2  # a change under 20% per week reads as "about the same"
WEEKDAY_NAMES = tuple(name[:3].capitalize() for name in WEEKDAYS)  # Mon … Sun
CONTROL_LABELS = {
    "mine": "mine to control",
    "partly": "partly mine",
    "not-mine": "not mine",
    "unknown": "not said",
}
RECOVERY_LABELS = {
    "none": "no recovery",
    "attempted": "attempted",
    "recovered": "recovered",
    "lost": "lost",
}


@dataclass(frozen=True)
class Rate:
    """`part` of `whole`: a share that is stated only when the whole has enough cases."""

    part: int
    whole: int

    @property
    def enough(self) -> bool:
        return self.whole >= MIN_CASES

    @property
    def value(self) -> float | None:
        return self.part / self.whole if self.enough else None

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "part": self.part,
            "whole": self.whole,
            "rate": round(value, 4) if value is not None else None,
            "enough_data": self.enough,
        }


@dataclass(frozen=True)
class Headline:
    """Slips and saves in a period, severity-weighted."""

    period: Period
    slips: int
    saves: int
    weighted_slips: int  # the sum of the slips' severities (unrated slips count 1)
    unrated_slips: int

    @property
    def entries(self) -> int:
        return self.slips + self.saves

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.entries)

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json(),
            "entries": self.entries,
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "unrated_slips": self.unrated_slips,
            "save_rate": self.save_rate.to_json(),
        }


@dataclass(frozen=True)
class Change:
    """The period against another: differences of counts, and a percentage from 3 cases up."""

    against: Headline
    slips: int
    saves: int
    weighted_slips: int

    @property
    def slips_percent(self) -> float | None:
        base = self.against.slips
        return self.slips / base if base >= MIN_CASES else None

    @property
    def weighted_percent(self) -> float | None:
        base = self.against.weighted_slips
        return self.weighted_slips / base if self.against.slips >= MIN_CASES and base else None

    def to_json(self) -> dict[str, Any]:
        return {
            "against": self.against.to_json(),
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "slips_percent": rounded(self.slips_percent),
            "weighted_percent": rounded(self.weighted_percent),
        }


def change(now: Headline, before: Headline) -> Change:
    return Change(
        against=before,
        slips=now.slips - before.slips,
        saves=now.saves - before.saves,
        weighted_slips=now.weighted_slips - before.weighted_slips,
    )


@dataclass(frozen=True, slots=True)
class DayCount:
    """One day's slips and saves (severity-weighted: unrated counts 1) and its check-in, for
    the year at a glance."""

    day: date
    slips: int = 0
    saves: int = 0
    weighted_slips: int = 0
    weighted_saves: int = 0
    clean: bool = False  # checked in clean, with no slip recorded

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "weighted_saves": self.weighted_saves,
            "clean": self.clean,
        }


@dataclass(frozen=True)
class Coverage:
    """Days journaled in the period, so slips have a denominator."""

    days: int  # days of the period that have happened
    journaled_days: int  # with a check-in or an entry
    clean_days: int  # checked in clean, with no slip recorded
    slip_days: int  # with at least one slip

    @property
    def journaled(self) -> Rate:
        return Rate(self.journaled_days, self.days)

    @property
    def clean(self) -> Rate:
        return Rate(self.clean_days, self.journaled_days)

    def to_json(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "journaled_days": self.journaled_days,
            "clean_days": self.clean_days,
            "slip_days": self.slip_days,
            "journaled": self.journaled.to_json(),
            "clean": self.clean.to_json(),
        }


def rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
