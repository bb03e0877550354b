"""Cards: a credential of one citizen (ARCHITECTURE.md principle 1: a credential, not a purse)."""
