"""What the analytics count, as plain values: every figure carries the counts behind it.

No rate or pattern is claimed from fewer than `MIN_CASES` cases. Each figure names the
`EntryFilter` that lists the entries behind it. Nothing here reads the database. The plain
counts (`Rate`, `Headline`, `Change` …) are in `counts`, a commitment's in
`commitment_figures`; every name is offered here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.periods import Period, Quarter
from journal.services.analytics.commitment_figures import CommitmentFigure as CommitmentFigure
from journal.services.analytics.commitment_figures import Window as Window
from journal.services.analytics.counts import CONTROL_LABELS as CONTROL_LABELS
from journal.services.analytics.counts import RECOVERY_LABELS as RECOVERY_LABELS
from journal.services.analytics.counts import TREND_MARGIN as TREND_MARGIN
from journal.services.analytics.counts import UNRATED_SEVERITY as UNRATED_SEVERITY
from journal.services.analytics.counts import WEEKDAY_NAMES as WEEKDAY_NAMES
from journal.services.analytics.counts import Change as Change
from journal.services.analytics.counts import Coverage as Coverage
from journal.services.analytics.counts import DayCount as DayCount
from journal.services.analytics.counts import Headline as Headline
from journal.services.analytics.counts import Rate as Rate
from journal.services.analytics.counts import change as change
from journal.services.analytics.counts import rounded
from journal.services.follow_ups import FollowUpCounts
from journal.thresholds import CRUNCH_DAYS as CRUNCH_DAYS
from journal.thresholds import MIN_CASES as MIN_CASES

if TYPE_CHECKING:
    from journal.services.entries import EntryFilter


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
            "lift": rounded(self.lift),
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
