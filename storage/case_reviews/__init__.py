"""Case-file review on disk: checklists and their items, reviewed files and their
answers, the results counted in SQL, and the evidence made from a result."""
