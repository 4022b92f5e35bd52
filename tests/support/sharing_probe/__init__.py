"""A test-only model shared through guardian's direct tables, as `Case` will be."""
