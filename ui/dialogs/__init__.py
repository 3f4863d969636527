"""Dialogs: new inspection, team, preferences, merge preview, conflicts, history, import,
restore and progress."""
