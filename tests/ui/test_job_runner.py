"""The task-runner base every background job uses: the result handed to ``done``, Cancel as a
quiet note in the status bar, errors shown one way, and never two of the same job at once."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton

from storage.operations import Cancelled, JobProgress, StorageError
from ui.workflows.job_runner import JobRunner

TIMEOUT = 10000


class CountingJob(JobRunner):
    title = "Counting"
    failure_title = "Not counted"
    failure = "Nothing was counted."
    stopped_text = "Counting stopped; nothing was counted."

    def __init__(self, window, source=None):
        super().__init__(window, source)
        self.presented: list[object] = []

    def done(self, result) -> None:
        self.presented.append(result)


def finish(qtbot, job: JobRunner, work, text: str = "Counting…"):
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT) as finished:
        job.run(work, text)
    return finished.args[0]


def test_the_result_goes_to_done_with_progress_on_the_way(qtbot, demo_window, answers):
    job = CountingJob(demo_window, demo_window.controller.inspection.path)
    seen: list[tuple[int, int]] = []

    def work(progress: JobProgress) -> int:
        for n in range(1, 4):
            progress.check()
            progress.report(n, 3)
        return 3

    with qtbot.waitSignal(job.finished, timeout=TIMEOUT) as finished:
        job.run(work, "Counting…")
        job.handle.progressed.connect(lambda done, total: seen.append((done, total)))
    assert finished.args[0] == 3 and job.presented == [3]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert job.progress is None and not job.running
    assert answers == []


def test_cancel_is_a_quiet_note_in_the_status_bar(qtbot, demo_window, answers):
    job = CountingJob(demo_window)
    started, release = threading.Event(), threading.Event()

    def work(progress: JobProgress) -> int:
        started.set()
        release.wait(TIMEOUT / 1000)
        progress.check()
        return 1

    with qtbot.waitSignal(job.finished, timeout=TIMEOUT) as finished:
        job.run(work, "Counting…")
        assert started.wait(TIMEOUT / 1000)
        job.progress.findChild(QPushButton).click()  # the progress dialog's Cancel
        release.set()
    assert finished.args[0] is None and job.presented == []
    assert answers == []  # nothing to confirm
    assert demo_window.statusBar().currentMessage() == "Counting stopped; nothing was counted."


def test_a_storage_error_is_shown_as_it_is_and_anything_else_as_unexpected(
    qtbot, demo_window, answers
):
    def refused(progress: JobProgress) -> int:
        raise StorageError("The log has 2 problems; correct them and try again.")

    def broken(progress: JobProgress) -> int:
        raise ValueError("a bug")

    assert finish(qtbot, CountingJob(demo_window), refused) is None
    assert answers[-1] == (
        "warning",
        "Not counted",
        "The log has 2 problems; correct them and try again.",
    )
    assert finish(qtbot, CountingJob(demo_window), broken) is None
    assert answers[-1] == (
        "warning",
        "Not counted",
        "Something unexpected went wrong (a bug). Nothing was counted.",
    )


def test_cancelled_raised_by_the_job_itself_is_quiet_too(qtbot, demo_window, answers):
    def stops(progress: JobProgress) -> int:
        raise Cancelled("stopped")

    assert finish(qtbot, CountingJob(demo_window), stops) is None
    assert answers == []
    assert demo_window.statusBar().currentMessage() == "Counting stopped; nothing was counted."


def test_the_same_job_is_never_run_twice_at_once(qtbot, demo_window, answers):
    source = demo_window.controller.inspection.path
    first, second = CountingJob(demo_window, source), CountingJob(demo_window, source)
    release = threading.Event()
    runs: list[int] = []

    def work(progress: JobProgress) -> int:
        runs.append(1)
        release.wait(TIMEOUT / 1000)
        return len(runs)

    handle = first.run(work, "Counting…")
    with qtbot.waitSignal(second.finished, timeout=TIMEOUT) as refused:
        assert second.run(work, "Counting…") is handle  # the running one, not a new one
    assert refused.args[0] is None and second.handle is None
    with qtbot.waitSignal(first.finished, timeout=TIMEOUT) as finished:
        release.set()
    assert finished.args[0] == 1 and runs == [1]

    # Once it has ended, the same job may run again.
    assert finish(qtbot, second, work) == 2
