"""A planted ``<file>.lock`` is never followed or written through, and the lock says who holds
it: the app, or which command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.file.errors import FileOpenElsewhereError
from storage.file.file_lock import InspectionLock, UnsafeLockFileError, lock_path, read_holder
from tests.cli.test_cli_team_merge import assert_refused, run
from tests.storage.merge_helpers import file_state

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(os.name != "posix", reason="links and pipes as on POSIX")

HOLD_AS = """
import sys
sys.path.insert(0, {root!r})
from storage.file.file_lock import InspectionLock
lock = InspectionLock({path!r}, program={program!r}).acquire()
print("locked", flush=True)
sys.stdin.readline()
"""


def plant(demo_path: Path, kind: str, victim: Path) -> None:
    sidecar = lock_path(demo_path)
    if kind == "symbolic link":
        sidecar.symlink_to(victim)
    elif kind == "link to nowhere":
        sidecar.symlink_to(victim.parent / "not-there")
    elif kind == "hard link":
        os.link(victim, sidecar)
    elif kind == "pipe":
        os.mkfifo(sidecar)
    elif kind == "folder":
        sidecar.mkdir()


KINDS = ["symbolic link", "link to nowhere", "hard link", "pipe", "folder"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_planted_lock_file_is_refused_and_nothing_is_written_through_it(
    demo_path, tmp_path, kind
):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n")
    plant(demo_path, kind, victim)
    with pytest.raises(UnsafeLockFileError) as refused:
        InspectionLock(demo_path).acquire()
    assert "was not used as the file's lock" in str(refused.value)
    assert "Remove it" in str(refused.value)
    assert victim.read_text() == "someone else's file\n"
    assert not (victim.parent / "not-there").exists()


@pytest.mark.parametrize("kind", ["symbolic link", "hard link", "pipe", "folder"])
def test_a_command_refuses_a_planted_lock_file_with_one_clear_line(demo_path, tmp_path, kind):
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file\n")
    plant(demo_path, kind, victim)
    before = file_state(demo_path)
    result = run(tmp_path / "home", "team", demo_path, "--add", "ZZ", "--name", "Zoe Zed")
    assert_refused(result, "demo.inspection.lock", "was not used as the file's lock")
    assert victim.read_text() == "someone else's file\n"
    assert file_state(demo_path) == before


def test_a_new_lock_file_is_private_and_made_only_once(demo_path):
    with InspectionLock(demo_path):
        info = os.lstat(lock_path(demo_path))
        assert info.st_mode & 0o777 == 0o600 and info.st_nlink == 1
        assert read_holder(demo_path).program == "app"


@pytest.mark.parametrize(
    "program, words",
    [
        ("app", "is open in Evidence Review by"),
        ("merge", "is being changed by the command 'merge' run by"),
    ],
)
def test_the_refusal_says_whether_the_app_or_a_command_holds_the_file(demo_path, program, words):
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOLD_AS.format(root=str(ROOT), path=str(demo_path), program=program),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(FileOpenElsewhereError) as refused:
            InspectionLock(demo_path).acquire()
        assert words in str(refused.value)
        assert refused.value.holder.program == program
        result = run(demo_path.parent / "home", "team", demo_path, "--remove", "ZZ")
        assert_refused(result, words)
    finally:
        child.kill()
        child.wait(timeout=30)
