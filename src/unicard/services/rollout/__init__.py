"""Rollout: the schedule of services per governorate, and the notices when one switches on."""
