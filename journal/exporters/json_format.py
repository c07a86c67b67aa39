"""The journal as one JSON document: lossless, documented in docs/export-format.md.

Entries come last, one per line, so the file is written (and read back) as a stream.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from journal.services.exports import ExportSource

FORMAT_NAME = "journal-export"
FORMAT_VERSION = 2  # 2: entries carry their version and earlier versions


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonExporter:
    name = "json"

    def write(self, out: TextIO, source: ExportSource) -> int:
        scope = source.scope
        head: dict[str, Any] = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "schema": source.schema,
            "scope": source.scope_json(),
        }
        if not scope.with_entries:
            patterns, review = source.figures()
            head["figures"] = source.redact_json(
                review.to_json() if review is not None else patterns.to_json()
            )
            out.write(json.dumps(head, ensure_ascii=False, indent=2) + "\n")
            return 0
        head.update(source.journal_rows())
        opening = json.dumps(head, ensure_ascii=False, indent=2)
        out.write(opening[:-2] + ',\n  "entries": [')
        written = 0
        for item in source.entries(with_checks=True, with_revisions=True):
            out.write(("\n    " if not written else ",\n    ") + _dumps(item.to_json()))
            written += 1
        out.write("\n  ]\n}\n" if written else "]\n}\n")
        return written
