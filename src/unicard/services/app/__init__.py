"""Use cases of the citizen app: one-time codes and the signed-in citizen's session."""
