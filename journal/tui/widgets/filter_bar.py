"""Search and filters above the list: they narrow it as the person types."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select

from journal.dates import DateError, parse_when
from journal.periods import parse_quarter
from journal.services.entries import EntryFilter

# One letter matches most of a large journal and costs a slow count; a search while typing
# starts at two letters (Enter searches for one).
MIN_TYPED_SEARCH = 2


@dataclass(frozen=True, slots=True)
class FilterInputs:
    """What the person has typed into the bar, before it is read."""

    search: str = ""
    quarter: str = ""
    date_from: str = ""
    date_to: str = ""
    trigger: str | None = None
    kind: str | None = None
    customer: str = ""


def read_filter(
    inputs: FilterInputs, *, today: date, fiscal_start_month: int
) -> tuple[EntryFilter, dict[str, str]]:
    """The filter the inputs describe, and a message for each input that cannot be read."""
    problems: dict[str, str] = {}
    flt = EntryFilter(
        search=inputs.search.strip() or None,
        trigger=inputs.trigger,
        kind=inputs.kind,
        customer=inputs.customer.strip() or None,
    )
    if inputs.quarter.strip():
        try:
            quarter = parse_quarter(
                inputs.quarter, today=today, fiscal_start_month=fiscal_start_month
            )
            flt = replace(flt, quarter=quarter)
        except DateError as error:
            problems["quarter"] = str(error)
    if inputs.date_from.strip():
        try:
            flt = replace(flt, date_from=parse_when(inputs.date_from, today=today))
        except DateError as error:
            problems["date_from"] = str(error)
    if inputs.date_to.strip():
        try:
            flt = replace(flt, date_to=parse_when(inputs.date_to, today=today, allow_future=True))
        except DateError as error:
            problems["date_to"] = str(error)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        problems["date_to"] = "the end of the range is before its start; swap them"
    return flt, problems


class FilterBar(Vertical):
    """The search line, and (toggled with f) a row of filters."""

    DEFAULT_CSS = """
    FilterBar {
        height: auto;
    }
    FilterBar Input, FilterBar Input:focus, FilterBar Select > SelectCurrent,
    FilterBar Select:focus > SelectCurrent {
        border: none;
        height: 1;
        padding: 0 1;
    }
    FilterBar Input:focus {
        background: $boost;
    }
    FilterBar Input.-invalid, FilterBar Input.-invalid:focus {
        border: none;  /* Input's own error border would make the row three lines high */
    }
    FilterBar #trigger > SelectOverlay {
        width: 40;  /* trigger names on one line, wider than the field */
    }
    FilterBar Select {
        height: auto;
    }
    FilterBar #filters {
        height: auto;
        display: none;
    }
    FilterBar.-open #filters {
        display: block;
    }
    FilterBar #filters > * {
        width: 1fr;
        margin-right: 1;
    }
    FilterBar #filter-problem {
        color: $text-error;
        height: auto;
        display: none;
    }
    FilterBar #filter-problem.-shown {
        display: block;
    }
    """

    class Changed(Message):
        def __init__(self, inputs: FilterInputs, *, typed: bool) -> None:
            self.inputs = inputs
            self.typed = typed  # True while typing; False on Enter or a picked value
            super().__init__()

    def __init__(self, triggers: list[tuple[str, str]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._triggers = triggers
        self._built = False

    def compose(self) -> ComposeResult:
        yield Input(
            placeholder="/ search: words in situation, impact, notes, customer", id="search"
        )
        # The filter row is built the first time it is opened: most days start with the list,
        # and its widgets (two Selects with their overlays) cost the first paint ~30 ms.
        yield Horizontal(id="filters")
        yield Label("", id="filter-problem")

    def _build_filters(self) -> None:
        if self._built:
            return
        self._built = True
        self.query_one("#filters", Horizontal).mount(
            # Placeholders name the field, not a value: a date in one read as a filter in force.
            Input(placeholder="any quarter", id="quarter"),
            Input(placeholder="from any day", id="date_from"),
            Input(placeholder="to any day", id="date_to"),
            Select(self._triggers, prompt="any trigger", id="trigger"),
            Select([("slips", "slip"), ("saves", "save")], prompt="slips and saves", id="kind"),
            Input(placeholder="customer", id="customer"),
        )

    def set_triggers(self, triggers: list[tuple[str, str]]) -> None:
        self._triggers = triggers
        if not self._built:
            return  # used when the row is built
        select: Select[str] = self.query_one("#trigger", Select)
        current = select.value
        select.set_options(triggers)
        if isinstance(current, str) and any(value == current for _, value in triggers):
            select.value = current

    @property
    def inputs(self) -> FilterInputs:
        if not self._built:
            return FilterInputs(search=self.query_one("#search", Input).value)

        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        def choice(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return value if isinstance(value, str) else None

        return FilterInputs(
            search=text("search"),
            quarter=text("quarter"),
            date_from=text("date_from"),
            date_to=text("date_to"),
            trigger=choice("trigger"),
            kind=choice("kind"),
            customer=text("customer"),
        )

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def toggle(self) -> None:
        self._build_filters()
        self.toggle_class("-open")
        if self.is_open:
            self.call_after_refresh(self._focus_first_filter)

    def _focus_first_filter(self) -> None:
        # Keys typed fast may have opened another screen before the row was built.
        if self.screen.is_active:
            self.screen.set_focus(self.query_one("#quarter", Input))

    def show_problems(self, problems: dict[str, str]) -> None:
        if not self._built:
            return  # only the filter row's fields can be wrong
        for name in ("quarter", "date_from", "date_to"):
            self.query_one(f"#{name}", Input).set_class(name in problems, "-invalid")
        label = self.query_one("#filter-problem", Label)
        label.update(next(iter(problems.values()), ""))
        label.set_class(bool(problems), "-shown")
        if problems and not self.is_open:
            self.add_class("-open")

    def clear(self) -> None:
        self.query_one("#search", Input).value = ""
        if not self._built:
            return
        for name in ("quarter", "date_from", "date_to", "customer"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#trigger", Select).clear()
        self.query_one("#kind", Select).clear()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.inputs, typed=True))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Changed(self.inputs, typed=False))

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.inputs, typed=False))
