"""The panels of the main window: the evidence list and editor, findings, judgments,
attachments, details and history."""
