"""The ``action_id`` of every button the messages carry; the listeners register these."""

import re

SHARE = "share"
ONLY_PROBLEMS = "only_problems"
PAGE_PREV = "page_prev"
PAGE_NEXT = "page_next"
DETAILS = "details"
#: A question asked in one click (the Home tab): the button's value is the question. The
#: buttons of one block need ids of their own: "ask:0", "ask:1"…
ASK = "ask"
ASK_IDS = re.compile(r"^ask(:\d+)?$")


def ask_id(n: int) -> str:
    return f"{ASK}:{n}"


#: The buttons an answer carries.
ALL: tuple[str, ...] = (SHARE, ONLY_PROBLEMS, PAGE_PREV, PAGE_NEXT, DETAILS)

#: An alert's buttons (besides Details): mute its template for 24 h, the channel for 1 h.
MUTE_TEMPLATE = "alert_mute_template"
MUTE_ALERTS = "alert_mute_alerts"
