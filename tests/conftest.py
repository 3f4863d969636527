"""Shared fixtures: offscreen Qt, isolated user folders and settings, sample inspections."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from models.framework import framework_from_dict  # noqa: E402
from storage.file.inspection_file import InspectionFile  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

TINY_FRAMEWORK = {
    "id": "tiny",
    "name": "Tiny framework",
    "version": "1",
    "description": "For tests.",
    "grades": [
        {"name": "Good", "definition": "Doing well."},
        {"name": "Poor", "definition": "Not doing well."},
    ],
    "questions": [
        {
            "code": "H",
            "title": "Headline?",
            "graded": True,
            "children": [
                {
                    "code": "1",
                    "title": "Core one?",
                    "graded": True,
                    "children": [
                        {
                            "code": "1.1",
                            "title": "Diagnostic one-one?",
                            "children": [{"code": "1.1.1", "title": "Prompt?"}],
                        },
                        {"code": "1.2", "title": "Diagnostic one-two?"},
                    ],
                },
                {
                    "code": "2",
                    "title": "Core two?",
                    "graded": True,
                    "children": [{"code": "2.1", "title": "Diagnostic two-one?"}],
                },
            ],
        }
    ],
}


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch):
    """Every test gets its own app folders and never sees real user settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("EVIDENCE_REVIEW_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture
def tiny_framework():
    return framework_from_dict(TINY_FRAMEWORK, "tiny")


@pytest.fixture
def tiny_inspection(tmp_path, tiny_framework):
    """An empty inspection of the tiny framework in a real file."""
    inspection = InspectionFile.create(
        tmp_path / "tiny.inspection", tiny_framework, force="Testshire Police", period="2026"
    )
    yield inspection
    inspection.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo inspection, written once per test session (copy it before changing it)."""
    from storage.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.inspection"
    write_demo(path).close()
    return path


@pytest.fixture
def demo_path(tmp_path, demo_template):
    """A private copy of the demo inspection file."""
    import shutil

    path = tmp_path / "demo.inspection"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_inspection(demo_path):
    inspection = InspectionFile.open(demo_path)
    yield inspection
    inspection.close()
