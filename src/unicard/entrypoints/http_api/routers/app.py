"""``/api/v1/app``: the citizen app — sign in with a code texted to the registered mobile, then
read one's own record. Citizen tokens only (``AppCitizen``); operator tokens are refused."""

from __future__ import annotations

from fastapi import APIRouter, status

from unicard.domain.app.otp import LIFETIME, REISSUE_INTERVAL
from unicard.domain.shared.mobile import MobileNumber
from unicard.entrypoints.http_api.citizen_auth import AppCitizen, CitizenTokensDep
from unicard.entrypoints.http_api.deps import ContainerDep, national_id_in
from unicard.entrypoints.http_api.schemas.app import (
    CitizenMe,
    CitizenToken,
    CodeRequest,
    CodeRequested,
    SessionRequest,
)
from unicard.services.app import session as app_session

router = APIRouter(prefix="/app", tags=["citizen app"])


@router.post(
    "/otp",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask for a sign-in code by SMS (same answer whether or not the details are registered)",
)
def request_code(container: ContainerDep, body: CodeRequest) -> CodeRequested:
    national_id = national_id_in(body.national_id, "national_id")
    mobile = MobileNumber.parse(body.mobile)
    app_session.request_sign_in_code(
        container.uow_factory, container.clock, container.otp_codes, national_id=national_id, mobile=mobile
    )
    return CodeRequested.of(int(LIFETIME.total_seconds()), int(REISSUE_INTERVAL.total_seconds()))


@router.post("/session", summary="Exchange the national ID and the texted code for a citizen token")
def open_session(container: ContainerDep, tokens: CitizenTokensDep, body: SessionRequest) -> CitizenToken:
    national_id = national_id_in(body.national_id, "national_id")
    app_session.sign_in(
        container.uow_factory, container.clock, container.otp_codes, national_id=national_id, code=body.code
    )
    issued = tokens.issue(national_id)
    return CitizenToken(access_token=issued.token, expires_in=issued.expires_in)


@router.get("/me", summary="The signed-in citizen's own record: name, mobile, household, wallet")
def me(citizen: AppCitizen, container: ContainerDep) -> CitizenMe:
    return CitizenMe.of(app_session.citizen_profile(container.uow_factory.reading, citizen))
