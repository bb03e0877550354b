"""unicard: host platform for the unified government-services card."""
