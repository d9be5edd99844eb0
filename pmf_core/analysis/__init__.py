"""Analysis: reads the store and applies the rules (status, changes, history, quality)."""
