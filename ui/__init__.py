"""The desktop application (PySide6 widgets). No SQL here: all data goes through storage."""
