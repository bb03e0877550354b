"""Payments: the authorization engine's vocabulary — transaction types, requests, decisions."""
