"""Use cases of the card's life: registration, production batches, the pickup desk, blocking
(by clerk, app or SMS keyword), and the card's security (EMV cryptograms, PIN)."""
