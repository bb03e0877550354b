"""The citizen app: one-time codes sent to the registered mobile, and the rules they obey. Pure."""
