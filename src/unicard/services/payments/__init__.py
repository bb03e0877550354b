"""The authorization engine: one use case that every channel calls (ARCHITECTURE.md §3)."""
