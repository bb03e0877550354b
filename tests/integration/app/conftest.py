"""The real app over HTTP, as in tests/integration/http."""

from tests.integration.http.conftest import app, client, container, sign_in  # noqa: F401 - fixtures
