"""The errors storage raises. Callers (the use-case layer) never see SQLAlchemy's own.

``Refused`` is a request a user can cause, with a ``code`` that names its message in the
interface catalogs (``errors.<code>``) and the values the message needs; never a text in
one language. ``StorageUnavailable`` means the database cannot be reached right now: what
was saved stays saved, and the same request may work in a minute.
"""
from __future__ import annotations

__all__ = ["Refused", "StorageUnavailable", "StorageFull", "AlreadyFinished", "NotReady"]


class Refused(ValueError):
    """A request the pages report in the user's language; ``code`` names the message."""

    def __init__(self, code: str, **values):
        self.code = code
        self.values = values
        super().__init__(code)


class AlreadyFinished(Refused):
    """The answers of a finished part can no longer change."""

    def __init__(self, code: str = "answers_locked", **values):
        super().__init__(code, **values)


class NotReady(Refused):
    """Part 2 opens only after Part 1 is finished."""

    def __init__(self, code: str = "part2_not_ready", **values):
        super().__init__(code, **values)


class StorageUnavailable(RuntimeError):
    """The database cannot be reached, or refused to answer in time."""


class StorageFull(StorageUnavailable):
    """The database's disk is full: nothing new can be written until an operator frees space.
    What was saved stays saved (the failed write was rolled back); reads still work."""
