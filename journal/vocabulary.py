"""The words an entry's fields take, free of imports so the CLI's parser can offer them as
choices at no start-up cost. `journal.records` and the services check values against them."""

from __future__ import annotations

KINDS = ("slip", "save")
CONTROLS = ("mine", "partly", "not-mine")
RECOVERIES = ("none", "attempted", "recovered", "lost")
FOLLOWED = ("yes", "partly", "no")  # did the person do what their commitment said
