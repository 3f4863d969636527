"""The lead inspector's judgment checks: what to fix or look at again before the draft goes."""
