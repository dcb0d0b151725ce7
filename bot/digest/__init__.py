"""The daily digest: yesterday's bulk sends posted to a channel, exactly once a day.

schedule (when) → store (what is configured, which day is claimed or sent) → runner
(claims due days, fetches once per zone and date, posts) → builder (the message).
"""
