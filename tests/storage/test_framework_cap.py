"""The cause of concern cap is framework data: read from a workbook, written back, refused
when it names no grade; the built-in PEEL 2015 framework holds it."""

from __future__ import annotations

import sqlite3

import pytest

from models.framework import FrameworkError, framework_from_dict, framework_to_dict
from storage.file.inspection_file import InspectionFile
from storage.file.migrations import SCHEMA_VERSION
from storage.frameworks.library import builtin_frameworks
from storage.frameworks.workbook import (
    FrameworkWorkbookError,
    read_framework_workbook,
    write_framework_workbook,
)
from tests.storage.framework_workbooks import five_grade_rows, write_sheets


def test_the_built_in_peel_2015_framework_caps_a_cause_of_concern_at_requires_improvement():
    (peel,) = [f for f in builtin_frameworks() if f.id == "peel-2015-effectiveness"]
    assert peel.cause_of_concern_cap == "Requires improvement"


def test_a_five_grade_workbook_sets_its_own_cap(tmp_path):
    rows = five_grade_rows()
    rows["Framework"].append(["Cause of concern cap", "requires IMPROVEMENT"])
    framework = read_framework_workbook(write_sheets(tmp_path / "five.xlsx", rows))
    assert len(framework.grades) == 5
    assert framework.cause_of_concern_cap == "Requires improvement"  # the grade's own spelling


def test_without_the_row_a_framework_sets_no_cap(tmp_path):
    framework = read_framework_workbook(write_sheets(tmp_path / "five.xlsx", five_grade_rows()))
    assert framework.cause_of_concern_cap is None


def test_a_cap_naming_no_grade_is_refused_with_its_row(tmp_path):
    rows = five_grade_rows()
    rows["Framework"].append(["cause of concern cap", "Fair"])
    with pytest.raises(FrameworkWorkbookError) as refused:
        read_framework_workbook(write_sheets(tmp_path / "five.xlsx", rows))
    text = str(refused.value)
    assert "framework sheet, row 6, column 'value'" in text
    assert "the cause of concern cap 'Fair' is not one of the grades" in text


def test_the_cap_survives_a_workbook_round_trip(tmp_path):
    (peel,) = [f for f in builtin_frameworks() if f.id == "peel-2015-effectiveness"]
    path = tmp_path / "peel.xlsx"
    write_framework_workbook(peel, path)
    assert read_framework_workbook(path).cause_of_concern_cap == "Requires improvement"


def test_plain_data_names_a_grade_or_is_refused():
    data = framework_to_dict(next(iter(builtin_frameworks())))
    data["cause_of_concern_cap"] = "Excellent"
    with pytest.raises(FrameworkError, match="'cause_of_concern_cap' names 'Excellent'"):
        framework_from_dict(data)


def test_an_inspection_keeps_its_frameworks_cap(tmp_path):
    (peel,) = [f for f in builtin_frameworks() if f.id == "peel-2015-effectiveness"]
    with InspectionFile.create(tmp_path / "a.inspection", peel, force="Hampshire") as created:
        assert created.framework.cause_of_concern_cap == "Requires improvement"
    with InspectionFile.open(tmp_path / "a.inspection") as opened:
        assert opened.framework.cause_of_concern_cap == "Requires improvement"


def test_a_peel_2015_file_made_before_the_cap_is_given_it_when_opened(demo_path):
    with sqlite3.connect(demo_path) as conn:
        conn.execute("ALTER TABLE inspection DROP COLUMN framework_cause_of_concern_cap")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_lead_review'")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    with InspectionFile.open(demo_path) as opened:
        assert opened.framework.cause_of_concern_cap == "Requires improvement"


def test_a_crafted_cap_naming_no_grade_sets_none(demo_path):
    with sqlite3.connect(demo_path) as conn:
        conn.execute("UPDATE inspection SET framework_cause_of_concern_cap = 'Superb'")
    conn.close()
    with InspectionFile.open(demo_path) as opened:
        assert opened.framework.cause_of_concern_cap is None
