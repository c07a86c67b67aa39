"""The journal's tables declared with SQLModel: the typed description of the schema.

The migrations in `journal.migrations` are what create and change real files; this
declaration mirrors their latest state for tooling and for reading a journal from Python
(`Session(create_engine("sqlite:///path"))`). A test in `tests/test_storage.py`
(`test_schema_matches_the_sqlmodel_declaration`) fails when the two drift apart. The CLI and
the TUI do not import this module: SQLAlchemy's import alone costs more than a whole capture
should (see db.py).
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Meta(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = Field(primary_key=True)
    value: str


class TriggerRow(SQLModel, table=True):
    __tablename__ = "triggers"

    id: str = Field(primary_key=True)
    name: str
    category: str
    description: str = ""
    builtin: int = 0
    created_at: str
    retired_at: str | None = None


class EntryRow(SQLModel, table=True):
    __tablename__ = "entries"

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    occurred_on: str
    logged_at: str
    situation: str
    customer: str | None = None
    impact: str | None = None
    severity: int | None = None
    pressure: int | None = None
    control: str | None = None
    recovery: str = "none"
    recovery_note: str | None = None
    next_time: str | None = None
    follow_up_on: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None
    to_classify: int = 0
    import_key: str | None = Field(default=None, unique=True)
    version: int = 1
    follow_up_closed_on: str | None = None


class EntryRevisionRow(SQLModel, table=True):
    """An earlier version of an entry, kept when an edit replaced it."""

    __tablename__ = "entry_revisions"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entries.id", ondelete="CASCADE")
    version: int
    written_at: str
    replaced_at: str
    kind: str
    occurred_on: str
    situation: str
    customer: str | None = None
    impact: str | None = None
    severity: int | None = None
    pressure: int | None = None
    control: str | None = None
    recovery: str
    recovery_note: str | None = None
    next_time: str | None = None
    follow_up_on: str | None = None
    to_classify: int = 0
    triggers: str = ""
    followed: str = ""


class EntryTriggerRow(SQLModel, table=True):
    __tablename__ = "entry_triggers"

    entry_id: int = Field(foreign_key="entries.id", primary_key=True)
    trigger_id: str = Field(foreign_key="triggers.id", primary_key=True)
    # The entry's day, kind and liveness, copied by SQL triggers for the status line's counts
    occurred_on: str | None = None
    kind: str | None = None
    live: int = 1


class NoteRow(SQLModel, table=True):
    __tablename__ = "notes"

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="entries.id")
    written_at: str
    text: str


class CheckinRow(SQLModel, table=True):
    __tablename__ = "checkins"

    day: str = Field(primary_key=True)
    status: str
    logged_at: str


class ReviewRow(SQLModel, table=True):
    __tablename__ = "reviews"

    id: int | None = Field(default=None, primary_key=True)
    quarter: str = Field(unique=True)
    reflection: str = ""
    created_at: str
    updated_at: str
    start_doing: str = ""
    stop_doing: str = ""
    continue_doing: str = ""
    version: int = 1


class CommitmentRow(SQLModel, table=True):
    __tablename__ = "commitments"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int | None = Field(default=None, foreign_key="reviews.id")
    trigger_id: str = Field(foreign_key="triggers.id")
    plan: str
    quarter: str
    set_on: str
    outcome: str | None = None


class CommitmentCheckRow(SQLModel, table=True):
    __tablename__ = "commitment_checks"

    entry_id: int = Field(foreign_key="entries.id", primary_key=True)
    commitment_id: int = Field(foreign_key="commitments.id", primary_key=True)
    followed: str


class KeyDateRow(SQLModel, table=True):
    """A date the person enters ahead of time (a review, a quota deadline)."""

    __tablename__ = "key_dates"

    id: int | None = Field(default=None, primary_key=True)
    day: str
    label: str
    trigger_id: str | None = Field(default=None, foreign_key="triggers.id")
    created_at: str
