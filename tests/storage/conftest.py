"""Fixtures shared by the storage tests: the demo's draft judgment summary, exported once
per test module, with what it should hold (see ``summary_truth``)."""

from tests.storage.summary_truth import demo_export, truth, workbook  # noqa: F401
