"""The evidence repository's methods, one module per concern: writing, listing, counting,
over one row shape. ``storage.repositories.evidence_repository`` puts them together."""
