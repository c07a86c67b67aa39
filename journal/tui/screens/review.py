"""The quarterly review: four numbered steps on one screen, saved together with ctrl+s.

1. the quarter at a glance beside the previous quarter and the same quarter a year earlier;
2. last quarter's commitments, with the trigger's slips before and after, judged by the person;
3. reflect: start / stop / continue prompts drawn from the figures, and a free reflection;
4. commit: one to three "if TRIGGER shows up, I will PLAN" commitments for the next quarter.

Everything shown is built from the plain dataclasses of `journal.services.reviews`.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from journal.dates import DateError
from journal.errors import JournalError
from journal.periods import Quarter, parse_quarter
from journal.records import Trigger
from journal.sentences import (
    commitment_text,
    compared_cell,
    compared_heading,
    crunch_text,
    day_text,
    followed_text,
    glance_intro,
    outcome_text,
    plural,
    rate_text,
    short_span,
    trend_text,
    window_text,
)
from journal.services.analytics.figures import (
    CRUNCH_DAYS,
    MIN_CASES,
    CommitmentFigure,
    Headline,
    Patterns,
)
from journal.services.entries import EntryFilter
from journal.services.reviews import (
    MAX_COMMITMENTS,
    OUTCOMES,
    PlannedCommitment,
    Prompt,
    Review,
    ReviewInput,
    SavedCommitment,
)
from journal.tui.screens.base import JournalAppScreen, action_binding

STEPS = ("glance", "due", "reflect", "commit")
STEP_TITLES = {
    "glance": "1 Glance",
    "due": "2 Last quarter's commitments",
    "reflect": "3 Reflect",
    "commit": "4 Commit",
}
NOT_JUDGED = "open"  # the outcome choice for "not judged yet"
OUTCOME_CHOICES = (NOT_JUDGED, *OUTCOMES)
OUTCOME_CHOICE_LABELS = {NOT_JUDGED: "not judged yet", **{o: outcome_text(o) for o in OUTCOMES}}
ANSWER_OF_PROMPT = {"start": "start_doing", "stop": "stop_doing", "continue": "continue_doing"}
TOP_TRIGGERS = 8  # the rest are on the patterns screen
BARS = " ▁▂▃▄▅▆▇█"


def weeks_chart(patterns: Patterns, week_start: int) -> Text:
    """Slips by week of the quarter as a row of bars with the counts under them."""
    weeks = patterns.weeks
    quarter = patterns.period.quarter
    last_seen = len(weeks)
    closing_from = len(weeks) + 1
    if quarter is not None:
        last_seen = quarter.week_of_quarter(patterns.observed_end, week_start)
        closing_from = quarter.week_of_quarter(quarter.closing_from(CRUNCH_DAYS), week_start)
    tallest = max((bucket.slips for bucket in weeks), default=0) or 1
    bars, counts, labels = Text("slips "), Text("      "), Text("week  ", style="dim")
    for bucket in weeks:
        number = int(bucket.key)
        future = number > last_seen
        style = "dim" if future else ("bold" if number >= closing_from else "")
        level = round(bucket.slips / tallest * (len(BARS) - 1))
        bars.append(f"{BARS[level] * 2} ", style=style)
        counts.append(f"{'·' if future else bucket.slips:>2} ", style=style)
        labels.append(f"{number:>2} ", style="dim")
    return Text("\n").join([bars, counts, labels])


def due_text(figure: CommitmentFigure) -> Text:
    text = Text()
    text.append("If ")
    text.append(figure.trigger_name, style="bold")
    text.append(" shows up, I will ")
    text.append(figure.plan, style="bold")
    text.append(
        f"\nSet on {day_text(figure.set_on, weekday=True)} for {figure.quarter}.", style="dim"
    )
    text.append(f"\nBefore: {window_text(figure.before, form='review')}")
    text.append(f"\nAfter:  {window_text(figure.after, form='review')}")
    text.append(f"\n{trend_text(figure.trend, form='review')}")
    text.append(f"\n{followed_text(figure, form='review')}")
    return text


# --- the screen ----------------------------------------------------------------------------


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
        self._slot_ids: list[int | None] = []  # the saved commitment each row edits

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield Static(
            "^n ^b next/previous step · [ ] other quarters · g pick one · l past reviews",
            id="review-keys",
        )
        with TabbedContent(id="review-steps"):
            for step in STEPS:
                with TabPane(STEP_TITLES[step], id=f"step-{step}"):
                    yield VerticalScroll(id=f"{step}-body", classes="step-body")
        yield Footer()

    async def on_mount(self) -> None:
        app = self.journal_app
        quarter = app.journal.default_review_quarter(today=app.today, calendar=app.calendar)
        await self.show_quarter(quarter, later_steps_after_paint=True)

    # --- loading a quarter -------------------------------------------------------------------

    async def show_quarter(
        self, quarter: Quarter, *, later_steps_after_paint: bool = False
    ) -> None:
        """Compute the review of `quarter` (a few milliseconds) and fill every step from it.

        On opening, the steps after the glance are filled once it has been painted: they are
        most of the screen's widgets, and none of them shows until the person moves on."""
        app = self.journal_app
        review = app.journal.review(quarter, today=app.today, calendar=app.calendar)
        self.review = review
        self.trigger_choices = self._trigger_choices(review)
        self._show_title()
        steps = self.query_one(TabbedContent)
        steps.get_tab("step-due").label = (
            f"2 Last quarter's commitments ({len(review.due)})"
            if review.due
            else "2 Last quarter's commitments"
        )
        await self._fill_step("glance", self._glance(review))
        self._fill_tables(review)
        if later_steps_after_paint:
            self.call_after_refresh(self._start_later_steps, review)
        else:
            await self._fill_later_steps(review)

    async def _fill_step(self, step: str, widgets: list[Widget]) -> None:
        body = self.query_one(f"#{step}-body", VerticalScroll)
        await body.remove_children()
        await body.mount_all(widgets)
        body.scroll_home(animate=False)

    @property
    def _open(self) -> bool:
        """Still on the app's screen stack (a popped screen stays attached a while)."""
        return self in self.app.screen_stack

    def _start_later_steps(self, review: Review) -> None:
        # Not if the person has already left, or opened another quarter meanwhile.
        if self._open and review is self.review:
            self.run_worker(self._fill_later_steps(review), group="review-load")

    async def _fill_later_steps(self, review: Review) -> None:
        for step, build in (
            ("due", self._due),
            ("reflect", self._reflect),
            ("commit", self._commit),
        ):
            if not self._open or review is not self.review:
                return  # left, or another quarter opened, while this was being filled
            await self._fill_step(step, build(review))
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

    def _trigger_choices(self, review: Review) -> list[tuple[str, str]]:
        """Live triggers for the pickers: those the prompts name first, then by name; a retired
        trigger only when a saved commitment already uses it."""
        triggers: list[Trigger] = self.journal_app.journal.triggers(
            include_retired=True, with_counts=False
        )
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

    # --- step 1: the quarter at a glance -------------------------------------------------

    def _glance(self, review: Review) -> list[Widget]:
        patterns = review.patterns
        widgets: list[Widget] = [
            Static(glance_intro(review), id="glance-intro", classes="para"),
            Label("Slips and saves", classes="section"),
            DataTable(cursor_type="cell", id="headline-table", classes="figures"),
            Static(
                f"In brackets: how {review.quarter.label} differs from that quarter (a percentage"
                f" only from {MIN_CASES} slips up). Enter on a number lists its entries.",
                classes="hint",
            ),
            Label("Top triggers", classes="section"),
        ]
        if patterns.triggers:
            widgets.append(DataTable(cursor_type="row", id="triggers-table", classes="figures"))
            more = len(patterns.triggers) - TOP_TRIGGERS
            widgets.append(
                Static(
                    "Enter lists a trigger's entries."
                    + (f" {more} more triggers on the patterns screen (p)." if more > 0 else ""),
                    classes="hint",
                )
            )
        else:
            widgets.append(
                Static("No entries carry a trigger in this quarter yet.", classes="para")
            )
        widgets += [
            Label("When in the quarter slips fall", classes="section"),
            Static(weeks_chart(patterns, self.journal_app.calendar.week_start), id="weeks-chart"),
            Static(
                crunch_text(patterns.crunch, patterns.period, form="review"),
                id="crunch",
                classes="para",
            ),
        ]
        if patterns.crunch.crunch_slips:
            widgets.append(
                Button(
                    f"The {plural(patterns.crunch.crunch_slips, 'slip')} of the closing weeks",
                    id="crunch-entries",
                    compact=True,
                )
            )
        return widgets

    def _fill_tables(self, review: Review) -> None:
        patterns = review.patterns
        days = patterns.observed_days
        headline = patterns.headline
        table = self.query_one("#headline-table", DataTable)
        previous, earlier = patterns.previous, patterns.year_earlier
        table.add_column("", key="what")
        table.add_column(
            f"{review.quarter.label} so far" if review.running else review.quarter.label,
            key="now",
        )
        for key, compared in (("previous", previous), ("earlier", earlier)):
            table.add_column(
                compared_heading(compared.against, running=review.running, days=days), key=key
            )

        def row(name: str, now: int, pick: str, percents: tuple[float | None, ...]) -> None:
            cells: list[str | Text] = [Text(name, style="bold"), Text(str(now), style="bold")]
            for compared, percent in zip((previous, earlier), percents, strict=True):
                then = getattr(compared.against, pick)
                cells.append(compared_cell(now, then, percent=percent))
            table.add_row(*cells, key=pick)

        row("Slips", headline.slips, "slips", (previous.slips_percent, earlier.slips_percent))
        row("Saves", headline.saves, "saves", (None, None))
        row(
            "Severity-weighted",
            headline.weighted_slips,
            "weighted_slips",
            (previous.weighted_percent, earlier.weighted_percent),
        )
        table.add_row(
            Text("Save rate", style="bold"),
            Text(rate_text(headline.save_rate), style="bold"),
            rate_text(previous.against.save_rate),
            rate_text(earlier.against.save_rate),
            key="save_rate",
        )
        table.move_cursor(row=0, column=1)

        if not patterns.triggers:
            return
        triggers = self.query_one("#triggers-table", DataTable)
        triggers.add_columns("Trigger", "Slips", "Saves", "Severity", "Save rate")
        for figure in patterns.triggers[:TOP_TRIGGERS]:
            triggers.add_row(
                figure.name,
                str(figure.slips),
                str(figure.saves),
                str(figure.weighted_slips),
                rate_text(figure.save_rate),
                key=figure.trigger_id,
            )

    def _headline_filter(self, column: str, row: str) -> tuple[str, EntryFilter]:
        """The entries behind one number of the slips-and-saves table."""
        review = self.review
        assert review is not None
        patterns = review.patterns
        compared: dict[str, Headline] = {
            "previous": patterns.previous.against,
            "earlier": patterns.year_earlier.against,
        }
        headline = compared.get(column, patterns.headline)
        period = headline.period
        end = period.observed_end(self.journal_app.today)
        calendar = self.journal_app.calendar
        kind = {"slips": "slip", "saves": "save", "weighted_slips": "slip"}.get(row)
        flt = EntryFilter(
            date_from=period.start,
            date_to=end,
            kind=kind,
            fiscal_start_month=calendar.fiscal_start_month,
            week_start=calendar.week_start,
        )
        what = {"slip": "Slips", "save": "Saves"}.get(kind or "", "Slips and saves")
        return f"{what} in {period.label}, {short_span(period.start, end)}", flt

    @on(DataTable.CellSelected, "#headline-table")
    def _headline_chosen(self, event: DataTable.CellSelected) -> None:
        from journal.tui.screens.entries_behind import EntriesBehindScreen

        column = str(event.cell_key.column_key.value)
        row = str(event.cell_key.row_key.value)
        title, flt = self._headline_filter(column, row)
        self.app.push_screen(EntriesBehindScreen(title, flt))

    @on(DataTable.RowSelected, "#triggers-table")
    def _trigger_chosen(self, event: DataTable.RowSelected) -> None:
        from journal.tui.screens.entries_behind import EntriesBehindScreen

        review = self.review
        assert review is not None
        trigger_id = str(event.row_key.value)
        figure = next(f for f in review.patterns.triggers if f.trigger_id == trigger_id)
        title = f"{figure.name} in {review.quarter.label}"
        self.app.push_screen(EntriesBehindScreen(title, figure.entries))

    @on(Button.Pressed, "#crunch-entries")
    def _crunch_chosen(self) -> None:
        from journal.tui.screens.entries_behind import EntriesBehindScreen

        review = self.review
        assert review is not None
        title = f"Slips in the last three weeks of {review.quarter.label}"
        self.app.push_screen(EntriesBehindScreen(title, review.patterns.crunch.entries))

    # --- step 2: last quarter's commitments ----------------------------------------------

    def _due(self, review: Review) -> list[Widget]:
        if not review.due:
            return [
                Static(
                    f"No commitments were set for {review.quarter.label} in an earlier review, so"
                    f" there is nothing to judge here. Step 4 sets the ones for"
                    f" {review.commit_for.label}.",
                    id="no-due",
                    classes="para",
                )
            ]
        widgets: list[Widget] = [
            Static(
                f"The commitments set for {review.quarter.label}: the trigger's slips per week"
                " after each was set, against as many days before it. Mark how each went.",
                classes="para",
            )
        ]
        for figure in review.due:
            outcome = figure.outcome or NOT_JUDGED
            answers = figure.answers
            parts: list[Widget] = [
                Static(due_text(figure), classes="due-text"),
                RadioSet(
                    *(
                        RadioButton(OUTCOME_CHOICE_LABELS[choice], value=choice == outcome)
                        for choice in OUTCOME_CHOICES
                    ),
                    id=f"outcome-{figure.commitment_id}",
                    classes="choice outcome",
                ),
            ]
            if answers:
                parts.append(
                    Button(
                        f"The {plural(answers, 'entry')} that answered",
                        id=f"answers-{figure.commitment_id}",
                        compact=True,
                        classes="answers",
                    )
                )
            widgets.append(Vertical(*parts, classes="due"))
        return widgets

    @on(Button.Pressed, ".answers")
    def _answers_chosen(self, event: Button.Pressed) -> None:
        from journal.tui.screens.entries_behind import EntriesBehindScreen

        review = self.review
        assert review is not None
        commitment_id = int((event.button.id or "").rpartition("-")[2])
        figure = next(f for f in review.due if f.commitment_id == commitment_id)
        plan = commitment_text(figure.trigger_name, figure.plan, capital=False)
        title = f"Entries that answered: {plan}"
        self.app.push_screen(EntriesBehindScreen(title, figure.entries))

    def _outcome(self, figure: CommitmentFigure) -> str | None:
        radio = self.query_one(f"#outcome-{figure.commitment_id}", RadioSet)
        index = radio.pressed_index
        choice = OUTCOME_CHOICES[index] if index >= 0 else NOT_JUDGED
        return None if choice == NOT_JUDGED else choice

    # --- step 3: reflect ------------------------------------------------------------------

    def _reflect(self, review: Review) -> list[Widget]:
        saved = review.saved
        widgets: list[Widget] = [
            Static(
                "Prompts drawn from the quarter's figures. A line or two each is plenty.",
                classes="para",
            )
        ]
        prompt: Prompt
        for prompt in review.prompts:
            field = ANSWER_OF_PROMPT[prompt.kind]
            widgets.append(Label(prompt.text, classes="prompt"))
            widgets.append(
                TextArea(
                    getattr(saved, field) if saved else "",
                    id=f"answer-{prompt.kind}",
                    classes="answer",
                    compact=True,
                    placeholder=f"What will you {prompt.kind}?",
                )
            )
        widgets.append(Label("Reflection", classes="prompt"))
        widgets.append(
            TextArea(
                saved.reflection if saved else "",
                id="reflection",
                compact=True,
                placeholder="What this quarter taught you, in your own words",
            )
        )
        return widgets

    # --- step 4: commit -------------------------------------------------------------------

    def _commit(self, review: Review) -> list[Widget]:
        saved: tuple[SavedCommitment, ...] = review.saved.commitments if review.saved else ()
        self._slot_ids = [c.commitment_id for c in saved]
        self._slot_ids += [None] * (MAX_COMMITMENTS - len(saved))
        widgets: list[Widget] = [
            Static(
                f"Up to {MAX_COMMITMENTS} commitments for {review.commit_for.label}, each an"
                ' "if this trigger shows up, I will …". Leave a row empty to set fewer; clear'
                " a row to drop it. The suggested triggers are the ones the prompts name.",
                classes="para",
            )
        ]
        for number in range(1, MAX_COMMITMENTS + 1):
            existing = saved[number - 1] if number <= len(saved) else None
            locked = existing is not None and existing.answers > 0
            trigger = Select(
                self.trigger_choices,
                prompt="pick a trigger",
                value=existing.trigger_id if existing else Select.NULL,
                id=f"commit-trigger-{number}",
                compact=True,
                disabled=locked,
                classes="commit-trigger",
            )
            plan = Input(
                existing.plan if existing else "",
                placeholder="what you will do",
                id=f"commit-plan-{number}",
                compact=True,
                disabled=locked,
                classes="commit-plan",
            )
            rows: list[Widget] = [
                Horizontal(
                    Label(f"{number}. If", classes="commit-if"),
                    trigger,
                    Label("shows up,", classes="commit-then"),
                    classes="commit-row",
                ),
                Horizontal(Label("I will", classes="commit-if"), plan, classes="commit-row"),
            ]
            if locked and existing is not None:
                rows.append(
                    Static(
                        f"{plural(existing.answers, 'entry')} answered this commitment, so it"
                        " stays as written.",
                        classes="hint",
                    )
                )
            widgets.append(Vertical(*rows, classes="commitment-slot"))
        return widgets

    def _planned(self) -> list[PlannedCommitment]:
        """The rows that hold something, as commitments; a plan with no trigger is refused."""
        planned = []
        for number, commitment_id in enumerate(self._slot_ids, start=1):
            picker = self.query_one(f"#commit-trigger-{number}", Select)
            plan = self.query_one(f"#commit-plan-{number}", Input).value
            trigger = None if picker.is_blank() else str(picker.value)
            if trigger is None and not plan.strip():
                continue
            if trigger is None:
                raise JournalError(
                    f"commitment {number} has a plan but no trigger; pick the trigger it answers"
                )
            planned.append(PlannedCommitment(trigger, plan, commitment_id))
        return planned

    # --- what was typed -----------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """Everything the person can change, as text: to tell whether something is unsaved."""
        review = self.review
        if review is None:
            return {}
        values = {"reflection": self.query_one("#reflection", TextArea).text}
        for prompt in review.prompts:
            values[prompt.kind] = self.query_one(f"#answer-{prompt.kind}", TextArea).text
        for figure in review.due:
            values[f"outcome-{figure.commitment_id}"] = self._outcome(figure) or ""
        for number in range(1, MAX_COMMITMENTS + 1):
            picker = self.query_one(f"#commit-trigger-{number}", Select)
            values[f"trigger-{number}"] = "" if picker.is_blank() else str(picker.value)
            values[f"plan-{number}"] = self.query_one(f"#commit-plan-{number}", Input).value
        return values

    @property
    def unsaved(self) -> bool:
        return self.review is not None and self.values() != self._baseline

    def review_input(self) -> ReviewInput:
        review = self.review
        assert review is not None
        answers = {
            ANSWER_OF_PROMPT[prompt.kind]: self.query_one(f"#answer-{prompt.kind}", TextArea).text
            for prompt in review.prompts
        }
        saved = review.saved
        for field in ANSWER_OF_PROMPT.values():
            answers.setdefault(field, getattr(saved, field) if saved else "")
        return ReviewInput(
            reflection=self.query_one("#reflection", TextArea).text,
            outcomes={figure.commitment_id: self._outcome(figure) for figure in review.due},
            commitments=self._planned(),
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
                review.quarter, values, today=app.today, calendar=app.calendar
            )
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
        body = self.query_one(f"#{step}-body", VerticalScroll)
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

        app.push_screen(
            QuarterPickScreen(
                today=app.today,
                fiscal_start_month=app.calendar.fiscal_start_month,
                example=app.quarter.previous().label,
            ),
            picked,
        )

    def action_past_reviews(self) -> None:
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

        app.push_screen(ReviewsListScreen(app.journal.reviews(), current=current), chosen)

    def _switch_to(self, quarter: Quarter) -> None:
        review = self.review
        if review is not None and quarter == review.quarter:
            return
        label = review.quarter.label if review else ""

        def go() -> None:
            self.run_worker(self.show_quarter(quarter), exclusive=True, group="review-load")

        self._unless_unsaved(f"Open {quarter.label}? What you typed for {label} is not saved.", go)
