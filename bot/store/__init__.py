"""What the app keeps between restarts, in SQLite or PostgreSQL: digests and their runs."""
