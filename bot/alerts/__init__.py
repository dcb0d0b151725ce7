"""Alerts: a channel told within minutes when a campaign goes wrong, exactly once.

runner (polls each account, decides, claims, posts, updates) → poster (Slack) ;
slack (the `/bulksends alerts` commands, the form, the mute buttons, the Home tab).
The rules are bot/service/alert_rules.py, the messages bot/message/alerts.py.
"""
