"""The inspection file itself: opening and creating it, its schema and migrations, locks,
checks made before opening, and files written safely."""
