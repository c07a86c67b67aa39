"""The main screen: the list, the selected entry, search and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from journal.errors import JournalError
from journal.services.entries import EntryFilter
from journal.tui.screens.base import JournalAppScreen, action_binding
from journal.tui.widgets.entry_detail import EntryDetail
from journal.tui.widgets.entry_list import EntryList, ListHeader
from journal.tui.widgets.filter_bar import MIN_TYPED_SEARCH, FilterBar, FilterInputs, read_filter
from journal.tui.widgets.fitted_footer import FittedFooter
from journal.words import plural  # import-free: the first paint loads no analytics

if TYPE_CHECKING:
    from journal.services.store import JournalStore
    from journal.services.tripwires import Tripwire

SEARCH_DELAY = 0.12  # seconds of quiet typing before a search runs


@dataclass(frozen=True, slots=True)
class Loaded:
    """A worker's answer: the filter it counted and where the cursor belongs."""

    flt: EntryFilter
    total: int
    keep: int | None


WATCH_SECONDS = 2.0  # how soon entries written by another process show


class JournalScreen(JournalAppScreen):
    # The list has the focus from the start: focusing the search box first (Textual's choice,
    # the first focusable widget) and then the list restyled both and painted twice.
    AUTO_FOCUS = "#entries"

    BINDINGS = [
        action_binding("new", "new", "New"),
        action_binding("edit", "edit", "Edit"),
        action_binding("note", "note", "Note"),
        action_binding("delete", "delete", "Delete"),
        action_binding("undo", "undo", "Undo", show=False),
        action_binding("history", "history", "History", show=False),
        action_binding("reload", "reload", "Reload", show=False),
        action_binding("search", "search", "Search"),
        action_binding("filters", "filters", "Filters"),
        action_binding("clear_filters", "clear_filters", "Clear filters", show=False),
        Binding("escape", "escape", "Clear", show=False, id="clear", tooltip="Clear the search"),
    ]

    def __init__(self) -> None:
        super().__init__(id="journal")
        self.filter = EntryFilter()
        self.deleted: list[int] = []
        self._search_timer: Timer | None = None
        self._trigger_names: dict[str, str] = {}
        self._to_classify = 0  # imported entries still to call a slip or a save
        self._total: int | None = None  # entries in the list, once counted
        self._seen_version = 0  # the journal's data version last shown
        self._titles: tuple[Text, Text] | None = None  # the header, wide and narrow
        self._title_shown: Text | None = None  # the one of them on screen
        self._detail_id: int | None = None  # the entry shown beside the list

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        tripwire = Static(id="tripwire")  # a risk window open now, and what covers it
        tripwire.display = False
        yield tripwire
        yield FilterBar([], id="filter-bar")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield ListHeader("entries", id="list-header")
                yield EntryList(id="entries")
                yield Static(id="list-status")
            yield EntryDetail(id="detail")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.refresh_triggers()
        self.refresh_title()
        # The unfiltered count is one index scan (about 5 ms at 100,000 entries): done here,
        # it lets the first paint show the list instead of waiting for a worker thread.
        self._show(Loaded(self.filter, self.journal_app.journal.count(self.filter), None))
        self._seen_version = self.journal_app.journal.data_version()
        # Entries written elsewhere (the CLI, another window) appear on their own.
        self.set_interval(WATCH_SECONDS, self._watch_for_outside_writes)

    def _watch_for_outside_writes(self) -> None:
        if self.journal_app.store is None:
            return
        version = self.journal_app.journal.data_version()
        if version != self._seen_version:
            self.after_write()

    def action_reload(self) -> None:
        self.after_write()

    # --- loading ------------------------------------------------------------------------

    def reload(self, keep: int | None = None) -> None:
        """Count the filtered entries in a worker, then show them (cursor on `keep`)."""
        store = self.journal_app.journal
        store.interrupt_reads()
        self._count(self.filter, keep)

    @work(thread=True, exclusive=True, group="count")
    def _count(self, flt: EntryFilter, keep_id: int | None) -> None:
        store = self.journal_app.journal
        worker = get_current_worker()
        try:
            total = store.count(flt)
            position = store.position_of(flt, keep_id) if keep_id is not None else None
        except JournalError:
            return  # interrupted by a newer search; that one will answer
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, Loaded(flt, total, position))

    def _show(self, loaded: Loaded) -> None:
        if loaded.flt != self.filter:
            return  # the person has typed on since
        store = self.journal_app.journal
        flt = loaded.flt
        entries = self.query_one(EntryList)
        entries.show(
            lambda offset, limit: store.page(flt, offset, limit), loaded.total, keep=loaded.keep
        )
        self._update_status(loaded.total)
        # The entry under the cursor now, in the same paint as the list (its Highlighted
        # message, handled after that paint, finds it shown).
        self._show_entry(entries.current_id)

    def _update_status(self, total: int) -> None:
        self._total = total
        status = self.query_one("#list-status", Static)
        active = self._describe_filter()
        if total == 0 and active:
            status.update(
                Text(
                    f"No entries match {active}. {self._key_of('clear_filters')} clears every"
                    " filter.",
                    style="italic",
                )
            )
        elif total == 0:
            status.update(Text("No entries yet. Press n to record the first.", style="italic"))
        else:
            line = Text(
                f"{plural(total, 'entry')} {'matches' if total == 1 else 'match'} {active}"
                if active
                else plural(total, "entry")
            )
            if active:
                line.append(f" ({self._key_of('clear_filters')} clears)", style="dim")
            if self._to_classify:
                # Calm, but where the eye goes after the list: imported entries still wait.
                key = self._key_of("classify")
                line.append(
                    f"  ·  {plural(self._to_classify, 'imported entry', 'imported entries')}"
                    f" to classify — press {key}",
                    style="italic",
                )
            status.update(line)

    def _key_of(self, action_id: str) -> str:
        """The first key bound to one of the keymap's actions, as remapped in the config."""
        from journal.keymap import ACTIONS

        keys = dict(self.journal_app.settings.keys).get(action_id, ACTIONS[action_id][0])
        return keys.split(",")[0].strip()

    def _describe_filter(self) -> str:
        flt = self.filter
        parts = []
        if flt.search:
            parts.append(f'"{flt.search}"')
        if flt.quarter:
            parts.append(flt.quarter.label)
        if flt.date_from:
            parts.append(f"from {flt.date_from.isoformat()}")
        if flt.date_to:
            parts.append(f"to {flt.date_to.isoformat()}")
        if flt.trigger:
            parts.append(self._trigger_names.get(flt.trigger, flt.trigger))
        if flt.kind:
            parts.append(f"{flt.kind}s")
        if flt.customer:
            parts.append(f"customer {flt.customer}")
        return ", ".join(parts)

    def refresh_title(self) -> None:
        app = self.journal_app
        store = app.journal
        quarter = app.quarter
        streak = store.streak(today=app.today)
        week = quarter.week_of_quarter(app.today, app.settings.week_start_index)
        close = quarter.days_to_close(app.today)
        name = store.name + (" (demo)" if store.is_demo() else "")
        due = store.due_follow_up_count(today=app.today)
        wide = Text.assemble(
            (f" {name} ", "bold reverse"),
            f"  {quarter.label} · week {week} · {plural(close, 'day')} to close",
            f"  ·  streak {plural(streak.days, 'day')}",
            ("" if streak.today_recorded else " (check in: c)", "dim"),
        )
        if due:
            # Clicking it (or its key) opens the follow-ups due.
            wide.append(
                f"  ·  {plural(due, 'follow-up')} due",
                style=Style(bold=True, meta={"@click": "app.follow_ups"}),
            )
        # A narrow terminal: the same facts in fewer words, the follow-ups never cut.
        narrow = Text.assemble(
            (f" {name} ", "bold reverse"),
            f" {quarter.label} wk {week} · {close}d left · streak {streak.days}",
        )
        if due:
            narrow.append(
                f" · {due} due", style=Style(bold=True, meta={"@click": "app.follow_ups"})
            )
        self._titles = (wide, narrow)
        self._show_title()
        # The risk windows are counted after this paint: the list comes first.
        self.call_after_refresh(self._show_tripwires)
        to_classify = store.to_classify_count()
        if to_classify != self._to_classify:
            self._to_classify = to_classify
            if self._total is not None:
                self._update_status(self._total)

    def _show_tripwires(self, *, again: bool = True) -> None:
        app = self.journal_app
        if app.store is None or not self.is_mounted:
            return  # the journal was closed meanwhile
        self._count_tripwires(app.store, again=again)

    @work(thread=True, exclusive=True, group="tripwires")
    def _count_tripwires(self, store: JournalStore, *, again: bool) -> None:
        # In a thread: SQLite lets go of the interpreter while it reads (~10 ms when the file
        # is not cached yet), so the first paint's last steps do not wait for the count.
        app = self.journal_app
        worker = get_current_worker()
        try:
            found = store.tripwires(today=app.today, calendar=app.calendar)
        except JournalError:
            # A search interrupted the shared read connection: counted once more after it.
            if again and not worker.is_cancelled:
                self.app.call_from_thread(
                    self.call_after_refresh, self._show_tripwires, again=False
                )
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._put_tripwires, store, found)

    def _put_tripwires(self, store: JournalStore, found: list[Tripwire]) -> None:
        if self.journal_app.store is not store or not self.is_mounted:
            return  # another journal was opened meanwhile
        line = self.query_one("#tripwire", Static)
        line.display = bool(found)
        if found:
            more = f"  (+{len(found) - 1} more: journal tripwires)" if len(found) > 1 else ""
            line.update(Text.assemble(("▲ ", "bold"), found[0].line, (more, "dim")))

    def refresh_triggers(self) -> None:
        triggers = self.journal_app.journal.triggers(with_counts=False)
        self._trigger_names = {t.id: t.name for t in triggers}
        options = [(f"{t.name}{' (retired)' if t.retired else ''}", t.id) for t in triggers]
        self.query_one(FilterBar).set_triggers(options)

    def start_over(self) -> None:
        """A different journal was opened: no filters, no undo across files, cursor on top."""
        self.deleted.clear()
        self.query_one(FilterBar).clear()
        self.filter = EntryFilter()
        self.refresh_triggers()
        self.refresh_title()
        self.reload()

    def after_write(self, keep: int | None = None) -> None:
        """Called after anything changed the journal."""
        self._seen_version = self.journal_app.journal.data_version()
        self.refresh_triggers()
        self.refresh_title()
        self.reload(keep=keep if keep is not None else self.query_one(EntryList).current_id)

    def _show_title(self) -> None:
        if self._titles is None:
            return
        wide, narrow = self._titles
        fits = wide.cell_len <= (self.size.width or self.app.size.width)
        title = wide if fits else narrow
        if title is not self._title_shown:  # a resize that keeps the wording lays out nothing
            self._title_shown = title
            self.query_one("#title", Static).update(title)

    def on_resize(self) -> None:
        self._show_title()  # the header's wording depends on the width

    @on(EntryList.WidthChanged)
    def _list_width_changed(self, event: EntryList.WidthChanged) -> None:
        header = self.query_one(ListHeader)
        if header.drawn_width != event.width:
            header.refresh()

    # --- the selected entry ---------------------------------------------------------------

    @on(EntryList.Highlighted)
    def _highlighted(self, event: EntryList.Highlighted) -> None:
        # Every write shows the entry afresh in _show; a cursor landing on the entry shown
        # already changes nothing.
        if event.entry_id != self._detail_id:
            self._show_entry(event.entry_id)

    def _show_entry(self, entry_id: int | None) -> None:
        self._detail_id = entry_id
        detail = self.query_one(EntryDetail)
        if entry_id is None:
            detail.show_entry(None, self._trigger_names)
            return
        try:
            entry = self.journal_app.journal.get(entry_id)
        except JournalError:
            detail.show_entry(None, self._trigger_names)
            return
        detail.show_entry(entry, self._trigger_names, self._key_of("history"))

    @on(EntryList.Chosen)
    def _chosen(self, event: EntryList.Chosen) -> None:
        self.journal_app.open_form(event.entry_id)

    # --- search and filters ---------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filters_changed(self, event: FilterBar.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        if event.typed:
            self._search_timer = self.set_timer(
                SEARCH_DELAY, lambda: self._apply(event.inputs, typed=True)
            )
        else:
            self._apply(event.inputs, typed=False)

    def _apply(self, inputs: FilterInputs, *, typed: bool) -> None:
        app = self.journal_app
        if typed and 0 < len(inputs.search.strip()) < MIN_TYPED_SEARCH:
            self.query_one("#list-status", Static).update(
                Text("Type one more letter, or press Enter to search for one.", style="italic")
            )
            return
        flt, problems = read_filter(
            inputs, today=app.today, fiscal_start_month=app.settings.fiscal_year_start_month
        )
        if problems and typed:
            return  # half typed ("fri" on the way to "friday"): said on Enter, not at each key
        self.query_one(FilterBar).show_problems(problems)
        if problems:
            return
        if flt != self.filter:
            self.filter = flt
            self.reload()

    def action_search(self) -> None:
        # Focus now, not on the next idle (as .focus() does), so the letters typed right
        # after "/" reach the search box rather than the keys they are bound to.
        self.set_focus(self.query_one("#search", Input))

    def action_filters(self) -> None:
        self.query_one(FilterBar).toggle()

    def action_clear_filters(self) -> None:
        """The search and every filter cleared at once, back on the list."""
        bar = self.query_one(FilterBar)
        bar.clear()
        bar.show_problems({})
        self.query_one(EntryList).focus()
        if self.filter != EntryFilter():
            self.filter = EntryFilter()
            self.reload()

    def action_escape(self) -> None:
        focused = self.focused
        entries = self.query_one(EntryList)
        if focused is not None and focused is not entries:
            entries.focus()
            return
        if self.filter != EntryFilter():
            self.query_one(FilterBar).clear()
            self.query_one(FilterBar).show_problems({})
            self.filter = EntryFilter()
            self.reload()

    # --- entry actions --------------------------------------------------------------------

    def _current(self) -> int | None:
        current = self.query_one(EntryList).current_id
        if current is None:
            self.notify("No entry selected.", severity="warning")
        return current

    def action_new(self) -> None:
        self.journal_app.open_form(None)

    def action_edit(self) -> None:
        if (current := self._current()) is not None:
            self.journal_app.open_form(current)

    def action_history(self) -> None:
        from journal.tui.screens.history import HistoryScreen

        if (current := self._current()) is not None:
            self.app.push_screen(HistoryScreen(current))

    def action_note(self) -> None:
        from journal.tui.screens.note import NoteScreen

        current = self._current()
        if current is None:
            return

        def written(text: str | None) -> None:
            if text is None:
                self.after_write(keep=current)  # it may have left for the trash meanwhile
                return
            self.notify(f"Note added to entry {current}.")
            self.after_write(keep=current)

        entry = self.journal_app.journal.get(current)
        self.app.push_screen(NoteScreen(entry.id, entry.headline), written)

    def action_delete(self) -> None:
        entries = self.query_one(EntryList)
        current = self._current()
        if current is None:
            return
        try:
            self.journal_app.journal.delete(current)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self.deleted.append(current)
        self.notify(
            f"Entry {current} moved to the trash. Press u to undo (T shows the trash).",
            title="Deleted",
        )
        # Stay at the same place in the list: the next entry slides under the cursor.
        following = entries.row(entries.cursor + 1) or entries.row(entries.cursor - 1)
        self.after_write(keep=following.id if following else None)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", severity="warning")
            return
        entry_id = self.deleted.pop()
        try:
            self.journal_app.journal.restore(entry_id)
        except JournalError as error:
            self.notify(str(error), severity="error")
            return
        self.notify(f"Entry {entry_id} is back.", title="Undone")
        self.after_write(keep=entry_id)
