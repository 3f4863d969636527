"""The Case files tab: the checklist's reviewed files, the review form and the results."""
