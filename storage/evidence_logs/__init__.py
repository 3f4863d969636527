"""Evidence logs (CSV or Excel) read and imported as evidence items."""
