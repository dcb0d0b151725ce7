"""Bolt listeners, one module per kind of Slack request, each with ``register(app)``.

Listeners are plain async functions: Bolt passes them what they name (``ack``, ``body``,
``respond``…) plus ``services``, which the app puts into every request's context.
"""
