"""The fake workspace's people and channels (the ``slack`` fixture is in tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime

#: A Wednesday, 12:30 in Buenos Aires (the demo company's zone).
NOW = datetime(2026, 11, 18, 15, 30, tzinfo=UTC)

ENGLISH = "UENGLISH"
SPANISH = "USPANISH"
PORTUGUESE = "UPORTUGUESE"
NO_ZONE = "UNOZONE"
STRANGER = "USTRANGER"  # not in users.info

MEMBER = "CMEMBER"
PUBLIC = "CPUBLIC"
PRIVATE = "GPRIVATE"
DIRECT = "DDIRECT"
ARCHIVED = "CARCHIVED"
