"""The ``action_id`` of every button the messages carry; the listeners register these."""

SHARE = "share"
ONLY_PROBLEMS = "only_problems"
PAGE_PREV = "page_prev"
PAGE_NEXT = "page_next"
DETAILS = "details"

ALL: tuple[str, ...] = (SHARE, ONLY_PROBLEMS, PAGE_PREV, PAGE_NEXT, DETAILS)
