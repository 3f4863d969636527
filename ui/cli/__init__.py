"""The command line: one module per area of commands, the parser, and the runner.

Nothing here imports Qt; ``gui`` imports the app only when it is run.
"""
