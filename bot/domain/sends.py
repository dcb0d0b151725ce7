"""Bulk sends: the statuses Mindo reports, shared by the parser, the client and the report."""

from enum import StrEnum


class Status(StrEnum):
    QUEUED = "QUEUED"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    PARTIAL = "PARTIAL"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


#: The order statuses are listed in everywhere (reports, JSON, messages).
STATUS_ORDER: tuple[Status, ...] = tuple(Status)

#: Statuses of sends that are still running.
RUNNING: frozenset[Status] = frozenset({Status.QUEUED, Status.PROCESSING})

#: What "problems" means: sends with at least some failures.
PROBLEMS: frozenset[Status] = frozenset({Status.FAILED, Status.PARTIAL})
