"""The OpenAPI document, completed with what FastAPI cannot infer: roles and problem media types."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from unicard.entrypoints.http_api.problems import MEDIA_TYPE
from unicard.entrypoints.http_api.security import endpoints


def document(app: FastAPI) -> None:
    """Each operation gets ``x-roles`` (from its gate); error responses are problem+json."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()  # FastAPI caches it, so this runs once per app
        for endpoint in endpoints(app):
            operation = schema["paths"].get(endpoint.path, {}).get(endpoint.method.lower())
            if operation is None:
                continue
            if endpoint.roles is not None:
                operation["x-roles"] = sorted(endpoint.roles)
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[0] in "45" and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
