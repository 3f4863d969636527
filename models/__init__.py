"""Domain model of Evidence Review: plain dataclasses, enums and pure rules.

Nothing here knows about Qt or SQL, so every rule can be tested on its own and
reused by the storage layer, the command line and the desktop UI alike.
"""
