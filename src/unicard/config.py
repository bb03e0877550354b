"""Typed settings, read once from ``UNICARD_*`` environment variables and ``.env``."""

from __future__ import annotations

import enum
import secrets
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    DEMO = "demo"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UNICARD_", env_file=".env", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path("var")
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means the embedded SQLite file in data_dir.",
    )
    secret_key: str = Field(default="", description="Signs operator tokens; required in production.")
    token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    app_token_ttl_seconds: int = Field(
        default=600, ge=60, le=3_600, description="Lifetime of a citizen app token (audience citizen)."
    )
    log_json: bool | None = Field(default=None, description="JSON logs; default on in production.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65_535)
    card_issuer_bin: str = Field(default="507803", description="The issuer BIN new card PANs start with.")
    card_validity_years: int = Field(
        default=5, ge=1, le=10, description="A new card's life, to the month's end."
    )
    card_pickup_days: int = Field(default=30, ge=1, le=180, description="The pickup window a notice names.")
    sms_gateway: Literal["console"] = Field(default="console", description="Where SMS go (adapters/sms).")

    @model_validator(mode="after")
    def _fill_defaults(self) -> Self:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'unicard.sqlite3'}"
        if not self.secret_key:
            if self.environment is Environment.PRODUCTION:
                raise ValueError("UNICARD_SECRET_KEY must be set in production")
            self.secret_key = self._local_secret()
        if self.log_json is None:
            self.log_json = self.environment is Environment.PRODUCTION
        return self

    def _local_secret(self) -> str:
        """Outside production, a key made once and kept in the data folder.

        Terminal secrets and card lookups are keyed with it, so it must outlive the process;
        tests get a fresh one per process (their databases do not outlive it either).
        """
        if self.environment is Environment.TEST:
            return secrets.token_urlsafe(32)
        path = self.data_dir / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
