"""The Findings tab: the list of findings beside the form of the one being edited, its
saving and drafts, and linking evidence to it."""
