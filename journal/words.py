"""Counts in words, without importing anything: the CLI's start-up stays fast.

`journal.sentences` re-exports these beside every other sentence about figures; the CLI
imports them from here, so capture does not load the analytics.
"""

from __future__ import annotations

MINUS = "\u2212"  # a true minus sign lines up with the plus
IRREGULAR_PLURALS = {"entry": "entries"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 slip', '3 slips', '2 entries'."""
    if count == 1:
        return f"1 {word}"
    return f"{count:,} {many or IRREGULAR_PLURALS.get(word, word + 's')}"


def signed(number: int) -> str:
    """'+3', a true minus before 2, or '±0'."""
    return f"{number:+,}".replace("-", MINUS) if number else "±0"
