"""The `journal` command, a package: the parser, the commands grouped by concern, and the
terminal I/O they share.

Start-up cost matters here (capture from the shell must feel instant), so these modules
import only the standard library and a few light journal modules at the top; everything
else is imported by the command that needs it. Nothing here imports Textual.
"""

from journal.cli.run import leave_at_once, main

__all__ = ["leave_at_once", "main"]
