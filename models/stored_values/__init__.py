"""The values an inspection file may hold, how a bad one is repaired, how outside text is shown."""
