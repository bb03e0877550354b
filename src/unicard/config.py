"""Typed settings, read once from ``UNICARD_*`` environment variables and ``.env``."""

from __future__ import annotations

import enum
import secrets
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from unicard.domain.cards.issuer_keys import IssuerKeys, KeyName
from unicard.domain.shared.errors import InvalidValue
from unicard.locale.catalog import describe

#: Where the published demo issuer keys may be used (docs/cards/emv-profile.md).
DEMO_KEY_ENVIRONMENTS = frozenset({"demo", "test"})


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
    card_authentication: Literal["emv", "off"] | None = Field(
        default=None,
        description=(
            "emv: every card request must carry a genuine EMV cryptogram, and the cardholder "
            "verification the policy asks (docs/cards/card-authentication.md); off: the card "
            "alone. Default: emv in production, off elsewhere."
        ),
    )
    issuer_keys_file: Path | None = Field(
        default=None,
        description=(
            "JSON file of the card issuer's keys (docs/cards/key-store.md). Empty: the published "
            "demo keys in demo and test, a file made once in data_dir in development; required "
            "in production. The demo keys are refused outside demo and test."
        ),
    )

    @field_validator("issuer_keys_file", "card_authentication", "freeze_heap", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # ``UNICARD_ISSUER_KEYS_FILE=`` as .env.example writes it means "not set", not the path ".".
        return None if value == "" else value

    group_commit: int = Field(
        default=64,
        ge=0,
        le=1_000,
        description=(
            "Bread and ration authorizations answered per durable commit at most (group commit,"
            " services/payments/group_commit.py); 0 or 1: one transaction per authorization."
        ),
    )
    freeze_heap: bool | None = Field(
        default=None,
        description=(
            "Move what is alive once the server has started out of the garbage collector's full"
            " sweeps (entrypoints/heap.py). Default: on, except in tests (a full collection at"
            " each of the suite's thousands of app start-ups would cost minutes)."
        ),
    )
    sms_gateway: Literal["console", "smpp"] = Field(
        default="console", description="Where SMS go (adapters/sms); smpp needs the smpp_* settings."
    )
    smpp_host: str = "127.0.0.1"
    smpp_port: int = Field(default=2775, ge=1, le=65_535)
    smpp_system_id: str = Field(default="", max_length=15, description="The SMSC login (bind system_id).")
    smpp_password: SecretStr = Field(default=SecretStr(""), description="The SMSC password; never logged.")
    smpp_system_type: str = Field(default="", max_length=12)
    smpp_source_addr: str = Field(
        default="UNICARD", min_length=1, max_length=20, description="Sender: a word (11 at most) or a number."
    )
    smpp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    smpp_enquire_link_seconds: float = Field(default=30.0, gt=0, le=3600)
    smpp_throttle_retries: int = Field(default=4, ge=0, le=20)
    smpp_backoff_seconds: float = Field(default=0.5, ge=0, le=60)
    smpp_backoff_max_seconds: float = Field(default=8.0, ge=0, le=600)
    sms_inbound_secret: SecretStr = Field(
        default=SecretStr(""),
        description=(
            "The shared secret the SMS gateway signs inbound SMS webhooks with (HMAC-SHA256); "
            "empty: POST /api/v1/sms/inbound answers 503. Never logged."
        ),
    )
    sms_inbound_max_age_seconds: int = Field(
        default=300, ge=30, le=3_600, description="An inbound webhook older (or newer) than this is refused."
    )

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
        if self.freeze_heap is None:
            self.freeze_heap = self.environment is not Environment.TEST
        if self.card_authentication is None:
            self.card_authentication = "emv" if self.environment is Environment.PRODUCTION else "off"
        self._check_issuer_keys()
        self.check_sms_gateway()
        return self

    def _check_issuer_keys(self) -> None:
        """Refuse to start without usable issuer keys, or with the published demo keys where
        real cards may be used: anyone can compute a demo card's cryptograms."""
        if self.issuer_keys_file is None:
            if self.environment is Environment.PRODUCTION:
                raise ValueError("UNICARD_ISSUER_KEYS_FILE must be set in production")
            if self.environment is Environment.DEVELOPMENT:
                self.issuer_keys_file = self._local_issuer_keys()
            return  # demo and test: the demo keys
        path = self.issuer_keys_file
        try:
            keys = IssuerKeys.parse(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ValueError(f"cannot read the issuer key file {path}: {error.strerror}") from None
        except InvalidValue as error:
            raise ValueError(f"the issuer key file {path} is not usable: {describe(error, 'en')}") from None
        demo = keys.demo_keys_among
        if demo and self.environment.value not in DEMO_KEY_ENVIRONMENTS:
            raise ValueError(
                f"the issuer key file {path} holds published demo keys ({', '.join(demo)}); "
                f"they are allowed only with UNICARD_ENVIRONMENT=demo or test, not {self.environment.value}"
            )

    def _local_issuer_keys(self) -> Path:
        """Development: random issuer keys made once and kept beside the local secret key."""
        path = self.data_dir / "issuer-keys.json"
        if not path.exists():
            keys = IssuerKeys({name: secrets.token_bytes(name.length) for name in KeyName})
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(keys.to_json(), encoding="utf-8")
        return path

    def check_sms_gateway(self) -> None:
        """The chosen gateway has what it needs (also called when a command line picks it)."""
        if self.sms_gateway != "smpp":
            return
        if not self.smpp_system_id:
            raise ValueError("UNICARD_SMPP_SYSTEM_ID must be set when UNICARD_SMS_GATEWAY is smpp")
        sender = self.smpp_source_addr
        if not sender.lstrip("+").isdigit() and len(sender) > 11:
            raise ValueError(f"UNICARD_SMPP_SOURCE_ADDR {sender!r}: a sender name has 11 characters at most")

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
