"""Message templates by subject, one module each, merged in :mod:`unicard.locale.catalog`.

Each module defines ``MESSAGES: dict[str, tuple[str, str]]``: error code → (Arabic, English),
with ``{param}`` fields filled from the error's params.
"""
