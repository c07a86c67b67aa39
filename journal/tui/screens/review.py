"""The quarterly review: four numbered steps on one screen, saved together with ctrl+s.

1. the quarter at a glance beside the previous quarter and the same quarter a year earlier;
2. last quarter's commitments, with the trigger's slips before and after, judged by the person;
3. reflect: start / stop / continue prompts drawn from the figures, and a free reflection;
4. commit: one to three "if TRIGGER shows up, I will PLAN" commitments for the next quarter.

Each step is a widget of its own (`journal.tui.widgets.review`). This screen reads the review
in a worker, fills the steps from it, and saves what they hold. Everything shown is built from
the plain dataclasses of `journal.services.reviews`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import WorkerFailed

from journal.dates import DateError
from journal.errors import JournalError
from journal.periods import Quarter, parse_quarter
from journal.records import Trigger
from journal.sentences import plural
from journal.services.reviews import (
    Review,
    ReviewConflict,
    ReviewInput,
    ReviewSummary,
)
from journal.tui.screens.base import JournalAppScreen, action_binding
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.tui.widgets.pattern_charts import FigurePicked
from journal.tui.widgets.review import CommitStep, DueStep, GlanceStep, ReflectStep, ReviewStep
from journal.tui.widgets.review.reflect import ANSWER_OF_PROMPT

STEPS = ("glance", "due", "reflect", "commit")
STEP_TITLES = {
    "glance": "1 Glance",
    "due": "2 Last quarter's commitments",
    "reflect": "3 Reflect",
    "commit": "4 Commit",
}


class ReviewScreen(JournalAppScreen):
    """The review of one quarter; opens on the quarter a person most likely means to review."""

    CSS_PATH = "review.tcss"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="review-save", tooltip="Save the whole review"),
        Binding("escape", "leave", "Back", id="review-leave", tooltip="Leave (asks if not saved)"),
        Binding("ctrl+n", "step(1)", "Next step", id="review-next-step", tooltip="The next step"),
        Binding(
            "ctrl+b",
            "step(-1)",
            "Step back",
            id="review-previous-step",
            tooltip="The step before",
        ),
        *(
            Binding(
                str(number),
                f"go_step({number})",
                STEP_TITLES[step],
                id=f"review-step-{number}",
                tooltip=f"Step {number}: {STEP_TITLES[step][2:]}",
                show=False,
            )
            for number, step in enumerate(STEPS, start=1)
        ),
        Binding(
            "left_square_bracket",
            "other_quarter(-1)",
            "Earlier",
            id="review-earlier-quarter",
            tooltip="Review the quarter before",
            key_display="[",
        ),
        Binding(
            "right_square_bracket",
            "other_quarter(1)",
            "Later",
            id="review-later-quarter",
            tooltip="Review the quarter after",
            key_display="]",
        ),
        Binding("g", "pick_quarter", "Quarter…", id="review-pick", tooltip="Type a quarter"),
        Binding("l", "past_reviews", "Past", id="review-list", tooltip="Saved reviews"),
        # The app's quit key would throw away what was typed; here it asks first.
        action_binding("quit", "quit_review", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__(id="review")
        self.review: Review | None = None
        self.trigger_choices: list[tuple[str, str]] = []  # (label, id) for the pickers
        self._baseline: dict[str, str] = {}
        # The saved review's version when this quarter was opened (0: none saved yet): a
        # save finding another one asks before writing over it.
        self._expected_version = 0

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield Static(
            "^n ^b next/previous step · [ ] other quarters · g pick one · l past reviews",
            id="review-keys",
        )
        with TabbedContent(id="review-steps"):
            with TabPane(STEP_TITLES["glance"], id="step-glance"):
                yield GlanceStep()
            with TabPane(STEP_TITLES["due"], id="step-due"):
                yield DueStep()
            with TabPane(STEP_TITLES["reflect"], id="step-reflect"):
                yield ReflectStep()
            with TabPane(STEP_TITLES["commit"], id="step-commit"):
                yield CommitStep()
        yield FittedFooter()

    async def on_mount(self) -> None:
        await self.show_quarter(None, later_steps_after_paint=True)

    # --- loading a quarter -------------------------------------------------------------------

    async def show_quarter(
        self, quarter: Quarter | None, *, later_steps_after_paint: bool = False
    ) -> None:
        """Read the review of `quarter` in a worker (None: the quarter a person most likely
        means to review) and fill every step from it.

        On opening, the steps after the glance are filled once it has been painted: they are
        most of the screen's widgets, and none of them shows until the person moves on."""
        app = self.journal_app
        review, triggers = await self._read(quarter)
        self.review = review
        self._expected_version = review.saved.version if review.saved else 0
        self.trigger_choices = self._trigger_choices(review, triggers)
        self._show_title()
        steps = self.query_one(TabbedContent)
        steps.get_tab("step-due").label = (
            f"2 Last quarter's commitments ({len(review.due)})"
            if review.due
            else "2 Last quarter's commitments"
        )
        await self.query_one(GlanceStep).show(review, today=app.today, calendar=app.calendar)
        if later_steps_after_paint:
            self.call_after_refresh(self._start_later_steps, review)
        else:
            await self._fill_later_steps(review)

    async def _read(self, quarter: Quarter | None) -> tuple[Review, list[Trigger]]:
        """The review and the triggers for its pickers, read off the screen's thread."""
        app = self.journal_app
        today, calendar = app.today, app.calendar

        def read() -> tuple[Review, list[Trigger]]:
            journal = app.journal
            chosen = quarter or journal.default_review_quarter(today=today, calendar=calendar)
            review = journal.review(chosen, today=today, calendar=calendar)
            return review, journal.triggers(include_retired=True, with_counts=False)

        worker = self.run_worker(read, thread=True, group="review-read", exit_on_error=False)
        try:
            return await worker.wait()
        except WorkerFailed as failed:
            raise failed.error from None

    @property
    def _open(self) -> bool:
        """Still on the app's screen stack (a popped screen stays attached a while)."""
        return self in self.app.screen_stack

    def _start_later_steps(self, review: Review) -> None:
        # Not if the person has already left, or opened another quarter meanwhile.
        if self._open and review is self.review:
            self.run_worker(self._fill_later_steps(review), group="review-load")

    async def _fill_later_steps(self, review: Review) -> None:
        fills: tuple[Callable[[], Awaitable[None]], ...] = (
            lambda: self.query_one(DueStep).show(review),
            lambda: self.query_one(ReflectStep).show(review),
            lambda: self.query_one(CommitStep).show(review, self.trigger_choices),
        )
        for fill in fills:
            if not self._open or review is not self.review:
                return  # left, or another quarter opened, while this was being filled
            await fill()
        if self._open:
            self._baseline = self.values()
            self._focus_step()

    def _show_title(self) -> None:
        review = self.review
        assert review is not None
        title = Text()
        title.append(f" Review of {review.quarter.label} ", style="bold reverse")
        title.append(" ")
        if review.running:
            days = review.patterns.observed_days
            title.append(f"running, day {days} of {review.quarter.days}")
        else:
            title.append("ended")
        title.append(f" · commitments for {review.commit_for.label}")
        if review.saved is not None:
            title.append(f" · saved {review.saved.updated_at[:10]}", style="dim")
        else:
            title.append(" · not saved yet", style="dim")
        self.query_one("#review-title", Static).update(title)

    def _trigger_choices(self, review: Review, triggers: list[Trigger]) -> list[tuple[str, str]]:
        """Live triggers for the pickers: those the prompts name first, then by name; a retired
        trigger only when a saved commitment already uses it."""
        in_use = {c.trigger_id for c in (review.saved.commitments if review.saved else ())}
        offered = [t for t in triggers if not t.retired or t.id in in_use]
        suggested = [p.trigger_id for p in review.prompts if p.trigger_id]
        order = {trigger_id: index for index, trigger_id in enumerate(dict.fromkeys(suggested))}
        offered.sort(key=lambda t: (order.get(t.id, len(order)), t.name.lower()))
        choices = []
        for trigger in offered:
            label = trigger.name
            if trigger.id in order:
                label += " · suggested"
            elif trigger.retired:
                label += " · retired"
            choices.append((label, trigger.id))
        return choices

    # --- the entries behind a figure ---------------------------------------------------------

    @on(FigurePicked)
    def _picked(self, event: FigurePicked) -> None:
        from journal.tui.screens.entries_behind import EntriesBehindScreen

        event.stop()
        self.app.push_screen(EntriesBehindScreen(event.title, event.entries))

    # --- what was typed -----------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """Everything the person can change, as text: to tell whether something is unsaved."""
        review = self.review
        if review is None:
            return {}
        values = {"reflection": self.query_one(ReflectStep).reflection}
        values.update(self.query_one(ReflectStep).answers(review))
        for commitment_id, outcome in self.query_one(DueStep).outcomes(review).items():
            values[f"outcome-{commitment_id}"] = outcome or ""
        for number, (trigger, plan) in enumerate(self.query_one(CommitStep).rows(), start=1):
            values[f"trigger-{number}"] = trigger
            values[f"plan-{number}"] = plan
        return values

    @property
    def unsaved(self) -> bool:
        return self.review is not None and self.values() != self._baseline

    def review_input(self) -> ReviewInput:
        review = self.review
        assert review is not None
        reflect = self.query_one(ReflectStep)
        answers = {ANSWER_OF_PROMPT[kind]: text for kind, text in reflect.answers(review).items()}
        saved = review.saved
        for field in ANSWER_OF_PROMPT.values():
            answers.setdefault(field, getattr(saved, field) if saved else "")
        return ReviewInput(
            reflection=reflect.reflection,
            outcomes=self.query_one(DueStep).outcomes(review),
            commitments=self.query_one(CommitStep).planned(),
            **answers,
        )

    # --- actions ------------------------------------------------------------------------------

    async def action_save(self) -> None:
        review = self.review
        if review is None:
            return
        app = self.journal_app
        try:
            values = self.review_input()
            saved = app.journal.save_review(
                review.quarter,
                values,
                today=app.today,
                calendar=app.calendar,
                expected_version=self._expected_version,
            )
        except ReviewConflict as conflict:
            self._conflict(review, conflict, values)
            return
        except JournalError as error:
            self.notify(str(error), title="Not saved", severity="error", timeout=8)
            return
        set_count = plural(len(saved.commitments), "commitment")
        self.notify(
            f"Saved the review of {review.quarter.label} with {set_count}"
            f" for {review.commit_for.label}.",
            title="Saved",
        )
        app.journal_changed()
        step = self.query_one(TabbedContent).active
        await self.show_quarter(review.quarter)
        self.query_one(TabbedContent).active = step
        self._focus_step()

    def _conflict(self, review: Review, conflict: ReviewConflict, values: ReviewInput) -> None:
        """Saved elsewhere (`journal review … --reflection`, another window) since this quarter
        was opened: theirs beside yours, and the person's choice."""
        from journal.tui.screens.conflict import ConflictScreen
        from journal.tui.screens.review_conflict import review_conflict_rows

        app = self.journal_app
        now = app.journal.review(review.quarter, today=app.today, calendar=app.calendar)
        names = {t.id: t.name for t in app.journal.triggers(with_counts=False)}
        rows = review_conflict_rows(review, now, names, values)
        when = now.saved.updated_at[:16].replace("T", " ") if now.saved else ""
        quarter = review.quarter.label

        def chosen(choice: str | None) -> None:
            self._expected_version = now.saved.version if now.saved else 0
            if choice == "mine":
                self.run_worker(self.action_save(), group="review-save")
            elif choice == "theirs":
                self.run_worker(self.show_quarter(review.quarter), group="review-load")
                self.notify(f"The review of {quarter} as saved elsewhere.")

        self.app.push_screen(
            ConflictScreen(
                title=f"The review of {quarter} was saved elsewhere meanwhile",
                explanation=(
                    f"Saved at {when}, after you opened it. Keep yours to save it over theirs;"
                    " take theirs to read it as saved and drop what you typed."
                    if now.saved
                    else "It was removed after you opened it. Keep yours to save it again."
                ),
                rows=rows,
                mine="Keep yours",
                theirs="Take theirs",
                edit="Back to the review",
            ),
            chosen,
        )

    def action_leave(self) -> None:
        self._unless_unsaved("Leave the review? What you typed is not saved.", self.dismiss)

    def action_quit_review(self) -> None:
        self._unless_unsaved("Quit? What you typed in the review is not saved.", self.app.exit)

    def _unless_unsaved(self, question: str, then: Callable[[], object]) -> None:
        """Run `then` at once, or after the person agrees to throw away what they typed."""
        from journal.tui.screens.confirm import ConfirmScreen

        if not self.unsaved:
            then()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.app.push_screen(
            ConfirmScreen(question, yes="Discard", no="Keep writing", id="leave-review"),
            answered,
        )

    def action_step(self, delta: int) -> None:
        steps = self.query_one(TabbedContent)
        index = STEPS.index(steps.active.removeprefix("step-"))
        steps.active = f"step-{STEPS[(index + delta) % len(STEPS)]}"
        self._focus_step()

    def action_go_step(self, number: int) -> None:
        self.query_one(TabbedContent).active = f"step-{STEPS[number - 1]}"
        self._focus_step()

    def _focus_step(self) -> None:
        """Put the cursor on the first thing to read or fill in the step now shown."""
        step = self.query_one(TabbedContent).active.removeprefix("step-")
        body = self.query_one(f"#{step}-body", ReviewStep)
        for widget in body.query("*"):
            if widget.focusable:
                widget.focus()
                return
        body.focus()

    def action_other_quarter(self, delta: int) -> None:
        review = self.review
        if review is None:
            return
        quarter = review.quarter.next() if delta > 0 else review.quarter.previous()
        if quarter.start > self.journal_app.today:
            self.notify(f"{quarter.label} has not begun yet.", severity="warning")
            return
        self._switch_to(quarter)

    def action_pick_quarter(self) -> None:
        from journal.tui.screens.reviews_list import QuarterPickScreen

        app = self.journal_app

        def picked(quarter: Quarter | None) -> None:
            if quarter is not None:
                self._switch_to(quarter)

        self.app.push_screen(
            QuarterPickScreen(
                today=app.today,
                fiscal_start_month=app.calendar.fiscal_start_month,
                example=app.quarter.previous().label,
            ),
            picked,
        )

    def action_past_reviews(self) -> None:
        self._read_past_reviews()

    @work(thread=True, exclusive=True, group="review-past")
    def _read_past_reviews(self) -> None:
        """The saved reviews, read off the screen's thread; then the list to pick one from."""
        found = self.journal_app.journal.reviews()
        self.app.call_from_thread(self._show_past_reviews, found)

    def _show_past_reviews(self, found: list[ReviewSummary]) -> None:
        from journal.tui.screens.reviews_list import ReviewsListScreen

        app = self.journal_app
        current = self.review.quarter.label if self.review else ""

        def chosen(label: str | None) -> None:
            if label is None:
                return
            try:
                quarter = parse_quarter(
                    label, today=app.today, fiscal_start_month=app.calendar.fiscal_start_month
                )
            except DateError:
                self.notify(
                    f"The review of {label} was saved under another fiscal-year setting, so"
                    " it cannot be opened with this one.",
                    severity="warning",
                    timeout=8,
                )
                return
            self._switch_to(quarter)

        self.app.push_screen(ReviewsListScreen(found, current=current), chosen)

    def _switch_to(self, quarter: Quarter) -> None:
        review = self.review
        if review is not None and quarter == review.quarter:
            return
        label = review.quarter.label if review else ""

        def go() -> None:
            self.run_worker(self.show_quarter(quarter), exclusive=True, group="review-load")

        self._unless_unsaved(f"Open {quarter.label}? What you typed for {label} is not saved.", go)
