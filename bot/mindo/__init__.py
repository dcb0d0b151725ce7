"""Everything that talks to, or imitates, the Mindo API."""
