"""The fake workspace's people and channels (the ``slack`` fixture is in tests/conftest.py;
its moment, ``WEDNESDAY_LUNCHTIME``, in tests/factories.py)."""

from __future__ import annotations

ENGLISH = "UENGLISH"
SPANISH = "USPANISH"
PORTUGUESE = "UPORTUGUESE"
NO_ZONE = "UNOZONE"
STRANGER = "USTRANGER"  # not in users.info
FRENCH = "UFRENCH"  # a locale that names no language we speak

MEMBER = "CMEMBER"
PUBLIC = "CPUBLIC"
PRIVATE = "GPRIVATE"
DIRECT = "DDIRECT"
ARCHIVED = "CARCHIVED"
