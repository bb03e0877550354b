"""Appeals over the real HTTP API on each dialect: the HTTP suite's fixtures and the appeal world's."""

from __future__ import annotations

# Imported names become fixtures here.
from tests.integration.appeals.world import cairo_officer, family, officer, registrar, second_officer  # noqa: F401
from tests.integration.http.conftest import app, client, container, sign_in  # noqa: F401
