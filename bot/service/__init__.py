"""The middle floor: questions, Home, Details and digests answered from Mindo.

Everything that talks to people (Slack listeners, the digest, the CLI) calls this and
never the Mindo client; what comes back is plain data for the message builders.
"""
