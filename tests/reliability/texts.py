"""What the reliability writers write: every entry's fields follow from (tag, number), so a
checker knows to the character what each entry reported done must hold."""

from __future__ import annotations

import re

from journal.records import EntryFields

TODAY = "2026-11-22"
TRIGGERS = ("quota-behind", "review-coming", "billable-cap", "cost-mandate", "over-promised")
CUSTOMERS = ("Zoë & Søn", "Ωmega Ltd", "Café Noël", "שלום בע״מ", "شركة الأمل", "北风")
_LINES = (
    "Pushed them onto the annual bundle to close the month — again.",
    "Told the client the smaller plan fits them 👍, even with the quota behind.",
    "Right-to-left inside: שלום עולם / مرحبا بالعالم, then back to English.",
    "\tAn indented line with a tab, «quotes» and an emoji sequence 👩‍💻.",
)
_HEAD = re.compile(r"^(\S+) #(\d+):")


def situation(tag: str, number: int) -> str:
    """Unicode, several lines; every seventh entry is long (~6,000 characters, several
    database pages), so a kill can land in the middle of a multi-page write."""
    lines = [f"{tag} #{number}: {_LINES[number % len(_LINES)]}"]
    lines += [_LINES[(number + i) % len(_LINES)] for i in range(1, 3)]
    if number % 7 == 0:
        lines += [f"{i:04d} {_LINES[i % len(_LINES)]}" for i in range(80)]
    lines.append(f"end of {tag} #{number}")
    return "\n".join(lines)


def fields_for(tag: str, number: int) -> EntryFields:
    return EntryFields(
        situation=situation(tag, number),
        kind="save" if number % 3 == 0 else "slip",
        triggers=(TRIGGERS[number % len(TRIGGERS)], TRIGGERS[(number + 2) % len(TRIGGERS)]),
        customer=CUSTOMERS[number % len(CUSTOMERS)],
        severity=1 + number % 5,
    )


def expected_row(tag: str, number: int) -> tuple[str, str, str, int, tuple[str, ...]]:
    """(situation, kind, customer, severity, sorted trigger ids) as the journal must hold them."""
    fields = fields_for(tag, number)
    assert fields.situation and fields.kind and fields.customer and fields.triggers
    return (
        fields.situation,
        fields.kind,
        fields.customer,
        int(fields.severity or 0),
        tuple(sorted(fields.triggers)),
    )


def identify(text: str) -> tuple[str, int] | None:
    """(tag, number) of a writer's entry, from its situation; None for anything else."""
    match = _HEAD.match(text)
    return (match.group(1), int(match.group(2))) if match else None
