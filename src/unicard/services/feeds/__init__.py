"""Agency data feeds: facts by national ID, imported whole or not at all, and synthetic ones."""
