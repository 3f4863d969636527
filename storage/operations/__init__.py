"""The use cases: one function per job a person starts, called alike by the window and by
the command line, which only present what it returns."""
