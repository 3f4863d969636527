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
