"""``POST /api/v1/feeds/{agency}``: the same import as the CLI, over HTTP, for admins and data stewards."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpx import Response
from sqlalchemy import Engine
from starlette.testclient import TestClient

from tests.integration.feeds.helpers import FEED_SAMPLES, latest, load_sample_registry
from tests.integration.http.conftest import SignIn
from tests.integration.imports.helpers import count
from unicard.adapters.db.tables_feeds import citizen_fact_history, feed_imports
from unicard.domain.operators.operator import Role

HEAD = "26804120301217"
SPOUSE = "27209031210443"
URL = "/api/v1/feeds/{agency}"


@pytest.fixture
def steward(database_url: str, tmp_path: Path, sign_in: SignIn) -> dict[str, str]:
    load_sample_registry(database_url, tmp_path)
    return sign_in(Role.DATA_STEWARD)


def _post(
    client: TestClient, headers: dict[str, str], agency: str, body: bytes, as_of: str = "2026-10-31"
) -> Response:
    return client.post(
        URL.format(agency=agency),
        params={"as_of": as_of},
        content=body,
        headers={**headers, "Content-Type": "text/csv", "Accept-Language": "en"},
    )


def test_a_sample_file_is_imported(client: TestClient, engine: Engine, steward: dict[str, str]) -> None:
    response = _post(client, steward, "electricity", (FEED_SAMPLES / "electricity.csv").read_bytes())
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["rows"], body["recorded"], body["current"], body["already_imported"]) == (6, 6, 6, False)
    assert latest(engine)[(HEAD, "electricity_kwh_month")] == (420, None, "2026-10-31")


def test_the_same_file_again_changes_nothing(
    client: TestClient, engine: Engine, steward: dict[str, str]
) -> None:
    body = (FEED_SAMPLES / "traffic.csv").read_bytes()
    first = _post(client, steward, "traffic", body).json()
    again = _post(client, steward, "traffic", body)
    assert again.status_code == 201
    assert again.json()["already_imported"] is True
    assert again.json()["import_id"] == first["import_id"]
    assert count(engine, feed_imports) == 1


def test_an_admin_may_import_too(
    client: TestClient, database_url: str, tmp_path: Path, sign_in: SignIn
) -> None:
    load_sample_registry(database_url, tmp_path)
    response = _post(
        client, sign_in(Role.ADMIN), "electricity", f"national_id,electricity_kwh_month\n{HEAD},1\n".encode()
    )
    assert response.status_code == 201, response.text


_BAD_FILES = {
    "unknown national ID": (
        "electricity",
        "electricity_kwh_month",
        "29001010100015,300",
        3,
        "national_id",
        "feeds.unknown_citizen",
    ),
    "negative": (
        "electricity",
        "electricity_kwh_month",
        f"{HEAD},-300",
        3,
        "electricity_kwh_month",
        "feeds.negative",
    ),
    "other agency's fact": (
        "electricity",
        "vehicles",
        f"{HEAD},1",
        1,
        "vehicles",
        "feeds.fact_of_other_agency",
    ),
    "repeated national ID": (
        "electricity",
        "electricity_kwh_month",
        f"{SPOUSE},2",
        3,
        "national_id",
        "feeds.national_id_repeated",
    ),
    "malformed national ID": (
        "electricity",
        "electricity_kwh_month",
        "2680412030121X,1",
        3,
        "national_id",
        "national_id.",
    ),
    "inexact feddans": (
        "agriculture",
        "farmland_feddans",
        f"{HEAD},0.1",
        3,
        "farmland_feddans",
        "feeds.not_exact",
    ),
}


@pytest.mark.parametrize("case", _BAD_FILES)
def test_a_bad_file_is_refused_with_its_errors(
    client: TestClient, engine: Engine, steward: dict[str, str], case: str
) -> None:
    agency, fact, bad_row, row, column, code = _BAD_FILES[case]
    body = (
        f"national_id,{fact}\n{SPOUSE},1\n{bad_row}\n".encode()
    )  # a good row first: it is not applied either
    response = _post(client, steward, agency, body)
    assert response.status_code == 422, response.text
    problem = response.json()
    assert problem["code"] == "feeds.refused"
    first = problem["errors"][0]
    assert (first["row"], first["column"]) == (row, column)
    assert first["code"].startswith(code)
    assert first["reason_ar"]
    assert first["reason_en"]
    assert count(engine, citizen_fact_history) == 0
    assert count(engine, feed_imports) == 0


def test_an_as_of_date_in_the_future_is_refused(
    client: TestClient, engine: Engine, steward: dict[str, str]
) -> None:
    response = _post(
        client,
        steward,
        "electricity",
        f"national_id,electricity_kwh_month\n{HEAD},1\n".encode(),
        "2026-11-30",
    )
    assert response.status_code == 422
    assert response.json()["code"] == "feeds.as_of_future"
    assert count(engine, citizen_fact_history) == 0


def test_an_unknown_agency_is_refused(client: TestClient, steward: dict[str, str]) -> None:
    response = _post(client, steward, "water", b"national_id,litres\n")
    assert response.status_code == 422
    assert response.json()["code"] == "feeds.unknown_agency"


def test_a_file_without_a_national_id_column_is_refused(client: TestClient, steward: dict[str, str]) -> None:
    response = _post(client, steward, "electricity", b"id,electricity_kwh_month\n1,2\n")
    assert response.status_code == 422
    assert response.json()["code"].startswith("import.")
