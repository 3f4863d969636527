"""The sheets of the draft judgment summary and how they look, print and link to each other
(written by :mod:`storage.workbooks.summary_export`)."""
