"""The main window's menu bar and what its menus do: File, Edit, Evidence, Inspection and
Help, and the Help menu's dialogs."""
