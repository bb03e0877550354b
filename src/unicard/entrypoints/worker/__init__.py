"""Background workers. For now one: the notification dispatcher (:mod:`.dispatcher`)."""
