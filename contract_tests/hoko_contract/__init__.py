"""Contract suite support code: target selection, checks, guarantee reporting."""
