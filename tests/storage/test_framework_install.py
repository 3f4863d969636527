"""The user's framework library: installing, versions side by side, built-in ids kept, and
broken installed files skipped and reported."""

from __future__ import annotations

import copy
import json

import pytest

from models.framework import framework_from_dict, framework_to_dict
from storage.file.inspection_file import InspectionFile
from storage.frameworks.library import (
    BUILTIN_DIR,
    FrameworkAlreadyInstalledError,
    FrameworkInstallError,
    UnknownFrameworkError,
    available_frameworks,
    builtin_frameworks,
    find_framework,
    install_framework,
    installed_frameworks,
    library_problems,
    load_framework_file,
    user_framework_dir,
    version_key,
)
from tests.conftest import TINY_FRAMEWORK

PEEL_ID = "peel-2015-effectiveness"


def tiny(version="1", framework_id="tiny", title="Headline?"):
    raw = copy.deepcopy(TINY_FRAMEWORK)
    raw.update(id=framework_id, version=version)
    raw["questions"][0]["title"] = title
    return framework_from_dict(raw)


def files(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_user_folder_is_in_the_app_data_folder(isolated_home):
    assert user_framework_dir() == isolated_home / "data" / "frameworks"


def test_install_keeps_the_framework_as_json_and_offers_it(isolated_home):
    framework = tiny()
    path = install_framework(framework)
    assert path == user_framework_dir() / "tiny@1.json"
    assert json.loads(path.read_text(encoding="utf-8")) == framework_to_dict(framework)
    assert load_framework_file(path) == framework
    assert installed_frameworks() == [framework]
    assert [f.id for f in available_frameworks()] == [PEEL_ID, "tiny"]
    assert find_framework("tiny") == framework
    assert [f.id for f in builtin_frameworks()] == [PEEL_ID]  # built-ins are only built-ins
    assert files(user_framework_dir()) == ["tiny@1.json"]  # no temporary file left behind


def test_an_inspection_can_be_started_with_an_installed_framework(tmp_path):
    install_framework(tiny())
    path = tmp_path / "kent.inspection"
    with InspectionFile.create(path, find_framework("tiny"), force="Kent Police"):
        pass
    with InspectionFile.open(path, readonly=True) as inspection:
        assert inspection.framework == tiny()


def test_the_same_version_is_replaced_only_when_asked():
    path = install_framework(tiny())
    before = path.read_bytes()
    changed = tiny(title="A reworded headline?")
    with pytest.raises(FrameworkAlreadyInstalledError, match="already installed"):
        install_framework(changed)
    assert path.read_bytes() == before
    assert install_framework(changed, replace=True) == path
    assert find_framework("tiny").question("H").title == "A reworded headline?"
    assert files(user_framework_dir()) == ["tiny@1.json"]


def test_a_new_version_is_kept_beside_the_old_and_the_latest_is_the_default():
    for version in ("1.9", "1.10", "1.2"):
        install_framework(tiny(version))
    assert files(user_framework_dir()) == ["tiny@1.10.json", "tiny@1.2.json", "tiny@1.9.json"]
    assert [f.version for f in available_frameworks() if f.id == "tiny"] == ["1.2", "1.9", "1.10"]
    assert find_framework("tiny").version == "1.10"
    assert find_framework("tiny", "1.9").version == "1.9"
    with pytest.raises(UnknownFrameworkError, match=r"no version '2'.*1\.2, 1\.9, 1\.10"):
        find_framework("tiny", "2")


def test_version_order_compares_numbers_as_numbers():
    versions = ["2016", "2015.10", "2015.2", "2015.1", "v2", "v10", "2015.1a"]
    assert sorted(versions, key=version_key) == [
        "2015.1",
        "2015.1a",
        "2015.2",
        "2015.10",
        "2016",
        "v2",
        "v10",
    ]


def test_versions_that_differ_in_case_or_hold_slashes_get_their_own_files():
    install_framework(tiny("2024/25"))
    install_framework(tiny("V1"))
    install_framework(tiny("v1"))
    names = files(user_framework_dir())
    assert len(names) == 3 and len({n.lower() for n in names}) == 3
    assert all("/" not in n and "\\" not in n for n in names)
    assert {f.version for f in installed_frameworks()} == {"2024/25", "V1", "v1"}


def test_a_builtin_id_is_refused_and_nothing_is_written():
    peel = find_framework(PEEL_ID)
    with pytest.raises(FrameworkInstallError, match="built-in"):
        install_framework(peel)
    with pytest.raises(FrameworkInstallError, match="built-in"):
        install_framework(framework_from_dict({**framework_to_dict(peel), "version": "2099"}))
    assert files(user_framework_dir()) == []


@pytest.mark.parametrize("framework_id", ["Tiny", "my framework", "-tiny", "a/b", "x" * 65])
def test_an_id_that_cannot_name_a_file_is_refused(framework_id):
    with pytest.raises(FrameworkInstallError, match="may hold only"):
        install_framework(tiny(framework_id=framework_id))
    assert files(user_framework_dir()) == []


def test_an_invalid_installed_file_is_skipped_and_reported():
    install_framework(tiny())
    folder = user_framework_dir()
    (folder / "broken.json").write_text("{ not json", encoding="utf-8")
    (folder / "empty-grades.json").write_text(
        json.dumps({**TINY_FRAMEWORK, "id": "other", "grades": []}), encoding="utf-8"
    )
    (folder / "peel.json").write_text(
        (BUILTIN_DIR / f"{PEEL_ID}.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (folder / "tiny copy.json").write_text(
        (folder / "tiny@1.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert [f.id for f in available_frameworks()] == [PEEL_ID, "tiny"]
    assert find_framework("tiny") == tiny()
    problems = library_problems()
    assert len(problems) == 4
    by_file = {
        name: next(p for p in problems if name in p)
        for name in ("broken.json", "empty-grades.json", "peel.json", "tiny copy.json")
    }
    assert "not valid JSON" in by_file["broken.json"]
    assert "grades" in by_file["empty-grades.json"]
    assert "built-in" in by_file["peel.json"]
    assert "already" in by_file["tiny copy.json"]
    assert all(p.startswith("Skipped ") for p in problems)


def test_an_empty_or_missing_library_is_no_problem():
    assert installed_frameworks() == [] and library_problems() == []
    assert [f.id for f in available_frameworks()] == [PEEL_ID]


def test_an_unwritable_library_folder_is_reported(isolated_home):
    (isolated_home / "data").mkdir(exist_ok=True)
    (isolated_home / "data" / "frameworks").write_text("a file where the folder should be")
    with pytest.raises(FrameworkInstallError, match="cannot be written"):
        install_framework(tiny())
