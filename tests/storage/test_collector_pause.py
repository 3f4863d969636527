"""The cycle collector is paused only while a workbook is written, and always comes back."""

from __future__ import annotations

import gc
import threading

import pytest

from storage.workbooks.collector_pause import collector_paused


@pytest.fixture(autouse=True)
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_inside_and_enabled_again_after():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_enabled_again_after_a_failure():
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the disk is full")
    assert gc.isenabled()


def test_two_exports_at_once_keep_it_paused_until_the_last_ends():
    first_in, first_may_end = threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            first_may_end.wait(timeout=30)
            seen["first, after the second ended"] = gc.isenabled()

    worker = threading.Thread(target=first)
    worker.start()
    assert first_in.wait(timeout=30)
    with collector_paused():
        pass
    seen["between"] = gc.isenabled()
    first_may_end.set()
    worker.join(timeout=30)
    assert seen == {"between": False, "first, after the second ended": False}
    assert gc.isenabled()


def test_left_disabled_when_it_was_disabled_before():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_export_leaves_the_collector_as_it_found_it(tmp_path):
    from storage.demo import write_demo
    from storage.workbooks.summary_export import export_summary

    with write_demo(tmp_path / "demo.inspection") as inspection:
        export_summary(inspection, tmp_path / "summary.xlsx")
    assert gc.isenabled()
    assert (tmp_path / "summary.xlsx").stat().st_size > 0
