"""The cohort view printed for the CLI with Rich (plain text in a pipe)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from journal.cohort_text import COLUMNS, group_lines, sorted_rows
from journal.render import use_rich
from journal.services.cohort import Cohort


def print_cohort(found: Cohort) -> None:
    rich = use_rich()
    # In a pipe the table is not wrapped at 80 columns: one client a line, for scripts.
    console = Console(no_color=not rich, highlight=False, width=None if rich else 200)
    table = Table(show_edge=False, box=None, pad_edge=False)
    for column in COLUMNS:
        table.add_column(column.title, justify="right" if column.numeric else "left")
    for row in sorted_rows(found.rows, "client"):
        table.add_row(*(Text(column.cell(row)) for column in COLUMNS))
    if found.rows:
        console.print(table)
        if any(row.figures.running for row in found.rows):
            console.print("* a running quarter, counted so far")
    console.print(Text("\nThe group", style="bold underline"))
    for line in group_lines(found):
        console.print(Text(line), soft_wrap=not rich)
    if found.skipped:
        console.print(Text("\nSkipped", style="bold underline"))
        for item in found.skipped:
            console.print(Text(f"{item.file}: {item.reason}"), soft_wrap=not rich)
