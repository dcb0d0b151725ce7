"""Free text → a structured question about bulk sends."""
