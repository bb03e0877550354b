"""The server refuses the published demo issuer keys outside demo and test."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from unicard.bootstrap import bootstrap, card_keys
from unicard.config import Environment, Settings
from unicard.domain.cards.issuer_keys import DEMO_KEYS, IssuerKeys, KeyName
from unicard.services.cards.security.verifier import EmvCardholderVerifier
from unicard.services.payments.engine import AuthorizationEngine
from unicard.services.payments.group_commit import GroupCommitAuthorizer
from unicard.services.payments.ports import NoCardholderVerification

OWN_KEYS = IssuerKeys({name: bytes([0x40 + index]) * name.length for index, name in enumerate(KeyName)})


def write(tmp_path: Path, keys: IssuerKeys) -> Path:
    path = tmp_path / "keys.json"
    path.write_text(keys.to_json())
    return path


def settings(tmp_path: Path, environment: Environment, keys_file: Path | None) -> Settings:
    return Settings(
        environment=environment, data_dir=tmp_path, secret_key="s" * 32, issuer_keys_file=keys_file
    )


@pytest.mark.parametrize("environment", [Environment.PRODUCTION, Environment.DEVELOPMENT])
def test_demo_keys_are_refused_where_real_cards_may_be(tmp_path: Path, environment: Environment) -> None:
    with pytest.raises(ValidationError, match="published demo keys") as caught:
        settings(tmp_path, environment, write(tmp_path, IssuerKeys.demo()))
    for key in DEMO_KEYS.values():
        assert key.hex().upper() not in str(caught.value).upper()


def test_one_demo_key_among_own_keys_is_refused(tmp_path: Path) -> None:
    mixed = IssuerKeys({**OWN_KEYS.keys, KeyName.PIN_VERIFICATION: DEMO_KEYS[KeyName.PIN_VERIFICATION]})
    with pytest.raises(ValidationError, match=r"published demo keys \(pvk\)"):
        settings(tmp_path, Environment.PRODUCTION, write(tmp_path, mixed))


@pytest.mark.parametrize("environment", [Environment.DEMO, Environment.TEST])
def test_demo_and_test_use_the_demo_keys(tmp_path: Path, environment: Environment) -> None:
    assert card_keys(settings(tmp_path, environment, None)).uses_demo_keys
    assert card_keys(settings(tmp_path, environment, write(tmp_path, IssuerKeys.demo()))).uses_demo_keys


def test_production_needs_a_key_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="UNICARD_ISSUER_KEYS_FILE must be set in production"):
        settings(tmp_path, Environment.PRODUCTION, None)


def test_production_with_own_keys_starts(tmp_path: Path) -> None:
    assert not card_keys(settings(tmp_path, Environment.PRODUCTION, write(tmp_path, OWN_KEYS))).uses_demo_keys


def test_development_makes_its_own_keys_once(tmp_path: Path) -> None:
    first = settings(tmp_path, Environment.DEVELOPMENT, None)
    assert first.issuer_keys_file == tmp_path / "issuer-keys.json"
    assert first.issuer_keys_file.stat().st_mode & 0o777 == 0o600
    again = settings(tmp_path, Environment.DEVELOPMENT, None)
    assert card_keys(again).uses_demo_keys is False
    assert IssuerKeys.parse(first.issuer_keys_file.read_text()) == IssuerKeys.parse(
        again.issuer_keys_file.read_text()  # type: ignore[union-attr]
    )


def test_a_malformed_key_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"imk-ac": "00"}))
    with pytest.raises(ValidationError, match="is not usable: the key imk-ac is 1 bytes long"):
        settings(tmp_path, Environment.PRODUCTION, path)


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read the issuer key file"):
        settings(tmp_path, Environment.PRODUCTION, tmp_path / "nowhere.json")


def test_empty_values_mean_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNICARD_ISSUER_KEYS_FILE", "")
    monkeypatch.setenv("UNICARD_CARD_AUTHENTICATION", "")
    read = Settings(environment=Environment.TEST, data_dir=tmp_path)
    assert (read.issuer_keys_file, read.card_authentication) == (None, "off")


def test_production_authenticates_cards_by_default(tmp_path: Path) -> None:
    assert settings(tmp_path, Environment.PRODUCTION, write(tmp_path, OWN_KEYS)).card_authentication == "emv"


@pytest.mark.parametrize(
    ("mode", "verifier"), [("emv", EmvCardholderVerifier), ("off", NoCardholderVerification)]
)
def test_bootstrap_wires_the_verifier_the_settings_ask(tmp_path: Path, mode: str, verifier: type) -> None:
    wired = bootstrap(
        Settings(environment=Environment.TEST, data_dir=tmp_path, card_authentication=mode)  # type: ignore[arg-type]
    )
    try:
        assert isinstance(wired.cardholder_verifier, verifier)
        authorization = wired.authorization
        engine = authorization.engine if isinstance(authorization, GroupCommitAuthorizer) else authorization
        assert isinstance(engine, AuthorizationEngine)
        assert engine.verifier is wired.cardholder_verifier
    finally:
        wired.engine.dispose()
