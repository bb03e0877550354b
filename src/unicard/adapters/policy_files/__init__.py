"""Benefit policy files: the shipped TOML data, and the JSON form the database and admin API use."""

from unicard.adapters.policy_files.codec import (
    policy_from_json,
    policy_from_plain,
    policy_to_json,
    policy_to_plain,
)
from unicard.adapters.policy_files.errors import PolicyFileError
from unicard.adapters.policy_files.loader import load_book, load_shipped_book, parse_book

__all__ = [
    "PolicyFileError",
    "load_book",
    "load_shipped_book",
    "parse_book",
    "policy_from_json",
    "policy_from_plain",
    "policy_to_json",
    "policy_to_plain",
]
