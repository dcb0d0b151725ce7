"""The Slack app: Bolt wiring, listeners, App Home, and the run/check commands."""
