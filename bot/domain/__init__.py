"""The bulk-send world in plain data: statuses, date ranges, sends and digests.

Every layer stands on these types (the parser, the Mindo client, reports, messages,
stores); they import nothing of the project but each other.
"""
