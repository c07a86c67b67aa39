"""The quarterly review's four steps, each a scrolling widget filled from the quarter's `Review`.

1. `GlanceStep`: the quarter beside the previous one and the same quarter a year earlier;
2. `DueStep`: last quarter's commitments, before and after, judged by the person;
3. `ReflectStep`: start / stop / continue prompts drawn from the figures, and a reflection;
4. `CommitStep`: one to three "if TRIGGER shows up, I will PLAN" commitments.

The review screen reads the review, hands it to the steps and saves what they hold. A figure
chosen in a step posts `FigurePicked`, which the screen answers with the entries behind it.
"""

from journal.tui.widgets.review.commit import CommitStep
from journal.tui.widgets.review.due import DueStep
from journal.tui.widgets.review.glance import GlanceStep
from journal.tui.widgets.review.reflect import ReflectStep
from journal.tui.widgets.review.step import ReviewStep

__all__ = ["CommitStep", "DueStep", "GlanceStep", "ReflectStep", "ReviewStep"]
