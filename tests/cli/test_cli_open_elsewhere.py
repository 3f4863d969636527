"""Commands that change an inspection refuse a file that is open in the app.

The app holds its lock on the file (here this test process holds it, as the
app would); every such command must leave the file byte-for-byte as it was,
and commands that only read it still work.
"""

from __future__ import annotations

import pytest

from models.records import Evidence
from storage.file.file_lock import InspectionLock
from storage.file.inspection_file import InspectionFile
from storage.merge.fieldwork_copy import create_fieldwork_copy
from tests.cli.test_cli_team_merge import assert_refused, run
from tests.storage.merge_helpers import file_state


@pytest.fixture
def open_in_app(demo_path):
    with InspectionFile.open(demo_path) as inspection:
        inspection.team.add("KP", "Kim Patel")
    with InspectionLock(demo_path):
        yield demo_path


@pytest.mark.parametrize(
    "args",
    [
        ["team", "{file}", "--add", "ZZ", "--name", "Zoe Zed"],
        ["team", "{file}", "--remove", "KP"],
        ["conflicts", "{file}", "--resolve", "abc", "--keep", "other"],
        ["import-evidence", "{file}", "{log}"],
        ["merge", "{file}", "{copy}", "--yes"],
    ],
    ids=["team-add", "team-remove", "resolve", "import", "merge"],
)
def test_changing_a_file_open_in_the_app_is_refused(open_in_app, tmp_path, args):
    log = tmp_path / "log.csv"
    log.write_text("Summary,Source,Assessment,Questions\nSeen,interview,positive,1.1\n")
    copy = create_fieldwork_copy(open_in_app, "KP", tmp_path / "kp.inspection")
    with InspectionFile.open(copy) as fieldwork:
        fieldwork.evidence.add(Evidence(author="KP", summary="Seen on a visit"))
    before = file_state(open_in_app)
    result = run(tmp_path / "home", *[a.format(file=open_in_app, log=log, copy=copy) for a in args])
    assert_refused(result, open_in_app.name, "is open in Evidence Review", "close it there first")
    assert file_state(open_in_app) == before


def test_reading_a_file_open_in_the_app_still_works(open_in_app, tmp_path):
    result = run(tmp_path / "home", "team", open_in_app)
    assert result.returncode == 0, result.stderr
    result = run(tmp_path / "home", "history", open_in_app, "--since", "2000-01-01")
    assert result.returncode == 0, result.stderr
