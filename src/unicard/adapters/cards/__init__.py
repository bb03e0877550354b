"""Adapters of the card module: where produced cards go to be personalised."""
