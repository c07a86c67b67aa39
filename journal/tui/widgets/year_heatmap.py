"""The year at a glance on the patterns screen: a cell a day, a column a week.

A day whose slips outweigh its saves (severity-weighted) is red, the other way green, each
brighter with more weight; a clean check-in is a dot. A bar separates the quarters (a dotted
one the fiscal quarters, when the year starts later), and the line under the grid marks each
quarter's closing three weeks. The arrows move a day (up, down) or a week (left, right);
Enter lists the day's entries. The screen fills it after its figures are painted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Blur, Focus
from textual.widget import Widget

from journal.dates import WEEKDAY_NAMES
from journal.periods import Calendar, quarter_of
from journal.services.analytics.figures import CRUNCH_DAYS, DayCount
from journal.services.entries import EntryFilter
from journal.tui.widgets.pattern_charts import FigurePicked, Palette

YEAR_DAYS = 364  # 52 weeks back from the period's last counted day


def day_words(count: DayCount | None) -> str:
    if count is None:
        return "nothing recorded"
    parts = []
    if count.slips:
        parts.append(
            f"{count.slips} slip{'s' if count.slips != 1 else ''} (weight {count.weighted_slips})"
        )
    if count.saves:
        parts.append(
            f"{count.saves} save{'s' if count.saves != 1 else ''} (weight {count.weighted_saves})"
        )
    if count.clean:
        parts.append("checked in clean")
    return ", ".join(parts) or "nothing recorded"


class YearHeatmap(Widget, can_focus=True):
    BINDINGS = [
        Binding("left", "move(-7)", "Week before", show=False, id="year-left"),
        Binding("right", "move(7)", "Week after", show=False, id="year-right"),
        Binding("up", "move(-1)", "Day before", show=False, id="year-up"),
        Binding("down", "move(1)", "Day after", show=False, id="year-down"),
        Binding("enter", "pick", "Entries", id="year-pick", tooltip="List the day's entries"),
    ]
    DEFAULT_CSS = """
    YearHeatmap {
        height: 11;
        width: 1fr;
    }
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.start: date | None = None
        self.end: date | None = None
        self.days: dict[date, DayCount] = {}
        self.calendar = Calendar()
        self.cursor: date | None = None

    def show(self, days: Sequence[DayCount], *, start: date, end: date, calendar: Calendar) -> None:
        self.days = {count.day: count for count in days}
        self.start, self.end, self.calendar = start, end, calendar
        if self.cursor is None or not start <= self.cursor <= end:
            self.cursor = end
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.cursor is None or self.start is None or self.end is None:
            return
        self.cursor = max(self.start, min(self.end, self.cursor + timedelta(days=step)))
        self.refresh()

    def action_pick(self) -> None:
        if self.cursor is None:
            return
        day = self.cursor
        self.post_message(
            FigurePicked(f"Entries on {day.isoformat()}", EntryFilter(date_from=day, date_to=day))
        )

    def on_focus(self, _: Focus) -> None:
        self.refresh()

    def on_blur(self, _: Blur) -> None:
        self.refresh()

    def _style(self, count: DayCount | None, palette: Palette) -> tuple[str, Style]:
        if count is None:
            return "·", Style(color=palette.muted)
        if count.weighted_slips or count.weighted_saves:
            slips_win = count.weighted_slips >= count.weighted_saves
            weight = count.weighted_slips if slips_win else count.weighted_saves
            colour = palette.slip if slips_win else palette.save
            return "■", Style(color=colour, bold=weight >= 4, dim=weight <= 1)
        if count.clean:
            return "•", Style(color=palette.save)
        return "·", Style(color=palette.muted)

    def render(self) -> RenderableType:
        start, end = self.start, self.end
        if start is None or end is None:
            return Text("Reading the year…", style="dim")
        palette = Palette.of(self)
        week_start = self.calendar.week_start
        first = start - timedelta(days=(start.weekday() - week_start) % 7)
        weeks = (end - first).days // 7 + 1
        fiscal = self.calendar.fiscal_start_month
        # Where quarters (and fiscal quarters) begin: a separator before that week's column.
        separators: dict[int, str] = {}
        labels: dict[int, str] = {}
        crunch_weeks: set[int] = set()
        day = start
        while day <= end:
            week = (day - first).days // 7
            calendar_quarter = quarter_of(day)
            if calendar_quarter.start == day:
                separators[week] = "│"
                labels[week] = calendar_quarter.short_label
            elif fiscal != 1 and quarter_of(day, fiscal).start == day:
                separators.setdefault(week, "┆")
            if self.calendar.quarter_of(day).days_to_close(day) < CRUNCH_DAYS:
                crunch_weeks.add(week)
            day += timedelta(days=1)
        rows = [Text(f"{WEEKDAY_NAMES[(row + week_start) % 7]} ") for row in range(7)]
        bottom = Text("    ")
        for week in range(weeks):
            separator = separators.get(week)
            if separator:
                for row in rows:
                    row.append(separator, style=Style(color=palette.muted))
                bottom.append(" ")
            for row_index, row in enumerate(rows):
                day = first + timedelta(days=week * 7 + row_index)
                if not start <= day <= end:
                    row.append(" ")
                    continue
                glyph, style = self._style(self.days.get(day), palette)
                if day == self.cursor:
                    style += Style(reverse=True) if self.has_focus else Style(underline=True)
                row.append(glyph, style=style)
            bottom.append("▔" if week in crunch_weeks else " ", style=Style(color=palette.crunch))
        top = self._labels(weeks, separators, labels)
        cursor = self.cursor or end
        status = Text.assemble(
            (f"{WEEKDAY_NAMES[cursor.weekday()]} {cursor.isoformat()}", "bold"),
            f": {day_words(self.days.get(cursor))}",
            ("   ←/→ week · ↑/↓ day · Enter lists them", "dim"),
        )
        key = Text.assemble(
            ("■", Style(color=palette.slip)),
            " slips outweigh  ",
            ("■", Style(color=palette.save)),
            " saves outweigh  ",
            ("•", Style(color=palette.save)),
            " clean check-in  ",
            ("▔", Style(color=palette.crunch)),
            " closing weeks",
            style="dim",
        )
        return Text("\n").join([top, *rows, bottom, key, status])

    @staticmethod
    def _labels(weeks: int, separators: dict[int, str], labels: dict[int, str]) -> Text:
        """The quarter labels, each starting above its separator."""
        line = [" "] * (4 + weeks + len(separators) + 8)
        position = 4
        for week in range(weeks):
            if week in separators:
                label = labels.get(week, "")
                for offset, char in enumerate(label):
                    if position + offset < len(line):
                        line[position + offset] = char
                position += 1
            position += 1
        return Text("".join(line).rstrip())
