"""The citizen record's own rules: agreement with the national ID, names, mobiles, death."""

from __future__ import annotations

import datetime as dt

import pytest

from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.domain.shared.mobile import MobileNumber
from unicard.domain.shared.national_id import NationalId, Sex

TODAY = dt.date(2026, 11, 22)
ADULT_ID = "28503140300157"  # born 1985-03-14 in Port Said, male
CHILD_ID = "31501010300262"  # born 2015-01-01 in Port Said, female


def citizen(national_id: str = ADULT_ID, **overrides: object) -> Citizen:
    fields: dict[str, object] = {
        "national_id": NationalId.parse(national_id),
        "name_ar": "محمد أحمد علي حسن",
        "name_latin": None,
        "residence_governorate": "03",
        "mobile": MobileNumber.parse("01001234567"),
        "today": TODAY,
    } | overrides
    return Citizen.create(**fields)  # type: ignore[arg-type]


class TestCreate:
    def test_birth_date_and_sex_come_from_the_national_id(self) -> None:
        person = citizen()
        assert person.birth_date == dt.date(1985, 3, 14)
        assert person.sex is Sex.MALE

    def test_stated_birth_date_must_agree(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            citizen(birth_date=dt.date(1985, 3, 15))
        assert refused.value.code == "citizen.birth_date_mismatch"
        assert refused.value.params["encoded"] == "1985-03-14"

    def test_stated_sex_must_agree(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            citizen(sex=Sex.FEMALE)
        assert refused.value.code == "citizen.sex_mismatch"

    @pytest.mark.parametrize("name", ["", "   ", "Mohamed Ahmed", "محمد 2"])
    def test_arabic_name_must_be_arabic(self, name: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            citizen(name_ar=name)
        assert refused.value.params["field"] == "name_ar"

    def test_names_are_tidied(self) -> None:
        person = citizen(name_ar="  محمد   أحمد ", name_latin=" Mohamed  Ahmed ")
        assert (person.name_ar, person.name_latin) == ("محمد أحمد", "Mohamed Ahmed")

    def test_latin_name_refuses_digits(self) -> None:
        with pytest.raises(InvalidValue):
            citizen(name_latin="R2D2")

    @pytest.mark.parametrize("code", ["88", "05", "99", "x"])
    def test_residence_must_be_an_egyptian_governorate(self, code: str) -> None:
        with pytest.raises(InvalidValue) as refused:
            citizen(residence_governorate=code)
        assert refused.value.code == "citizen.residence_governorate"

    def test_a_minor_cannot_hold_a_registered_mobile(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            citizen(CHILD_ID)
        assert refused.value.code == "citizen.minor_mobile"
        assert citizen(CHILD_ID, mobile=None).mobile is None


class TestChanges:
    def test_change_makes_a_new_version_and_keeps_identity(self) -> None:
        person = citizen()
        changed = person.with_changes(today=TODAY, residence_governorate="01")
        assert changed.version == person.version + 1
        assert changed.national_id == person.national_id
        assert changed.residence_governorate == "01"
        assert changed.mobile == person.mobile

    def test_mobile_can_be_cleared(self) -> None:
        assert citizen().with_changes(today=TODAY, clear_mobile=True).mobile is None

    def test_deceased_record_cannot_change(self) -> None:
        dead = citizen().deceased(dt.date(2026, 1, 1), today=TODAY)
        with pytest.raises(Conflict):
            dead.with_changes(today=TODAY, name_latin="Someone")


class TestDeath:
    def test_death_is_recorded_once(self) -> None:
        dead = citizen().deceased(dt.date(2026, 1, 1), today=TODAY)
        assert not dead.is_alive
        with pytest.raises(Conflict):
            dead.deceased(dt.date(2026, 1, 2), today=TODAY)

    @pytest.mark.parametrize("day", [dt.date(1980, 1, 1), dt.date(2027, 1, 1)])
    def test_death_date_must_be_between_birth_and_today(self, day: dt.date) -> None:
        with pytest.raises(InvalidValue):
            citizen().deceased(day, today=TODAY)

    def test_snapshot_holds_the_whole_record(self) -> None:
        snapshot = citizen().snapshot()
        assert snapshot["national_id"] == ADULT_ID
        assert snapshot["mobile"] == "+201001234567"
        assert snapshot["birth_date"] == "1985-03-14"
