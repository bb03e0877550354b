"""The units the ledger counts in. Every amount is a whole number of one of them."""

from __future__ import annotations

import enum


class Unit(enum.StrEnum):
    EGP = "egp"  # Egyptian pounds, counted in piasters (100 = EGP 1)
    LOAF = "loaf"  # subsidised loaves of bread
    BREAD_POINT = "bread_point"  # grocer credit earned by undrawn loaves, counted in piasters
