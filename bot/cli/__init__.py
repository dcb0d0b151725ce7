"""The ``bulksends`` command line: argv and the environment in, text and an exit code out."""
