"""The Force in numbers tab: the indicators table and its charts."""
