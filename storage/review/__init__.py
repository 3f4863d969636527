"""What the lead inspector's judgment checks read from an inspection file, gathered set-wise."""
