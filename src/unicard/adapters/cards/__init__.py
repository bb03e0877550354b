"""Adapters of the card module: the personalisation bureau produced cards go to, and virtual cards."""
