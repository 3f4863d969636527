"""Background jobs: the task runner and the jobs that run on it (imports, exports, merges,
attachments)."""
