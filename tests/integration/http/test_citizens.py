"""Citizens over HTTP: register → read → update → history → death, masking, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from tests import factories
from tests.integration.http.conftest import Headers, SignIn, registration
from unicard.adapters.db.tables import audit_log, citizens
from unicard.bootstrap import Container
from unicard.domain.operators.operator import Role

CITIZENS = "/api/v1/citizens"
PORT_SAID = frozenset({"03"})


@pytest.fixture
def officer(sign_in: SignIn) -> Headers:
    return sign_in(Role.SUPPLY_OFFICER, governorates=PORT_SAID)


def register(client: TestClient, headers: Headers, **overrides: object) -> dict[str, object]:
    response = client.post(CITIZENS, json=registration(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def row_counts(container: Container) -> tuple[int, int]:
    with container.engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(citizens)).scalar_one(),
            connection.execute(select(func.count()).select_from(audit_log)).scalar_one(),
        )


class TestLifeOfARecord:
    def test_register_read_update_history_death(self, client: TestClient, officer: Headers) -> None:
        details = factories.citizen_details(birth=dt.date(1985, 3, 14), sex="M")
        created = client.post(
            CITIZENS, json=registration(details, name_latin="Mohamed Ahmed"), headers=officer
        )
        assert created.status_code == 201
        nid = details.national_id
        assert created.headers["Location"] == f"{CITIZENS}/{nid}"
        assert created.json() | {"mobile": None} == {
            "national_id": nid,
            "name_ar": "محمد أحمد علي حسن",
            "name_latin": "Mohamed Ahmed",
            "birth_date": "1985-03-14",
            "sex": "M",
            "birth_governorate": {"code": "03", "name_ar": "بورسعيد", "name_en": "Port Said"},
            "residence_governorate": {"code": "03", "name_ar": "بورسعيد", "name_en": "Port Said"},
            "mobile": None,
            "alive": True,
            "deceased_on": None,
            "version": 1,
            "household_number": None,
        }
        assert client.get(f"{CITIZENS}/{nid}", headers=officer).json() == created.json()

        changed = client.patch(
            f"{CITIZENS}/{nid}", json={"name_latin": None, "reason": "name was misspelt"}, headers=officer
        )
        assert changed.status_code == 200
        assert changed.json()["name_latin"] is None
        assert changed.json()["version"] == 2

        died = client.post(
            f"{CITIZENS}/{nid}/death",
            json={"date": "2026-11-01", "reason": "civil registry"},
            headers=officer,
        )
        assert died.status_code == 200
        assert died.json()["alive"] is False
        assert died.json()["deceased_on"] == "2026-11-01"

        history = client.get(f"{CITIZENS}/{nid}/history", headers=officer).json()
        assert [version["version"] for version in history] == [1, 2, 3]
        assert [version["reason"] for version in history] == [
            "registration",
            "name was misspelt",
            "civil registry",
        ]
        assert history[0]["record"]["name_latin"] == "Mohamed Ahmed"
        assert history[2]["record"]["alive"] is False

    def test_mobile_sent_as_null_is_removed_and_absent_is_kept(
        self, client: TestClient, officer: Headers
    ) -> None:
        nid = register(client, officer)["national_id"]
        kept = client.patch(
            f"{CITIZENS}/{nid}", json={"name_ar": "محمود أحمد", "reason": "r"}, headers=officer
        )
        assert kept.json()["mobile"] is not None
        removed = client.patch(
            f"{CITIZENS}/{nid}", json={"mobile": None, "reason": "line closed"}, headers=officer
        )
        assert removed.json()["mobile"] is None

    def test_a_national_id_in_arabic_digits_finds_the_citizen(
        self, client: TestClient, officer: Headers
    ) -> None:
        nid = str(register(client, officer)["national_id"])
        arabic = nid.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        assert client.get(f"{CITIZENS}/{arabic}", headers=officer).json()["national_id"] == nid

    def test_search_by_name_within_scope(self, client: TestClient, officer: Headers, sign_in: SignIn) -> None:
        nid = register(client, officer, name_ar="فاطمة محمود")["national_id"]
        found = client.get(CITIZENS, params={"name": "فاطمه"}, headers=officer).json()
        assert [item["national_id"] for item in found["items"]] == [nid]
        cairo = sign_in(Role.POST_CLERK, governorates=frozenset({"01"}))
        assert client.get(CITIZENS, params={"name": "فاطمة"}, headers=cairo).json()["items"] == []

    def test_search_without_criteria_is_too_broad(self, client: TestClient, officer: Headers) -> None:
        response = client.get(CITIZENS, headers=officer)
        assert response.status_code == 422
        assert response.json()["code"] == "search.too_broad"


class TestMasking:
    @pytest.mark.parametrize(
        ("role", "full"),
        [
            (Role.ADMIN, True),
            (Role.SUPPLY_OFFICER, True),
            (Role.POST_CLERK, True),
            (Role.HEALTH_OFFICER, False),
            (Role.AUDITOR, False),
        ],
    )
    def test_national_id_and_mobile_are_shown_by_role(
        self, client: TestClient, officer: Headers, sign_in: SignIn, role: Role, full: bool
    ) -> None:
        details = factories.citizen_details()
        register(client, officer, **registration(details))
        body = client.get(f"{CITIZENS}/{details.national_id}", headers=sign_in(role)).json()
        e164 = "+20" + str(details.mobile)[1:]
        if full:
            assert (body["national_id"], body["mobile"]) == (details.national_id, e164)
        else:
            assert body["national_id"] == "*" * 10 + details.national_id[-4:]
            assert body["mobile"] == e164[:6] + "*****" + e164[-2:]
            assert details.national_id not in str(body)

    def test_history_is_masked_for_auditors(
        self, client: TestClient, officer: Headers, sign_in: SignIn
    ) -> None:
        nid = str(register(client, officer)["national_id"])
        client.patch(f"{CITIZENS}/{nid}", json={"mobile": None, "reason": "line closed"}, headers=officer)
        history = client.get(f"{CITIZENS}/{nid}/history", headers=sign_in(Role.AUDITOR)).json()
        assert len(history) == 2
        assert nid not in str(history)
        assert "*****" in history[0]["record"]["mobile"]


class TestBadInput:
    @pytest.mark.parametrize(
        ("national_id", "code", "named"),
        [
            ("29002310300137", "national_id.birth_date", "31-02-1990"),
            ("2850314030013", "national_id.wrong_length", "13"),
            ("28503149900137", "national_id.governorate", "99"),
            ("48503140300137", "national_id.century", "4"),
            ("2850314030013x", "national_id.not_digits", "2850314030013x"),
        ],
    )
    def test_malformed_national_id_is_422_says_why_and_changes_nothing(
        self,
        client: TestClient,
        officer: Headers,
        container: Container,
        national_id: str,
        code: str,
        named: str,
    ) -> None:
        before = row_counts(container)
        response = client.post(CITIZENS, json=registration(national_id=national_id), headers=officer)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["code"] == code
        assert body["type"] == f"https://unicard.example/problems/{code}"
        assert body["field"] == "national_id"
        assert named in body["detail_ar"]
        assert named in body["detail_en"]
        assert row_counts(container) == before

    def test_the_birth_date_problem_reads_well_in_both_languages(
        self, client: TestClient, officer: Headers
    ) -> None:
        body = client.post(CITIZENS, json=registration(national_id="29002310300137"), headers=officer).json()
        assert body["detail_en"] == "the birth date 31-02-1990 in digits 2–7 does not exist"
        assert body["detail_ar"] == "تاريخ الميلاد 31-02-1990 في الأرقام من 2 إلى 7 غير موجود"
        assert (body["title_en"], body["title_ar"]) == ("Invalid data", "بيانات غير صحيحة")

    def test_malformed_national_id_in_the_path_is_422_not_404(
        self, client: TestClient, officer: Headers
    ) -> None:
        response = client.get(f"{CITIZENS}/12345", headers=officer)
        assert response.status_code == 422
        assert response.json()["code"] == "national_id.wrong_length"

    def test_unknown_citizen_is_404(self, client: TestClient, officer: Headers) -> None:
        response = client.get(f"{CITIZENS}/{factories.national_id()}", headers=officer)
        assert response.status_code == 404
        assert response.json()["code"] == "citizen.not_found"

    def test_duplicate_citizen_is_409_and_changes_nothing(
        self, client: TestClient, officer: Headers, container: Container
    ) -> None:
        body = registration()
        client.post(CITIZENS, json=body, headers=officer)
        before = row_counts(container)
        response = client.post(CITIZENS, json=body, headers=officer)
        assert response.status_code == 409
        assert response.json()["code"] == "citizen.duplicate"
        assert row_counts(container) == before

    def test_a_mobile_of_another_living_adult_is_409(self, client: TestClient, officer: Headers) -> None:
        first = registration()
        client.post(CITIZENS, json=first, headers=officer)
        response = client.post(CITIZENS, json=registration(mobile=first["mobile"]), headers=officer)
        assert response.status_code == 409
        assert response.json()["code"] == "citizen.mobile_taken"

    def test_missing_field_is_422_request_invalid_naming_it(
        self, client: TestClient, officer: Headers, container: Container
    ) -> None:
        before = row_counts(container)
        body = registration()
        del body["name_ar"]
        response = client.post(CITIZENS, json=body, headers=officer)
        assert response.status_code == 422
        problem = response.json()
        assert problem["code"] == "request.invalid"
        assert problem["field"] == "name_ar"
        assert problem["errors"] == [
            {
                "field": "name_ar",
                "code": "request.field_missing",
                "detail_ar": "الحقل «name_ar» مطلوب ولم يُرسَل",
                "detail_en": "the field “name_ar” is required but missing",
            }
        ]
        assert "name_ar" in problem["detail_ar"]
        assert "name_ar" in problem["detail_en"]
        assert row_counts(container) == before

    def test_update_without_a_reason_is_refused(self, client: TestClient, officer: Headers) -> None:
        nid = register(client, officer)["national_id"]
        response = client.patch(f"{CITIZENS}/{nid}", json={"name_ar": "محمود"}, headers=officer)
        assert response.status_code == 422
        assert response.json()["field"] == "reason"

    def test_misspelt_field_is_refused_not_ignored(self, client: TestClient, officer: Headers) -> None:
        response = client.post(CITIZENS, json=registration(mobil="01012345678"), headers=officer)
        assert response.json()["errors"][0]["code"] == "request.field_unknown"

    def test_body_that_is_not_json_is_422(self, client: TestClient, officer: Headers) -> None:
        response = client.post(
            CITIZENS, content=b"{not json", headers={**officer, "Content-Type": "application/json"}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["code"] == "request.body_not_json"

    def test_unknown_governorate_is_422(
        self, client: TestClient, officer: Headers, container: Container
    ) -> None:
        before = row_counts(container)
        response = client.post(CITIZENS, json=registration(residence_governorate="42"), headers=officer)
        assert response.status_code == 422
        assert response.json()["code"] == "citizen.residence_governorate"
        assert response.json()["field"] == "residence_governorate"
        assert "42" in response.json()["detail_ar"]
        assert row_counts(container) == before

    def test_stated_birth_date_must_agree_with_the_national_id(
        self, client: TestClient, officer: Headers
    ) -> None:
        response = client.post(CITIZENS, json=registration(birth_date="1985-03-15"), headers=officer)
        assert response.json()["code"] == "citizen.birth_date_mismatch"

    def test_a_death_in_the_future_names_the_date_field(self, client: TestClient, officer: Headers) -> None:
        nid = register(client, officer)["national_id"]
        response = client.post(
            f"{CITIZENS}/{nid}/death", json={"date": "2030-01-01", "reason": "typo"}, headers=officer
        )
        assert response.status_code == 422
        assert (response.json()["code"], response.json()["field"]) == ("citizen.death_date", "date")
        assert client.get(f"{CITIZENS}/{nid}", headers=officer).json()["alive"] is True

    def test_operator_out_of_scope_is_403(
        self, client: TestClient, officer: Headers, sign_in: SignIn, container: Container
    ) -> None:
        nid = register(client, officer)["national_id"]
        cairo = sign_in(Role.SUPPLY_OFFICER, governorates=frozenset({"01"}))
        before = row_counts(container)
        assert client.get(f"{CITIZENS}/{nid}", headers=cairo).json()["code"] == "operator.out_of_scope"
        response = client.post(CITIZENS, json=registration(), headers=cairo)
        assert response.status_code == 403
        assert response.json()["code"] == "operator.out_of_scope"
        assert row_counts(container) == before


class TestLanguage:
    @pytest.mark.parametrize(
        ("accept", "language"),
        [
            (None, "ar"),
            ("en", "en"),
            ("en-GB,en;q=0.9", "en"),
            ("fr, en;q=0.5, ar;q=0.8", "ar"),
            ("de", "ar"),
        ],
    )
    def test_accept_language_picks_title_and_detail_only(
        self, client: TestClient, officer: Headers, accept: str | None, language: str
    ) -> None:
        headers = {**officer, **({"Accept-Language": accept} if accept else {})}
        response = client.get(f"{CITIZENS}/12345", headers=headers)
        body = response.json()
        assert response.headers["Content-Language"] == language
        assert body["title"] == body[f"title_{language}"]
        assert body["detail"] == body[f"detail_{language}"]
        assert body["detail_ar"] != body["detail_en"]
