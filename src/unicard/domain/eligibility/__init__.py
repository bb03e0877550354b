"""Eligibility: agency facts, rule sets of the ministerial committee, decisions and appeals."""
