"""Eligibility use cases: rule sets' lifecycle, evaluation, dry runs and taking effect."""
