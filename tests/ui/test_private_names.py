"""The window's editing code, panels and item models keep to each other's public names.

Undo commands once reached into the controller's private methods; a class that needs
something of another asks through a public method, so either side can change inside
without breaking the other. Checked by reading the source: any ``something._name``
whose ``something`` is not ``self``, ``cls`` or ``super()`` is reported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FOLDERS = ("ui/editing", "ui/panels", "ui/item_models")


def private_names_of_others(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
            continue
        if (
            isinstance(owner, ast.Call)
            and isinstance(owner.func, ast.Name)
            and owner.func.id == "super"
        ):
            continue
        found.append(f"{path.relative_to(root)}:{node.lineno} {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_private_names_of_other_objects(folder):
    modules = sorted((ROOT / folder).rglob("*.py"))
    assert modules, f"no modules found under {folder}"
    offending = [hit for path in modules for hit in private_names_of_others(path)]
    assert offending == []


def test_the_check_sees_a_private_call_across_classes(tmp_path):
    """The check itself: a call like the ones undo commands used to make is reported, a
    class's own private helper is not."""
    crafted = tmp_path / "crafted.py"
    crafted.write_text(
        "class Step:\n"
        "    def redo(self):\n"
        "        self.controller._restore_evidence(self.evidence_id)\n"
        "        self._own_helper()\n"
        "        super()._own_base()\n",
        encoding="utf-8",
    )
    assert private_names_of_others(crafted, tmp_path) == [
        "crafted.py:3 self.controller._restore_evidence"
    ]
