"""A commitment's figures: the trigger's slips and saves in the windows before and after it was
set, and how often it was followed. Nothing here reads the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.services.analytics.counts import TREND_MARGIN, Rate, rounded
from journal.thresholds import MIN_CASES

if TYPE_CHECKING:
    from journal.services.entries import EntryFilter


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
            "slips_per_week": rounded(self.slips_per_week),
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
