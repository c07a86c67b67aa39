"""The journal's list: one line per entry, drawn only for the rows on screen.

A `ScrollView` with the line API: the virtual height is the number of matching entries and
`render_line` fetches the page holding a row on demand (a page is one indexed SQL query of a few
milliseconds, even at the end of 100,000 entries). No widget or table row exists per entry.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from journal.entry_text import IMPORTED_KIND, ListCells, list_cells
from journal.records import Entry

# Reads one page of rows: (offset, limit) → entries, newest first.
PageLoader = Callable[[int, int], list[Entry]]

PAGE_SIZE = 100
PAGES_KEPT = 40


def _fit(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


def column_widths(width: int) -> tuple[int, int, int]:
    """(triggers, customer, headline) widths for a list `width` cells wide."""
    fixed = 10 + 1 + 4 + 1 + 1 + 1  # date, kind, severity and their gaps
    rest = max(0, width - fixed)
    triggers = min(28, max(10, rest // 4))
    customer = min(22, max(8, rest // 6)) if rest > 50 else 0
    headline = max(0, rest - triggers - 1 - (customer + 1 if customer else 0))
    return triggers, customer, headline


def header_text(width: int) -> str:
    triggers, customer, headline = column_widths(width)
    parts = ["date".ljust(10), "kind", "s", _fit("triggers", triggers)]
    if customer:
        parts.append(_fit("customer", customer))
    parts.append(_fit("situation", headline))
    return " ".join(parts)


class ListHeader(Static):
    """The column names over an EntryList, drawn at the width of its rows as the screen is
    laid out: in the list's first paint, not in one more after the list announced its width."""

    def __init__(self, entries_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries_id = entries_id
        self.drawn_width: int | None = None

    def render(self) -> RenderableType:
        entries = self.screen.query_one(f"#{self._entries_id}", EntryList)
        self.drawn_width = entries.scrollable_content_region.width
        return Text(header_text(self.drawn_width), style="bold")


class EntryList(ScrollView, can_focus=True):
    """Entries, newest first, read page by page through a loader function."""

    DEFAULT_CSS = """
    EntryList {
        height: 1fr;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES = {
        "entry-list--cursor",
        "entry-list--slip",
        "entry-list--save",
        "entry-list--dim",
    }

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved onto an entry (None: the list is empty)."""

        def __init__(self, entry_id: int | None) -> None:
            self.entry_id = entry_id
            super().__init__()

    class WidthChanged(Message):
        """The list's text width changed: headers drawn over it follow."""

        def __init__(self, width: int) -> None:
            self.width = width
            super().__init__()

    class Chosen(Message):
        """Enter (or a double click) on an entry."""

        def __init__(self, entry_id: int) -> None:
            self.entry_id = entry_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self._loader: PageLoader | None = None
        self._pages: OrderedDict[int, list[ListCells]] = OrderedDict()
        self._announced_width: int | None = None

    # --- data ---------------------------------------------------------------------------

    def show(self, loader: PageLoader, total: int, *, keep: int | None = None) -> None:
        """Switch to a new result set; keep the cursor on entry `keep` when its position is
        known, else go to the top."""
        self._loader = loader
        self.total = total
        self._pages.clear()
        self.virtual_size = Size(0, total)
        target = 0 if keep is None else max(0, min(keep, total - 1))
        self.cursor = target
        self._scroll_cursor_into_view(center=keep is not None)
        self.refresh()

    def row(self, index: int) -> ListCells | None:
        if self._loader is None or not 0 <= index < self.total:
            return None
        page_number, within = divmod(index, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            loaded = self._loader(page_number * PAGE_SIZE, PAGE_SIZE)
            page = [list_cells(entry, blank="") for entry in loaded]
            self._pages[page_number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_number)
        return page[within] if within < len(page) else None

    @property
    def current_id(self) -> int | None:
        current = self.row(self.cursor)
        return current.id if current else None

    # --- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if width != self._announced_width:
            # The rows are drawn at this width: headers follow, even when only a scrollbar
            # came or went (the widget's own size, and so no resize, changed).
            self._announced_width = width
            self.post_message(self.WidthChanged(width))
        base = self.rich_style
        current = self.row(index)
        if current is None:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        triggers, customer, headline = column_widths(width)
        dim = self.get_component_rich_style("entry-list--dim")
        kind_style = (
            dim
            if current.kind == IMPORTED_KIND
            else self.get_component_rich_style(
                "entry-list--slip" if current.kind == "slip" else "entry-list--save"
            )
        )
        severity = current.severity or "·"
        segments = [
            Segment(current.occurred_on.isoformat() + " ", base),
            Segment(current.kind.ljust(4) + " ", base + kind_style),
            Segment(severity + " ", base),
            Segment(_fit(current.triggers, triggers) + " ", base + dim),
        ]
        if customer:
            segments.append(Segment(_fit(current.customer, customer) + " ", base))
        segments.append(Segment(_fit(current.headline, headline), base))
        strip = Strip(segments).extend_cell_length(width, base)
        if is_cursor:
            cursor_style: Style = self.get_component_rich_style("entry-list--cursor")
            strip = strip.apply_style(cursor_style)
        return strip.crop(scroll_x, scroll_x + width)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, self.total)

    # --- cursor -------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh()
        if self._loader is not None:  # not before the first show(): nothing is listed yet
            self.post_message(self.Highlighted(self.current_id))

    def _scroll_cursor_into_view(self, *, center: bool = False) -> None:
        region = Region(0, self.cursor, 1, 1)
        self.scroll_to_region(region, animate=False, center=center, immediate=True)

    def move_to(self, index: int) -> None:
        if self.total == 0:
            return
        self.cursor = max(0, min(self.total - 1, index))
        self._scroll_cursor_into_view()

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.move_to(self.cursor + direction * height)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def key_enter(self) -> None:
        if (current := self.current_id) is not None:
            self.post_message(self.Chosen(current))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.total:
            self.cursor = index
            if event.chain == 2 and (current := self.current_id) is not None:
                self.post_message(self.Chosen(current))
