"""What a quarterly review holds: its prompts, commitments, answers and what is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journal.periods import Quarter
from journal.services.analytics.figures import CommitmentFigure, Patterns

OUTCOMES = ("kept", "partly", "broken")
MAX_COMMITMENTS = 3
ANSWER_FIELDS = ("start_doing", "stop_doing", "continue_doing")


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question for the reflection, led by what the quarter's figures show."""

    kind: str  # start, stop or continue
    text: str
    trigger_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "trigger": self.trigger_id}


@dataclass(frozen=True, slots=True)
class PlannedCommitment:
    """A commitment as the person writes it; `commitment_id` when editing a saved one."""

    trigger: str
    plan: str
    commitment_id: int | None = None


@dataclass(frozen=True, slots=True)
class SavedCommitment:
    commitment_id: int
    trigger_id: str
    trigger_name: str
    plan: str
    quarter: str
    set_on: date
    outcome: str | None
    answers: int  # entries that said whether they followed it

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.commitment_id,
            "trigger": self.trigger_id,
            "trigger_name": self.trigger_name,
            "plan": self.plan,
            "quarter": self.quarter,
            "set_on": self.set_on.isoformat(),
            "outcome": self.outcome,
            "answers": self.answers,
        }


@dataclass(frozen=True, slots=True)
class SavedReview:
    review_id: int
    quarter: str
    reflection: str
    start_doing: str
    stop_doing: str
    continue_doing: str
    created_at: str
    updated_at: str
    commitments: tuple[SavedCommitment, ...]  # the ones this review set
    version: int = 1  # counts its saves: a screen compares it to notice a save made elsewhere

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.review_id,
            "quarter": self.quarter,
            "reflection": self.reflection,
            "start": self.start_doing,
            "stop": self.stop_doing,
            "continue": self.continue_doing,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "version": self.version,
            "commitments": [commitment.to_json() for commitment in self.commitments],
        }


@dataclass(slots=True)
class ReviewInput:
    """What the person writes in a review. Outcomes judge last quarter's commitments
    (commitment id → kept / partly / broken, or None to leave it open)."""

    reflection: str = ""
    start_doing: str = ""
    stop_doing: str = ""
    continue_doing: str = ""
    outcomes: dict[int, str | None] = field(default_factory=dict)
    commitments: list[PlannedCommitment] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    quarter: str
    updated_at: str
    reflection: str
    commitments: int

    @property
    def headline(self) -> str:
        text = self.reflection.strip()
        return text.splitlines()[0] if text else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "quarter": self.quarter,
            "updated_at": self.updated_at,
            "reflection": self.reflection,
            "commitments": self.commitments,
        }


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the review of one quarter shows."""

    quarter: Quarter
    commit_for: Quarter  # the quarter new commitments are made for
    patterns: Patterns
    due: tuple[CommitmentFigure, ...]  # last quarter's commitments, made for this quarter
    prompts: tuple[Prompt, ...]
    saved: SavedReview | None

    @property
    def running(self) -> bool:
        return self.patterns.running

    def to_json(self) -> dict[str, Any]:
        return {
            "format": "journal-review",
            "version": 1,
            "quarter": self.quarter.label,
            "running": self.running,
            "commitments_are_for": self.commit_for.label,
            "glance": self.patterns.to_json(),
            "last_quarter_commitments": [figure.to_json() for figure in self.due],
            "prompts": [prompt.to_json() for prompt in self.prompts],
            "saved": self.saved.to_json() if self.saved else None,
        }
