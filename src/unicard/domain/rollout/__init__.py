"""The rollout plan: which card service starts in which governorate on which day (M11, M12)."""

from unicard.domain.rollout.schedule import (
    SERVICE_NAMES,
    RolloutEntry,
    RolloutSchedule,
    parse_rollout_governorate,
    parse_service,
)

__all__ = ["SERVICE_NAMES", "RolloutEntry", "RolloutSchedule", "parse_rollout_governorate", "parse_service"]
