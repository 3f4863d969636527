"""Case-file review without storage or the window: checklists and their items, answers
and their types, the conditions under which an item applies, a reviewed file, and the
results drawn from many files ("in 45 of 60 cases (75 %)")."""
