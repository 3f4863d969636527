"""Data returns in and out: the indicator template written, a return read and imported."""
