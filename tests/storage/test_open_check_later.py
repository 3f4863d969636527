"""The whole-file check an open can leave to the window: only after a clean shutdown and
when no migration would write first; made later read-only, cancellable, and saying so
when the file is damaged."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from storage.file.errors import DamagedFileError
from storage.operations import Cancelled, JobProgress, check_opened_file, open_for_editing
from tests.storage.test_open_safety import crash_after_a_commit, state, wreck_pages


def test_after_a_clean_shutdown_the_check_is_left_for_later_and_finds_the_damage(demo_path):
    wreck_pages(demo_path, "evidence_fts_data")  # read by a search, never by opening
    before = state(demo_path)
    with open_for_editing(demo_path, check_in_background=True) as opened:
        assert opened.check_pending and not opened.checked_after_unclean_shutdown
        assert opened.inspection.evidence.count() > 0  # shown while the check waits
        with pytest.raises(DamagedFileError, match="it is damaged") as caught:
            check_opened_file(demo_path)
        assert caught.value.path == demo_path
    assert state(demo_path) == before  # neither opening nor the check wrote a byte


def test_a_sound_file_passes_the_later_check_and_the_usual_open_still_checks_first(demo_path):
    with open_for_editing(demo_path, check_in_background=True) as opened:
        assert opened.check_pending
        check_opened_file(demo_path)  # no damage: nothing raised
    wreck_pages(demo_path, "evidence_fts_data")
    with pytest.raises(DamagedFileError):
        open_for_editing(demo_path)  # a command opening the file checks it first, as before


def test_after_an_unclean_shutdown_the_file_is_checked_before_it_opens(demo_path):
    crash_after_a_commit(demo_path)
    with open_for_editing(demo_path, check_in_background=True) as opened:
        assert opened.checked_after_unclean_shutdown and not opened.check_pending


def test_a_damaged_file_after_an_unclean_shutdown_never_opens(demo_path):
    crash_after_a_commit(demo_path)
    wreck_pages(demo_path, "evidence_fts_data")
    before = state(demo_path)
    with pytest.raises(DamagedFileError):
        open_for_editing(demo_path, check_in_background=True)
    assert state(demo_path) == before


def test_a_file_that_needs_bringing_up_to_date_is_checked_before_it_is_migrated(demo_path):
    conn = sqlite3.connect(demo_path)
    newest = conn.execute(
        "SELECT name FROM _sqlite_migrations ORDER BY rowid DESC LIMIT 1"
    ).fetchone()[0]
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [newest])
    conn.commit()
    conn.close()
    wreck_pages(demo_path, "evidence_fts_data")
    before = state(demo_path)
    with pytest.raises(DamagedFileError):
        open_for_editing(demo_path, check_in_background=True)
    assert state(demo_path) == before  # the migration never ran on the damaged file


def test_the_later_check_stops_when_asked(demo_path):
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        check_opened_file(demo_path, JobProgress(is_cancelled=stop.is_set))
    asked = []

    def cancel_once_asked() -> bool:
        asked.append(1)
        return len(asked) > 1  # let it start, then stop it while it reads

    with pytest.raises(Cancelled):
        check_opened_file(demo_path, JobProgress(is_cancelled=cancel_once_asked))
