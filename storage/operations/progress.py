"""How a use case reports how far it has got and learns that it should stop.

One progress/cancel object and one :class:`Cancelled` exception for every job;
they are defined in :mod:`storage.job_progress` so that storage's inner folders
can raise them too.
"""

from storage.job_progress import SILENT as SILENT
from storage.job_progress import Cancelled as Cancelled
from storage.job_progress import JobProgress as JobProgress
