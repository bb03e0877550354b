"""``unicard bench``: throw-away benchmark worlds, the load driver and the pgbench reference."""
