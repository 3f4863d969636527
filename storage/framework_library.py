"""The frameworks the app can start an inspection with.

Built-in frameworks are JSON files in ``resources/frameworks``; each is
validated on load and a broken file is reported with its name and problem.
"""

from __future__ import annotations

import json
from pathlib import Path

from models.framework import Framework, FrameworkError, framework_from_dict

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "resources" / "frameworks"


class UnknownFrameworkError(LookupError):
    """No framework with the requested id is available."""


def load_framework_file(path: Path) -> Framework:
    """Read and validate one framework JSON file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise FrameworkError(str(path), [f"cannot be read ({e.strerror})"]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FrameworkError(str(path), [f"is not valid JSON ({e})"]) from None
    return framework_from_dict(data, source=str(path))


def builtin_frameworks(folder: Path = BUILTIN_DIR) -> list[Framework]:
    """Every framework shipped with the app, sorted by id."""
    return sorted((load_framework_file(p) for p in sorted(folder.glob("*.json"))),
                  key=lambda f: f.id)


def find_framework(framework_id: str, folder: Path = BUILTIN_DIR) -> Framework:
    for framework in builtin_frameworks(folder):
        if framework.id == framework_id:
            return framework
    known = ", ".join(f.id for f in builtin_frameworks(folder)) or "none"
    raise UnknownFrameworkError(f"There is no framework called '{framework_id}' "
                                f"(available: {known}).")
