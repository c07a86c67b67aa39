"""What the analytics count, as plain values: every figure carries the counts behind it.

No rate or pattern is claimed from fewer than `MIN_CASES` cases. Each figure names the
`EntryFilter` that lists the entries behind it. Nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.dates import WEEKDAYS
from journal.periods import Period, Quarter
from journal.services.follow_ups import FollowUpCounts
from journal.thresholds import CRUNCH_DAYS as CRUNCH_DAYS
from journal.thresholds import MIN_CASES as MIN_CASES

if TYPE_CHECKING:
    from journal.services.entries import EntryFilter

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
            "slips_percent": _rounded(self.slips_percent),
            "weighted_percent": _rounded(self.weighted_percent),
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


@dataclass(frozen=True)
class TriggerFigure:
    trigger_id: str
    name: str
    retired: bool
    slips: int
    saves: int
    weighted_slips: int
    entries: EntryFilter

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.slips + self.saves)

    def to_json(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger_id,
            "name": self.name,
            "retired": self.retired,
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
            "save_rate": self.save_rate.to_json(),
        }


@dataclass(frozen=True)
class Bucket:
    """One bar of a histogram: slips and saves that fall in it."""

    key: int | str
    label: str
    slips: int
    saves: int
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "slips": self.slips, "saves": self.saves}


@dataclass(frozen=True)
class Crunch:
    """Do slips bunch in the last three weeks of the quarter?"""

    slips: int  # all slips in the period
    crunch_slips: int  # those within CRUNCH_DAYS of their quarter's close
    days: int  # days of the period that have happened
    crunch_days: int  # of which within CRUNCH_DAYS of a close
    entries: EntryFilter

    @property
    def share(self) -> Rate:
        return Rate(self.crunch_slips, self.slips)

    @property
    def expected(self) -> float:
        """The share of slips the crunch would hold if slips fell evenly over the days."""
        return self.crunch_days / self.days if self.days else 0.0

    @property
    def lift(self) -> float | None:
        """How many times more slips the crunch holds than an even spread would give it."""
        share = self.share.value
        if share is None or not self.expected:
            return None
        return share / self.expected

    @property
    def bunching(self) -> bool | None:
        """True when slips bunch at the close (at least 3 there, half again the even share);
        None when there is not enough data to say."""
        lift = self.lift
        if lift is None:
            return None
        return self.crunch_slips >= MIN_CASES and lift >= 1.5

    def to_json(self) -> dict[str, Any]:
        return {
            "crunch_days": CRUNCH_DAYS,
            "slips": self.slips,
            "crunch_slips": self.crunch_slips,
            "share": self.share.to_json(),
            "days": self.days,
            "days_in_crunch": self.crunch_days,
            "expected_share": round(self.expected, 4),
            "lift": _rounded(self.lift),
            "bunching": self.bunching,
        }


@dataclass(frozen=True)
class Pair:
    first: str
    second: str
    first_name: str
    second_name: str
    entries_count: int
    slips: int
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {
            "triggers": [self.first, self.second],
            "names": [self.first_name, self.second_name],
            "entries": self.entries_count,
            "slips": self.slips,
        }


@dataclass(frozen=True)
class CustomerFigure:
    customer: str
    slips: int
    saves: int
    last_on: date
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {
            "customer": self.customer,
            "entries": self.slips + self.saves,
            "slips": self.slips,
            "saves": self.saves,
            "last_on": self.last_on.isoformat(),
        }


@dataclass(frozen=True)
class Share:
    """One value's part of the slips (control, recovery)."""

    key: str
    label: str
    rate: Rate
    entries: EntryFilter

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, **self.rate.to_json()}


@dataclass(frozen=True)
class Window:
    """A trigger's slips and saves over some days, around a commitment."""

    start: date
    end: date
    slips: int
    saves: int

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def weeks(self) -> float:
        return self.days / 7

    @property
    def slips_per_week(self) -> float | None:
        """Stated from three weeks of days up; fewer weeks make too jumpy a rate."""
        return self.slips / self.weeks if self.days >= 7 * MIN_CASES else None

    @property
    def save_rate(self) -> Rate:
        return Rate(self.saves, self.slips + self.saves)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "slips": self.slips,
            "saves": self.saves,
            "slips_per_week": _rounded(self.slips_per_week),
            "save_rate": self.save_rate.to_json(),
        }


@dataclass(frozen=True)
class CommitmentFigure:
    """An "if TRIGGER shows up, I will PLAN" commitment and what became of it."""

    commitment_id: int
    trigger_id: str
    trigger_name: str
    plan: str
    quarter: str
    set_on: date
    outcome: str | None
    before: Window
    after: Window
    followed_yes: int
    followed_partly: int
    followed_no: int
    entries: EntryFilter

    @property
    def answers(self) -> int:
        return self.followed_yes + self.followed_partly + self.followed_no

    @property
    def followed(self) -> Rate:
        return Rate(self.followed_yes, self.answers)

    @property
    def trend(self) -> str | None:
        """'fewer', 'more' or 'same' slips per week after it was set; None: too little data.

        Counts rule as they do for rates: a change is called only when it comes to at least
        MIN_CASES slips over the days after (4 against 3 is no trend), and "about the same"
        only when each side has MIN_CASES slips of its own."""
        before, after = self.before.slips_per_week, self.after.slips_per_week
        if before is None or after is None or self.before.slips + self.after.slips < MIN_CASES:
            return None
        difference = (after - before) * self.after.weeks  # in slips, over the days after
        if abs(difference) >= MIN_CASES:
            if after < before * (1 - TREND_MARGIN):
                return "fewer"
            if after > before * (1 + TREND_MARGIN):
                return "more"
        if min(self.before.slips, self.after.slips) < MIN_CASES:
            return None
        return "same"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.commitment_id,
            "trigger": self.trigger_id,
            "trigger_name": self.trigger_name,
            "plan": self.plan,
            "quarter": self.quarter,
            "set_on": self.set_on.isoformat(),
            "outcome": self.outcome,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "trend": self.trend,
            "followed": {
                "yes": self.followed_yes,
                "partly": self.followed_partly,
                "no": self.followed_no,
                **self.followed.to_json(),
            },
        }


@dataclass(frozen=True)
class QuarterPoint:
    """One quarter of the slips-and-saves series."""

    quarter: Quarter
    slips: int
    saves: int
    weighted_slips: int

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter.label,
            "slips": self.slips,
            "saves": self.saves,
            "weighted_slips": self.weighted_slips,
        }


@dataclass(frozen=True)
class Patterns:
    """Every figure for one period."""

    period: Period
    observed_end: date
    headline: Headline
    previous: Change
    year_earlier: Change
    coverage: Coverage
    triggers: tuple[TriggerFigure, ...]
    weeks: tuple[Bucket, ...]
    crunch: Crunch
    weekdays: tuple[Bucket, ...]
    pairs: tuple[Pair, ...]
    customers: tuple[CustomerFigure, ...]
    control: tuple[Share, ...]
    recovery: tuple[Share, ...]
    recovered: Rate  # slips recovered, of slips where a recovery was tried
    commitments: tuple[CommitmentFigure, ...]
    series: tuple[QuarterPoint, ...] = field(default=())
    # Closed in the period and still open at the end of what is counted of it.
    follow_ups: FollowUpCounts = field(default_factory=lambda: FollowUpCounts(0, 0, 0))

    @property
    def running(self) -> bool:
        return self.observed_end < self.period.end

    @property
    def observed_days(self) -> int:
        """Days of the period counted so far: all of them once it has ended."""
        return (self.observed_end - self.period.start).days + 1

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period.to_json(),
            "counted_up_to": self.observed_end.isoformat(),
            "running": self.running,
            "min_cases": MIN_CASES,
            "headline": self.headline.to_json(),
            "change_against_previous": self.previous.to_json(),
            "change_against_year_earlier": self.year_earlier.to_json(),
            "coverage": self.coverage.to_json(),
            "triggers": [figure.to_json() for figure in self.triggers],
            "week_of_quarter": [bucket.to_json() for bucket in self.weeks],
            "crunch": self.crunch.to_json(),
            "weekdays": [bucket.to_json() for bucket in self.weekdays],
            "trigger_pairs": [pair.to_json() for pair in self.pairs],
            "recurring_customers": [customer.to_json() for customer in self.customers],
            "control": [share.to_json() for share in self.control],
            "recovery": [share.to_json() for share in self.recovery],
            "recovered_of_attempts": self.recovered.to_json(),
            "commitments": [figure.to_json() for figure in self.commitments],
            "quarters": [point.to_json() for point in self.series],
            "follow_ups": self.follow_ups.to_json(),
        }


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
