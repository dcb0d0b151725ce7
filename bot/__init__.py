"""bulksends: ask about Mindo bulk sends in plain words."""
