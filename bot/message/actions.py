"""The ``action_id`` of every button the messages carry; the listeners register these."""

SHARE = "share"
ONLY_PROBLEMS = "only_problems"
PAGE_PREV = "page_prev"
PAGE_NEXT = "page_next"
DETAILS = "details"

#: The answer's buttons.
ALL: tuple[str, ...] = (SHARE, ONLY_PROBLEMS, PAGE_PREV, PAGE_NEXT, DETAILS)

#: An alert's buttons (besides Details): mute its template for 24 h, the channel for 1 h.
MUTE_TEMPLATE = "alert_mute_template"
MUTE_ALERTS = "alert_mute_alerts"
