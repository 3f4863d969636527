"""The main window and what frames it: start page, menus, settings, window size, opening
files safely and timed backups."""
