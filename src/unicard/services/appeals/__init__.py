"""Use cases of appeals (تظلمات) against eligibility decisions: open, review, correct, decide, read."""
