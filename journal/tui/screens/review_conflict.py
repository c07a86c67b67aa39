"""What the review screen shows when its save finds the quarter's review saved elsewhere
meanwhile: each part of the review that differs, theirs beside yours."""

from __future__ import annotations

from journal.sentences import OUTCOME_WORDS, commitment_text
from journal.services.analytics.figures import CommitmentFigure
from journal.services.reviews import Review, ReviewInput, SavedReview
from journal.tui.screens.conflict import ConflictRow, who_changed


def review_texts(
    saved: SavedReview | None,
    due: tuple[CommitmentFigure, ...],
    names: dict[str, str],
    values: ReviewInput | None = None,
) -> dict[str, str]:
    """What a review says, in words by field: a saved one, or (`values`) one being typed. A
    save made elsewhere meanwhile is set beside the screen's by these."""
    if values is not None:
        answers = [values.reflection, values.start_doing, values.stop_doing, values.continue_doing]
        planned = [(c.trigger, c.plan.strip()) for c in values.commitments]
        outcomes = {f.commitment_id: values.outcomes.get(f.commitment_id) for f in due}
    else:
        answers = (
            [saved.reflection, saved.start_doing, saved.stop_doing, saved.continue_doing]
            if saved
            else ["", "", "", ""]
        )
        planned = [(c.trigger_id, c.plan) for c in saved.commitments] if saved else []
        outcomes = {f.commitment_id: f.outcome for f in due}
    labels = ("Reflection", "Start doing", "Stop doing", "Continue doing")
    texts = dict(zip(labels, answers, strict=True))
    for figure in due:
        outcome = outcomes[figure.commitment_id]
        texts[f"Judged: {commitment_text(figure.trigger_name, figure.plan, capital=False)}"] = (
            OUTCOME_WORDS[outcome] if outcome else "not judged yet"
        )
    texts["Commitments"] = "\n".join(
        commitment_text(names.get(trigger, trigger), plan, capital=False)
        for trigger, plan in planned
    )
    return texts


def review_conflict_rows(
    opened: Review, now: Review, names: dict[str, str], typed: ReviewInput
) -> list[ConflictRow]:
    """The parts where the review as saved `now` and as `typed` differ, and who changed each
    since the screen `opened` it; `names` are the trigger names by id."""
    base = review_texts(opened.saved, opened.due, names)
    theirs = review_texts(now.saved, now.due, names)
    mine = review_texts(None, opened.due, names, typed)
    return [
        ConflictRow(label, theirs.get(label) or "—", mine[label] or "—",
                    who_changed(base.get(label), theirs.get(label), mine[label]))
        for label in mine
        if theirs.get(label) != mine[label]
    ]  # fmt: skip
