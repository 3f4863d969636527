"""Errors the storage layer raises, each with a message a user can act on."""


class StorageError(Exception):
    """Base class: the message is one or two plain sentences for the user."""


class NotAnInspectionError(StorageError):
    """The file exists but is not an Evidence Review inspection."""


class NewerSchemaError(StorageError):
    """The file was written by a newer version of the app."""


class InspectionNotFoundError(StorageError):
    """The file does not exist."""


class FileInUseError(StorageError):
    """Another program holds a lock on the inspection file."""


class DamagedFileError(NotAnInspectionError):
    """The file is an inspection but SQLite reports it damaged; nothing was changed.

    A kind of :class:`NotAnInspectionError` because, like one, it cannot be
    opened; callers that care (the app offers the latest good backup) catch it
    first.
    """

    def __init__(self, message: str, path=None, detail: str = ""):
        super().__init__(message)
        self.path = path
        #: What SQLite found, in its own words (part of the message too).
        self.detail = detail


class FileOpenElsewhereError(StorageError):
    """Another copy of Evidence Review has the file open; ``holder`` says who, where, since when."""

    def __init__(self, message: str, holder=None):
        super().__init__(message)
        self.holder = holder


class WriteFailedError(StorageError):
    """Saving failed because the disk reported an error; the change was rolled back whole."""


class DiskFullError(WriteFailedError):
    """Saving failed because the disk (or the file's size limit) is full; nothing was saved."""
