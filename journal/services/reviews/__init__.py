"""Quarterly reviews: the quarter at a glance, last quarter's commitments judged, prompts drawn
from the data, a reflection, and one to three "if TRIGGER shows up, I will PLAN" commitments.

A review is saved per quarter and can be reopened and edited; a quarter can be reviewed while
it runs (a mid-quarter check) or after it ends.

- `records`: what a review holds (its dataclasses and limits);
- `reading`: the quarter to review, the saved review, the prompts, `build_review`;
- `saving`: `save_review`, one transaction.
"""

from journal.services.reviews.reading import (
    LATE_REVIEW_DAYS,
    build_review,
    commitment_quarter,
    default_quarter,
    list_reviews,
    saved_review,
)
from journal.services.reviews.records import (
    ANSWER_FIELDS,
    MAX_COMMITMENTS,
    OUTCOMES,
    PlannedCommitment,
    Prompt,
    Review,
    ReviewInput,
    ReviewSummary,
    SavedCommitment,
    SavedReview,
)
from journal.services.reviews.saving import ReviewConflict, save_review

__all__ = [
    "ANSWER_FIELDS",
    "LATE_REVIEW_DAYS",
    "MAX_COMMITMENTS",
    "OUTCOMES",
    "PlannedCommitment",
    "Prompt",
    "Review",
    "ReviewConflict",
    "ReviewInput",
    "ReviewSummary",
    "SavedCommitment",
    "SavedReview",
    "build_review",
    "commitment_quarter",
    "default_quarter",
    "list_reviews",
    "save_review",
    "saved_review",
]
