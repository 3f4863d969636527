"""The window's modules stay small and say what they are for.

A module over 400 lines is split by role (as the main window's menus, the editor's saving
and the findings panel's drafts were); each starts with a docstring.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
MOST_LINES = 400


def ui_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if p.name != "__init__.py")


def test_no_ui_module_is_over_400_lines():
    modules = ui_modules()
    assert len(modules) > 50  # the whole window and command line are looked at
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules
    }
    assert {name: n for name, n in sizes.items() if n > MOST_LINES} == {}


def test_every_ui_module_starts_with_a_docstring():
    modules = ui_modules()
    assert modules
    missing = [
        str(p.relative_to(ROOT))
        for p in modules
        if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert missing == []
