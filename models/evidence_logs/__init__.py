"""Evidence logs from outside: their columns, their cells and the bounds they are held to."""
