"""A made-up Mindo account: its data, and an imitation of the API that serves it.

Used by demo mode, ``bulksends demo-api``, the tests and the benchmarks; the real client
(``bot.mindo``) knows nothing of it.
"""
