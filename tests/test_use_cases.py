"""The command line and the window do a job through the same use case in storage/operations/.

Each pair is a command and the module behind its menu action; both must call the use
case, and neither may do its steps itself (that is how the two drifted apart before).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: use case -> (its module, the steps it takes, the command's module, the window's module)
USE_CASES = {
    "merge_planned": (
        "storage.operations",
        {"apply_merge", "backup_before_merge"},
        "ui/cli/merge_commands.py",
        "ui/workflows/merge_runner.py",
    ),
    # -- opening, creating, restoring and checking files (imported from the package)
    "open_for_editing": (
        "storage.operations",
        {"InspectionLock", "refuse_by_header", "verify_file", "sync_risk"},
        "ui/cli/common.py",
        "ui/window/file_safety.py",
    ),
    "create_inspection": (
        "storage.operations",
        {"InspectionLock", "lock_file", "sync_risk"},
        "ui/cli/app_commands.py",
        "ui/window/main_window.py",
    ),
    "write_demo_inspection": (
        "storage.operations",
        {"write_demo"},
        "ui/cli/app_commands.py",
        "ui/window/app.py",
    ),
    "restore_from_backup": (
        "storage.operations",
        {"create_backup", "check_restore", "restore_into", "restore_backup"},
        "ui/cli/backup_commands.py",
        "ui/dialogs/restore_backup_dialog.py",
    ),
    # -- fieldwork copies, merging and conflicts
    "preview_merge": (
        "storage.operations",
        {"plan_merge"},
        "ui/cli/merge_commands.py",
        "ui/workflows/merge_runner.py",
    ),
    "make_fieldwork_copy": (
        "storage.operations",
        {"create_fieldwork_copy"},
        "ui/cli/team_commands.py",
        "ui/workflows/fieldwork_copy_runner.py",
    ),
    "resolve_merge_conflict": (
        "storage.operations",
        {"resolve_conflict"},
        "ui/cli/merge_commands.py",
        "ui/dialogs/conflicts_dialog.py",
    ),
    # -- importing and exporting: the fronts import these from storage.operations itself
    "import_evidence": (
        "storage.operations",
        {"create_backup", "import_log_file", "import_log_table", "read_for_import", "read_log"},
        "ui/cli/evidence_commands.py",
        "ui/workflows/evidence_import_runner.py",
    ),
    "import_framework": (
        "storage.operations",
        {"install_framework", "read_framework_workbook"},
        "ui/cli/framework_commands.py",
        "ui/dialogs/new_inspection_dialog.py",
    ),
    "export_judgment_summary": (
        "storage.operations",
        {"check_destination", "export_summary"},
        "ui/cli/export_commands.py",
        "ui/workflows/export_runner.py",
    ),
    "export_history": (
        "storage.operations",
        {"check_destination", "write_history_csv"},
        "ui/cli/history_commands.py",
        "ui/panels/inspection_history_view.py",
    ),
    # -- indicators: the data return in and out
    "import_indicators": (
        "storage.operations",
        {"create_backup", "read_return", "import_returned"},
        "ui/cli/indicator_commands.py",
        "ui/workflows/indicator_import_runner.py",
    ),
    "write_indicator_template_file": (
        "storage.operations",
        {"write_indicator_template"},
        "ui/cli/indicator_commands.py",
        "ui/window/tabs/indicator_tabs.py",
    ),
    # -- case-file review: checklists in and out of Excel, results. Review logs are
    # imported from the command line only (the window reviews files one by one).
    "read_checklist_file": (
        "storage.operations",
        {"read_checklist_workbook"},
        "ui/cli/case_review_commands.py",
        "ui/workflows/checklist_file_runner.py",
    ),
    "write_checklist_file": (
        "storage.operations",
        {"write_checklist_template", "write_checklist_workbook"},
        "ui/cli/case_review_commands.py",
        "ui/workflows/checklist_file_runner.py",
    ),
    "import_case_reviews": (
        "storage.operations",
        {"create_backup", "import_log", "read_log_rows"},
        "ui/cli/case_review_commands.py",
        None,
    ),
    "checklist_results": (
        "storage.operations",
        {"CaseReviewResults"},
        "ui/cli/case_review_commands.py",
        "ui/window/tabs/case_review_results.py",
    ),
}


def imported_from(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == module
        for alias in node.names
    }


def called(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


@pytest.mark.parametrize("use_case", sorted(USE_CASES))
def test_the_command_and_the_menu_action_reach_the_same_use_case(use_case):
    module, steps, command, window = USE_CASES[use_case]
    for front in (command, window):
        if front is None:
            continue
        path = ROOT / front
        assert use_case in imported_from(path, module), front
        assert use_case in called(path), front
        assert not called(path) & steps, f"{front} does the use case's steps itself"


def test_the_menu_action_starts_the_merge_runner():
    source = (ROOT / "ui" / "workflows" / "team_work.py").read_text(encoding="utf-8")
    assert "MergeRunner(" in source
