"""Arabic and English words for domain error codes; see :mod:`unicard.locale.catalog`."""
