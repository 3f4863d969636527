"""Python's cycle collector paused while a large workbook is written.

Writing a workbook makes millions of short-lived objects (a tuple or two per
cell) and none of them in reference cycles, while the writer's own tables of
row heights and links grow with every row. Each time the collector runs it
walks those growing tables again; at 100,000 evidence items that cost about a
fifth of the export and found nothing to free. Pausing it for the export, and
only for the export, keeps that time without changing what is written; memory
is bounded by the export itself (it is measured with the collector paused), and
the collector runs as usual as soon as the last export in the process ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_exports_running = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector until the block ends (and any other export running
    beside it); it is enabled again only if it was enabled when the first began."""
    global _exports_running, _was_enabled
    with _lock:
        if _exports_running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _exports_running += 1
    try:
        yield
    finally:
        with _lock:
            _exports_running -= 1
            if _exports_running == 0 and _was_enabled:
                gc.enable()
