"""Limits every way in shares (typing, importing, the inbox), free of imports so the parsers
and the CLI's start-up can use them at no cost."""

from __future__ import annotations

MAX_TEXT = 20_000  # characters in one field of an entry
