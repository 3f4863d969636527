"""The dependency rule, checked mechanically: models/ and storage/ know nothing of Qt,
ui/ knows nothing of SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_PACKAGES = {"PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2", "shiboken2", "qtpy", "pytestqt"}
SQL_PACKAGES = {"sqlite3", "sqlite_utils", "apsw"}


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    """Top-level package names a module imports, wherever the import statement is."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and getattr(node.func, "id", getattr(node.func, "attr", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def module_names() -> list[str]:
    names = []
    for folder in ("models", "storage"):
        for path in python_files(folder):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_walker_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        textwrap.dedent("""
        import os.path, json as j
        from PySide6.QtCore import QObject
        from . import sibling
        def late():
            import sqlite3
            importlib.import_module("shiboken6")
    """)
    )
    assert imported_roots(sample) == {"os", "json", "PySide6", "sqlite3", "shiboken6"}


def test_models_and_storage_exist_and_have_modules():
    assert len(python_files("models")) >= 4
    assert len(python_files("storage")) >= 10


@pytest.mark.parametrize(
    "path", python_files("models") + python_files("storage"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_models_and_storage_do_not_import_qt(path):
    assert not imported_roots(path) & QT_PACKAGES


@pytest.mark.parametrize("path", python_files("models"), ids=lambda p: str(p.relative_to(ROOT)))
def test_models_do_not_import_storage_ui_or_sql(path):
    assert not imported_roots(path) & ({"storage", "ui"} | SQL_PACKAGES)


@pytest.mark.parametrize("path", python_files("storage"), ids=lambda p: str(p.relative_to(ROOT)))
def test_storage_does_not_import_ui(path):
    assert "ui" not in imported_roots(path)


def test_ui_does_not_import_sql():
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_roots(p) & SQL_PACKAGES)
        for p in python_files("ui")
        if imported_roots(p) & SQL_PACKAGES
    }
    assert offenders == {}


def test_models_and_storage_import_with_qt_unavailable():
    code = textwrap.dedent(f"""
        import importlib, importlib.abc, sys

        BLOCKED = {sorted(QT_PACKAGES)!r}

        class BlockQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ModuleNotFoundError(f"No module named {{name!r}} (blocked)")
                return None

        sys.meta_path.insert(0, BlockQt())
        try:
            import PySide6
        except ModuleNotFoundError:
            pass
        else:
            raise SystemExit("the blocker does not work")
        for name in {module_names()!r}:
            importlib.import_module(name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        if loaded:
            raise SystemExit(f"Qt modules loaded: {{loaded}}")
        print("imported", len({module_names()!r}))
    """)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == f"imported {len(module_names())}"


def _calls(path: Path, name: str) -> list[int]:
    """Lines of ``path`` that call something named ``name`` (``sqlite3.connect`` and alike)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "sqlite3"
    ]


def test_only_one_module_opens_inspection_files_with_sqlite():
    """Connections are counted in one place, so a raw read never drops SQLite's locks."""
    sources = python_files("storage") + python_files("ui") + [ROOT / "main.py"]
    offenders = {
        str(p.relative_to(ROOT)): lines
        for p in sources
        if p.name != "file_access.py" and (lines := _calls(p, "connect"))
    }
    assert offenders == {}
    assert _calls(ROOT / "storage" / "file" / "file_access.py", "connect")


@pytest.mark.parametrize("path", python_files("ui/cli"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_command_line_does_not_import_qt(path):
    assert not imported_roots(path) & QT_PACKAGES


def test_main_is_a_thin_entry_point():
    assert len((ROOT / "main.py").read_text(encoding="utf-8").splitlines()) < 80
