"""Workbooks and files written out: the draft judgment summary and the history export."""
