"""The HTTP fixtures (app, client, signed-in operators) of ``tests/integration/http``, shared here."""

from tests.integration.http.conftest import app, client, container, sign_in

__all__ = ["app", "client", "container", "sign_in"]
