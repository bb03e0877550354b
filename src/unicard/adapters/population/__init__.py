"""A seeded, streaming synthetic population of Port Said, for the demo and the benchmarks.

for family in generate(PopulationSpec.preset("pilot", seed=42, today=date(2024, 6, 1))):
    family.citizens, family.household, family.members
"""

from unicard.adapters.population.generator import SIZES, PopulationSpec, generate
from unicard.adapters.population.rows import (
    RELATIONS,
    CitizenRow,
    Family,
    HouseholdRow,
    MemberRow,
)

__all__ = [
    "RELATIONS",
    "SIZES",
    "CitizenRow",
    "Family",
    "HouseholdRow",
    "MemberRow",
    "PopulationSpec",
    "generate",
]
