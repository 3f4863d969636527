"""Editing: the controller every change goes through, and the undo commands and actions."""
