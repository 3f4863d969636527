"""The frameworks the app can start an inspection with.

Built-in frameworks are JSON files in ``resources/frameworks``; each is
validated on load and a broken file is reported with its name and problem.

Frameworks the user installs (from a framework workbook) are JSON files of the
same format in the ``frameworks`` folder of the app's data folder, one file per
id and version, so a new version sits beside the old one. Built-in ids are
reserved. A broken installed file never stops the app: it is skipped and
reported by :func:`library_problems`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from models.framework import Framework, FrameworkError, framework_from_dict, framework_to_dict
from storage.file import app_paths
from storage.file.errors import StorageError

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "resources" / "frameworks"

#: A framework id names files and is typed on the command line, so it is kept plain.
_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
#: Characters kept as they are in an installed file's name; others are %-encoded.
_FILE_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-_")
_LONGEST_FILE_PART = 100


class UnknownFrameworkError(LookupError):
    """No framework with the requested id (or version) is available."""


class FrameworkInstallError(StorageError):
    """A framework cannot be installed; the message says why and what to do."""


class FrameworkAlreadyInstalledError(FrameworkInstallError):
    """The same id and version is installed already; replacing it must be asked for."""

    def __init__(self, message: str, framework: Framework | None = None):
        super().__init__(message)
        self.framework = framework  # the one that was not installed


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
    return sorted(
        (load_framework_file(p) for p in sorted(folder.glob("*.json"))), key=lambda f: f.id
    )


def find_framework(
    framework_id: str,
    version: str | None = None,
    *,
    folder: Path = BUILTIN_DIR,
    user_folder: Path | None = None,
) -> Framework:
    """The built-in or installed framework ``framework_id`` at ``version`` (default: the latest)."""
    everything = available_frameworks(folder=folder, user_folder=user_folder)
    candidates = [f for f in everything if f.id == framework_id]
    if not candidates:
        known = ", ".join(dict.fromkeys(f.id for f in everything))
        raise UnknownFrameworkError(
            f"There is no framework called '{framework_id}' (available: {known or 'none'})."
        )
    if version is None:
        return candidates[-1]
    for framework in candidates:
        if framework.version == version.strip():
            return framework
    raise UnknownFrameworkError(
        f"Framework '{framework_id}' has no version '{version}' "
        f"(available: {', '.join(f.version for f in candidates)})."
    )


def version_key(version: str) -> tuple:
    """Sort key for versions: numbers compare as numbers, so 1.9 comes before 1.10."""
    parts = tuple(
        (0, int(p), "") if p.isascii() and p.isdigit() else (1, 0, p.lower())
        for p in re.findall(r"[0-9]+|[^0-9]+", version)
    )
    return parts, version


def _library_order(framework: Framework) -> tuple:
    return framework.id, version_key(framework.version)


# -- the user's installed frameworks ----------------------------------------------
def user_framework_dir() -> Path:
    """Where installed frameworks are kept (created when the first one is installed)."""
    return app_paths.data_dir() / "frameworks"


def framework_id_problem(framework_id: str) -> str | None:
    """Why ``framework_id`` cannot be a framework id, or ``None`` when it can."""
    if _ID_PATTERN.fullmatch(framework_id):
        return None
    return (
        f"the id '{framework_id}' may hold only lower-case letters, digits, '.', '-' and "
        "'_', start with a letter or digit and be at most 64 characters long "
        "(e.g. peel-2016-effectiveness)"
    )


def _scan(
    user_folder: Path | None, builtin_ids: set[str]
) -> tuple[list[tuple[Framework, Path]], list[str]]:
    """The valid installed frameworks with their files, and what was wrong with the others."""
    folder = user_folder or user_framework_dir()
    found: list[tuple[Framework, Path]] = []
    problems: list[str] = []
    seen: dict[tuple[str, str], Path] = {}
    try:
        paths = sorted(folder.glob("*.json")) if folder.is_dir() else []
    except OSError as e:
        return [], [f"The installed frameworks in {folder} cannot be read ({e.strerror})."]
    for path in paths:
        try:
            framework = load_framework_file(path)
        except FrameworkError as e:
            problems.append(f"Skipped {path}: {'; '.join(e.problems[:3])}.")
            continue
        key = (framework.id, framework.version)
        if framework.id in builtin_ids:
            problems.append(
                f"Skipped {path}: '{framework.id}' is the id of a built-in "
                "framework, which is used instead."
            )
        elif key in seen:
            problems.append(
                f"Skipped {path}: {framework.title} ({framework.id}) is installed "
                f"already as {seen[key]}."
            )
        else:
            seen[key] = path
            found.append((framework, path))
    return found, problems


def installed_frameworks(
    *, user_folder: Path | None = None, folder: Path = BUILTIN_DIR
) -> list[Framework]:
    """The valid installed frameworks, sorted by id then version."""
    builtin_ids = {f.id for f in builtin_frameworks(folder)}
    return sorted((f for f, _ in _scan(user_folder, builtin_ids)[0]), key=_library_order)


def library_problems(*, user_folder: Path | None = None, folder: Path = BUILTIN_DIR) -> list[str]:
    """One sentence for each installed framework file that was skipped, and why."""
    return _scan(user_folder, {f.id for f in builtin_frameworks(folder)})[1]


def available_frameworks(
    *, folder: Path = BUILTIN_DIR, user_folder: Path | None = None
) -> list[Framework]:
    """Built-in and installed frameworks together, sorted by id then version."""
    builtin = builtin_frameworks(folder)
    installed = [f for f, _ in _scan(user_folder, {f.id for f in builtin})[0]]
    return sorted(builtin + installed, key=_library_order)


def install_framework(
    framework: Framework,
    *,
    replace: bool = False,
    folder: Path = BUILTIN_DIR,
    user_folder: Path | None = None,
) -> Path:
    """Keep ``framework`` in the user's library; returns the file it is kept in.

    A built-in id is refused. The same id and version is replaced only when
    ``replace`` is true; another version of an installed id is kept beside it.
    """
    problem = framework_id_problem(framework.id)
    if problem:
        raise FrameworkInstallError(f"{framework.title} cannot be installed: {problem}.")
    builtin_ids = {f.id for f in builtin_frameworks(folder)}
    if framework.id in builtin_ids:
        raise FrameworkInstallError(
            f"'{framework.id}' is the id of a built-in framework; give your framework an id "
            "of its own."
        )
    target_folder = user_folder or user_framework_dir()
    existing = next(
        (
            path
            for f, path in _scan(target_folder, builtin_ids)[0]
            if (f.id, f.version) == (framework.id, framework.version)
        ),
        None,
    )
    if existing is not None and not replace:
        raise FrameworkAlreadyInstalledError(
            f"{framework.title} ({framework.id}) is already installed; replace it to use "
            "this definition instead.",
            framework,
        )
    try:
        target_folder.mkdir(parents=True, exist_ok=True)
        target = existing or _free_path(target_folder, _file_name(framework))
        _write_atomically(
            target, json.dumps(framework_to_dict(framework), indent=2, ensure_ascii=False) + "\n"
        )
    except OSError as e:
        raise FrameworkInstallError(
            f"Cannot install {framework.title}: {target_folder} cannot be written ({e.strerror})."
        ) from None
    return target


def _file_name(framework: Framework) -> str:
    """``id@version.json``, with anything unsafe in a file name %-encoded.

    Upper-case letters are encoded too, so two versions never share a name on
    a file system that ignores case.
    """

    def encode(text: str) -> str:
        coded = "".join(
            c if c in _FILE_SAFE else "".join(f"%{b:02X}" for b in c.encode()) for c in text
        )
        if len(coded) > _LONGEST_FILE_PART:
            coded = "~" + hashlib.sha256(text.encode()).hexdigest()[:24]
        return coded

    return f"{encode(framework.id)}@{encode(framework.version)}.json"


def _free_path(folder: Path, name: str) -> Path:
    """``folder / name``, or a numbered variant when a file of that name is in the way."""
    path, number = folder / name, 1
    while path.exists():
        number += 1
        path = folder / f"{name.removesuffix('.json')}-{number}.json"
    return path


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".json.part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
