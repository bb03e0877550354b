"""Registry files in and out: CSV imports applied whole or not at all, and exports in the same format.

``import_citizens`` and ``import_households`` validate every row with the domain, stage the good
ones, check the file as a set (duplicates, conflicts with the registry) and apply it in one
transaction; ``export_citizens`` and ``export_households`` write files those imports accept.
"""
