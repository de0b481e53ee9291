"""Extract: quotes and events from a parsed, resolved article."""
