"""Cards acted out in software: the virtual card the demo, the POS pages and the tests use."""
