"""Local stand-ins for Slack, shared by the Slack tests, the digest tests and benchmarks."""
